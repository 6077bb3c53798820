#!/usr/bin/env bash
# The morning run, for cron: fetch every feed, then digest what this run fetched (everything
# stored since the last run ended, up to the moment the fetch finished), watch alerts first, and
# mail it. Nothing is lost between runs: each run's window starts where the last one ended.
#
#   15 6 * * *  cd /path/to/bmfeed && scripts/daily-digest.sh >>data/digests/cron.log 2>&1
#
# Writes, when there is news, an alert or a failure to report:
#   data/digests/YYYY-MM-DD.md, .html, .txt   (a second run that day: YYYY-MM-DD-2.*, and so on)
# and always data/digests/atom/<feed>.atom (the last 30 days, for feed readers).
# Mails (when BMFEED_MAILTO is set) multipart/alternative: the plain text and the HTML page,
# through `sendmail -t`. A failed fetch is reported at the top of the digest and mailed too.
# Then runs `bmfeed watch check`, so the alerts mailed are marked seen.
# Exit status: 0 when the run worked (news or not), 1 when the fetch, digest or mail failed.
#
# Environment: BMFEED_MAILTO (recipient), BMFEED_CONFIG (default feeds.yml), BMFEED_DB (store),
# BMFEED_BIN (the bmfeed binary; default .build/release/bmfeed, else .build/debug/bmfeed),
# BMFEED_DIGESTS (output folder, default data/digests), BMFEED_NO_FETCH=1 (digest what is stored
# without fetching), BMFEED_NOW (replay a day: the clock of every step), NCBI_API_KEY, NCBI_EMAIL.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

bmfeed=${BMFEED_BIN:-}
if [ -z "$bmfeed" ]; then
  for candidate in .build/release/bmfeed .build/debug/bmfeed; do
    [ -x "$candidate" ] && { bmfeed=$candidate; break; }
  done
fi
[ -n "$bmfeed" ] || { swift build -c release --product bmfeed >&2 || exit 1; bmfeed=.build/release/bmfeed; }
config=${BMFEED_CONFIG:-feeds.yml}
dir=${BMFEED_DIGESTS:-data/digests}
mkdir -p "$dir/atom" || exit 1

exec 9>"$dir/.lock"
if ! flock -n 9; then
  echo "daily-digest: another run holds $dir/.lock; this one stops without doing anything" >&2
  exit 0
fi

work=$(mktemp -d "$dir/.run.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
common=(--config "$config")
[ -n "${BMFEED_DB:-}" ] && common+=(--db "$BMFEED_DB")
since=$(cat "$dir/.last" 2>/dev/null || echo 1d)
status=0
notices=()

if [ "${BMFEED_NO_FETCH:-}" != 1 ]; then
  # stderr goes to the log as it comes and is kept, to name the failure in the mail; stdout
  # stays stdout (fd 3). With pipefail the pipeline fails when fetch does, after tee has written.
  exec 3>&1
  if ! "$bmfeed" fetch "${common[@]}" 2>&1 >&3 | tee "$work/fetch.err" >&2; then
    # Short enough for a mail line: URLs without their query strings, server pages cut off.
    reason=$(grep -E '^bmfeed: ' "$work/fetch.err" | sed -e 's/^bmfeed: //' -e 's/?[^ :]*//g' -e 's/<[^>]*>//g' | cut -c1-160 | head -3 | paste -sd ';' -)
    notices+=(--notice "Fetch failed: ${reason:-see the cron log}. Below is what was stored; the next run fetches the rest.")
    echo "daily-digest: fetch failed (${reason:-see above}); the digest covers what was stored" >&2
    status=1
  fi
fi

# The window ends now, after the fetch: what this run stored is in it.
end=${BMFEED_NOW:-$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)}
day=${end%%T*}
digest() { "$bmfeed" digest "${common[@]}" --now "$end" "$@"; }
window=(--since "$since" --watch "${notices[@]}")

if ! summary=$(digest "${window[@]}" --format text --width 78 --output "$work/digest.txt" 2>&1 >/dev/null); then
  echo "daily-digest: digest failed: $summary" >&2
  if [ -n "${BMFEED_MAILTO:-}" ]; then
    printf 'To: %s\nSubject: bmfeed digest %s: FAILED\nContent-Type: text/plain; charset=utf-8\n\nThe daily run could not make the digest:\n%s\n' \
      "$BMFEED_MAILTO" "$day" "$summary" | sendmail -t
  fi
  exit 1
fi
summary=$(printf '%s\n' "$summary" | tail -1)
digest "${window[@]}" --format markdown --output "$work/digest.md" 2>/dev/null || status=1
digest "${window[@]}" --format html --output "$work/digest.html" 2>/dev/null || status=1
digest --since 30d --format atom --output "$dir/atom" 2>/dev/null || status=1

if [[ "$summary" == "digest: 0 new entries from"* && ${#notices[@]} -eq 0 ]]; then
  echo "daily-digest: nothing new since $since"
else
  # Same-day runs keep each other: DAY.md, then DAY-2.md, DAY-3.md …
  base="$dir/$day"
  n=2
  while [ -e "$base.md" ]; do base="$dir/$day-$n"; n=$((n + 1)); done
  for ext in txt md html; do [ -e "$work/digest.$ext" ] && mv "$work/digest.$ext" "$base.$ext"; done
  counts=${summary#digest: }
  counts=${counts%% from *}
  echo "daily-digest: $counts; wrote $base.md, $base.html, $base.txt"
  if [ -n "${BMFEED_MAILTO:-}" ]; then
    boundary="bmfeed-$(date +%s%N)-$$"
    subject="bmfeed digest $day: $counts"
    [ ${#notices[@]} -gt 0 ] && subject="bmfeed digest $day: FETCH FAILED; $counts"
    {
      printf 'To: %s\nSubject: %s\nMIME-Version: 1.0\n' "$BMFEED_MAILTO" "$subject"
      printf 'Content-Type: multipart/alternative; boundary="%s"\n\n' "$boundary"
      printf -- '--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' "$boundary"
      cat "$base.txt"
      printf -- '\n--%s\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' "$boundary"
      cat "$base.html"
      printf -- '\n--%s--\n' "$boundary"
    } | sendmail -t || { echo "daily-digest: sendmail failed" >&2; status=1; }
  fi
fi

# The alerts above are now seen; exit 10 only means there were some.
BMFEED_NOW="$end" "$bmfeed" watch check "${common[@]}" >/dev/null 2>"$work/watch.err"
watch_status=$?
if [ $watch_status -ne 0 ] && [ $watch_status -ne 10 ]; then
  echo "daily-digest: watch check failed: $(cat "$work/watch.err")" >&2
  status=1
fi
# The next run starts where this one's window ended.
echo "$end" >"$dir/.last"
exit $status

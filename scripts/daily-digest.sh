#!/usr/bin/env bash
# The morning run, for cron: fetch every feed, then write what is new since the last run to
# data/digests/YYYY-MM-DD.md and .html and data/digests/atom/<feed>.atom, and mail the Markdown
# through sendmail when BMFEED_MAILTO is set. A lock stops overlapping runs. Exit status: 0 when the
# run worked (new entries or not), non-zero only on failure.
#
#   15 6 * * *  cd /path/to/bmfeed && scripts/daily-digest.sh >>data/digests/cron.log 2>&1
#
# Environment: BMFEED_MAILTO (recipient), BMFEED_CONFIG (default feeds.yml), BMFEED_DB (store),
# BMFEED_BIN (the bmfeed binary; default .build/release/bmfeed, else .build/debug/bmfeed),
# BMFEED_DIGESTS (output folder, default data/digests), BMFEED_NO_FETCH=1 (digest what is stored
# without fetching), NCBI_API_KEY, NCBI_EMAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

bmfeed=${BMFEED_BIN:-}
if [ -z "$bmfeed" ]; then
  for candidate in .build/release/bmfeed .build/debug/bmfeed; do
    [ -x "$candidate" ] && { bmfeed=$candidate; break; }
  done
fi
[ -n "$bmfeed" ] || { swift build -c release --product bmfeed >&2; bmfeed=.build/release/bmfeed; }
config=${BMFEED_CONFIG:-feeds.yml}
dir=${BMFEED_DIGESTS:-data/digests}
mkdir -p "$dir/atom"

exec 9>"$dir/.lock"
if ! flock -n 9; then
  echo "daily-digest: another run holds $dir/.lock; this one stops without doing anything" >&2
  exit 0
fi

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
day=${now%%T*}
since=$(cat "$dir/.last" 2>/dev/null || echo 1d)
db_args=()
[ -n "${BMFEED_DB:-}" ] && db_args=(--db "$BMFEED_DB")

status=0
if [ "${BMFEED_NO_FETCH:-}" != 1 ]; then
  "$bmfeed" fetch --config "$config" "${db_args[@]}" || { echo "daily-digest: fetch failed (see above); writing the digest of what was stored" >&2; status=1; }
fi

digest() { "$bmfeed" digest --config "$config" "${db_args[@]}" --since "$since" --now "$now" "$@"; }
summary=$(digest --format markdown --output "$dir/$day.md" 2>&1 >/dev/null | tail -1)
digest --format html --output "$dir/$day.html" 2>/dev/null
digest --format atom --output "$dir/atom" 2>/dev/null
echo "$now" >"$dir/.last"

case "$summary" in
  "digest: 0 new entries"*)
    echo "daily-digest: nothing new since $since"
    ;;
  *)
    echo "daily-digest: ${summary#digest: }; wrote $dir/$day.md, $dir/$day.html, $dir/atom/"
    if [ -n "${BMFEED_MAILTO:-}" ]; then
      { printf 'To: %s\nSubject: bmfeed digest %s\nContent-Type: text/plain; charset=utf-8\n\n' "$BMFEED_MAILTO" "$day"; cat "$dir/$day.md"; } \
        | sendmail -t || { echo "daily-digest: sendmail failed" >&2; status=1; }
    fi
    ;;
esac
exit $status

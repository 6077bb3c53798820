#!/usr/bin/env bash
# Fuzzes each parser with libFuzzer: PubMed XML, ClinicalTrials.gov API v2 JSON, feeds.yml.
#
#   scripts/fuzz.sh [SECONDS=600] [pubmed|trials|feeds ...]
#
# Builds Fuzz/BMFeedFuzz (declared in Package.swift only when BMFEED_FUZZ is set; one binary,
# BMFEED_FUZZ_TARGET picks the parser) with
# -sanitize=fuzzer,address into .build/fuzz (its main hands over to libFuzzer's LLVMFuzzerRunDriver,
# since SwiftPM names an executable's entry point itself; linked by lld, as gold crashes on it), seeds each from the repo's own real-format samples
# and fixtures (and ../shared/realdata when present), runs each for SECONDS, and prints one row
# per target: executions, corpus size, crashes. Inputs that crash or break a property
# (Sources/FeedKitTesting/FuzzChecks.swift) land in .build/fuzz/crashes/; copy them into
# Tests/Fixtures/fuzz/<target>/ so FuzzRegressionTests replays them. Exits 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pubmed trials feeds)
work=.build/fuzz
mkdir -p "$work/crashes"

flags=(--build-path "$work" -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
BMFEED_FUZZ=1 swift build "${flags[@]}" --product BMFeedFuzz >&2
binary=$(BMFEED_FUZZ=1 swift build "${flags[@]}" --show-bin-path)/BMFeedFuzz

# seed TARGET DIR: real-format inputs to start from, one file each.
seed() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  cp Tests/Fixtures/fuzz/"$target"/* "$dir"/ 2>/dev/null || true
  case "$target" in
    pubmed)
      cp data/samples/*.xml Sources/FeedKitTesting/Fixtures/*.xml "$dir"/ 2>/dev/null || true
      find ../shared/realdata/pubmed/efetch -name '*.xml' -size -200k -exec cp {} "$dir"/ \; 2>/dev/null || true
      ;;
    trials)
      local n=0 file line
      for file in data/samples/*.jsonl; do
        while IFS= read -r line; do
          n=$((n + 1))
          printf '%s' "$line" >"$dir/line-$n.json"
        done <"$file"
      done
      find ../shared/realdata/ctgov/v2 -name '*.json' -size -200k -exec cp {} "$dir"/ \; 2>/dev/null || true
      ;;
    feeds)
      cp feeds.yml "$dir/feeds.yml"
      find Tests Sources/FeedKitTesting -name '*.yml' -size -50k -exec cp {} "$dir"/ \; 2>/dev/null || true
      ;;
    *)
      echo "fuzz: no target \"$target\"; use pubmed, trials or feeds" >&2
      exit 64
      ;;
  esac
  [ -n "$(ls -A "$dir")" ] || printf 'x' >"$dir/empty"
}

failed=0
printf '%-15s %10s %12s %8s %8s\n' target seconds executions corpus crashes
for target in "${targets[@]}"; do
  corpus=$work/corpus/$target
  seeds=$work/seeds/$target
  rm -rf "$seeds"
  seed "$target" "$seeds"
  mkdir -p "$corpus"
  log=$work/$target.log
  before=$(ls "$work/crashes" | grep -c "^$target-" || true)
  set +e
  BMFEED_FUZZ_TARGET=$target "$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$work/crashes/$target-" >"$log" 2>&1
  status=$?
  set -e
  after=$(ls "$work/crashes" | grep -c "^$target-" || true)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  size=$(ls "$corpus" | wc -l)
  crashes=$((after - before))
  printf '%-15s %10s %12s %8s %8s\n' "$target" "$seconds" "$runs" "$size" "$crashes"
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    grep -m3 -E 'ERROR|Fatal error|SUMMARY' "$log" >&2 || tail -5 "$log" >&2
  fi
done
exit "$failed"

#!/usr/bin/env bash
# Scores bmfeed's tagger: precision, recall and F1 per tag kind on the hand-labelled gold set
# (Tests/Fixtures/tagging/gold.jsonl) and, when ../shared/realdata is beside the repository, on the
# real oncology records labelled in Tests/Fixtures/tagging/oncology-expected.jsonl.
# Usage: scripts/eval-tagging.sh [--explain]   (--explain lists every miss)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -n "${BMFEED_BIN:-}" ] || swift build --product bmfeed >&2
bmfeed=${BMFEED_BIN:-.build/debug/bmfeed}

echo "== gold set"
"$bmfeed" tag --evaluate Tests/Fixtures/tagging/gold.jsonl "$@"

oncology=../shared/realdata/pubmed/oncology
if [ -d "$oncology" ]; then
  merged=$(mktemp /tmp/bmfeed-oncology.XXXXXX.jsonl)
  trap 'rm -f "$merged"' EXIT
  scripts/oncology-records.py "$oncology"/*.xml | python3 -c '
import json, sys
expected = {}
for line in open("Tests/Fixtures/tagging/oncology-expected.jsonl", encoding="utf-8"):
    if line.startswith("{"):
        entry = json.loads(line)
        expected[entry.pop("pmid")] = entry
for line in sys.stdin:
    record = json.loads(line)
    if record["pmid"] in expected:
        print(json.dumps({"text": record["text"], **expected[record["pmid"]]}, ensure_ascii=False))
' >"$merged"
  echo
  echo "== real oncology records ($oncology)"
  "$bmfeed" tag --evaluate "$merged" "$@"
else
  echo "(../shared/realdata not found: real-record evaluation skipped)"
fi

#!/usr/bin/env bash
# Tagging throughput on abstract text (release build, one core): `bmfeed tag --lines` over one
# abstract per line (end to end: start, ontology, JSON out), beside `wc -w` on the same file as a
# floor for "reading the words", then the tagger alone (`--counts` times only the tagging).
# Abstracts come from NCBI's real update file when bench/pubmed21n1298.xml.gz is there
# (scripts/bench-ingest.sh --real fetches it), else from the generated file of bench-ingest.sh.
# Usage: scripts/bench-tagging.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
[ "${1:-}" = "--runs" ] && runs=$2
scripts/setup.sh
swift build -c release --product bmfeed >&2
mkdir -p bench
text=bench/abstracts.txt
if [ ! -f "$text" ]; then
  source=bench/pubmed21n1298.xml.gz
  [ -f "$source" ] || source=bench/generated-250mb.xml
  [ -f "$source" ] || { scripts/gen-pubmed.py bench/generated-250mb.xml 250; source=bench/generated-250mb.xml; }
  python3 - "$source" "$text" <<'PY'
import gzip, sys, xml.etree.ElementTree as ET
source, target = sys.argv[1], sys.argv[2]
opener = gzip.open if source.endswith(".gz") else open
with opener(source, "rb") as f, open(target, "w", encoding="utf-8") as out:
    for _, element in ET.iterparse(f):
        if element.tag == "Abstract":
            text = " ".join("".join(part.itertext()) for part in element.findall("AbstractText"))
            if text:
                out.write(" ".join(text.split()) + "\n")
            element.clear()
        elif element.tag in ("PubmedArticle", "PubmedBookArticle"):
            element.clear()
PY
fi
bytes=$(stat -c %s "$text"); lines=$(wc -l <"$text")
megabytes=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
echo "== $text: $megabytes MB, $lines abstracts; median of $runs runs"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_of() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o bench/time.log "$@" <"$text" >/dev/null
    tail -1 bench/time.log
  done | median
}
for row in "wc -w|$(time_of wc -w)" "bmfeed tag --lines --format json|$(time_of .build/release/bmfeed tag --lines --format json -)"; do
  label=${row%%|*}; s=${row#*|}
  awk -v l="$label" -v s="$s" -v r="$lines" -v mb="$megabytes" 'BEGIN { if (s <= 0) s = 0.01; printf "%-36s %7.2f s %10.0f abstracts/s %7.1f MB/s\n", l, s, r / s, mb / s }'
done
echo "tagging alone (bmfeed tag --lines --counts, its own clock, 3 runs):"
for _ in 1 2 3; do .build/release/bmfeed tag --lines --counts - <"$text" 2>&1 >/dev/null | tail -1; done

#!/usr/bin/env bash
# peak-rss.sh: peak memory, time and exit code of bmfeed on hostile inputs.
#
# Builds each input in a temporary folder (streamed, never held in memory), runs
#   bmfeed ingest --pubmed FILE | --ctgov FILE   (a fresh --db each, the ontology beside the config)
#   bmfeed stats --config HOSTILE.yml            (for the feeds files)
# under /usr/bin/time -v (else python3's getrusage(RUSAGE_CHILDREN)), killed at 90 s, and prints
# one row per input: input | size | exit | seconds | peak RSS MB | first stderr line.
#
# Inputs: PubMed XML nested 90,000 deep (0.6 MB); a ~10 MB gzip that inflates to 10 GiB (one
# record whose AbstractText is a run of "A", written as 10,240 concatenated gzip members of
# 1 MiB each, which RFC 1952 allows and zlib reads as one stream: seconds to build, where piping
# 10 GiB through gzip takes minutes); the same 10 GiB as 10,240 records of 1 MiB each (~15 MB
# of gzip; no text node or record is over a limit, only the inflation ratio); a 200 MB text node
# in plain XML; 200 records of 1 MiB each in plain XML (each under every limit); one record
# whose abstract is 3 MiB of gene and drug names (the tagger's worst case); a 100 MB JSON line
# in a .jsonl followed by a good study; a ~1.1 MB feeds.yml with 2,000 aliases of a 1 MB string;
# a ~200 KB one with 2,000 aliases of a 100 KB string; a "billion laughs" feeds.yml (9 levels of
# 10 aliases); and, for comparison, about 20,000 ordinary records from scripts/gen-pubmed.py.
#
# Exits 1 if any run peaks at 200 MB RSS or more, crashes (exit >= 128) or runs past 90 s.
# Refusing an input (exit 1 or 2 with a message) is the expected outcome, not a failure here.
# The temporary folder (about 650 MB) is removed on exit unless KEEP=1.
#
# Usage: scripts/peak-rss.sh [BMFEED_BINARY]
#   BMFEED_BINARY  default .build/debug/bmfeed, else .build/release/bmfeed
#   KEEP=1  keep the work folder (inputs, each run's stderr) and print where it is.
# Needs bash, python3 and coreutils (timeout); installs nothing; no network.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO="$(dirname "$HERE")"
readonly RUN_LIMIT=90
readonly RSS_LIMIT_MB=200

BIN=""
WORK=""
declare -a ROWS=() BROKEN=()

# shellcheck source=scripts/lib-measure.sh
source "$REPO/scripts/lib-measure.sh"

cleanup() { remove_work peak-rss; }

# A plain feeds.yml with the ontology beside it, so ingest tags as it would in use.
make_config() {
    mkdir -p "$WORK/config/data"
    cp -R "$REPO/data/ontology" "$WORK/config/data/ontology"
    cat >"$WORK/config/feeds.yml" <<'YAML'
version: 1
lookback: 30d
feeds:
  - name: her2-low
    biomarker: HER-2 underexpression
    pubmed: ("HER2-low"[tiab] OR "trastuzumab deruxtecan"[tiab]) AND breast
    clinicaltrials:
      cond: breast cancer
      term: HER2-low
YAML
}

# Writes the hostile inputs; each generator streams to disk.
make_inputs() {
    local out="$WORK/inputs"
    mkdir -p "$out"
    python3 - "$out" <<'PY'
import gzip, os, sys

out = sys.argv[1]
PROLOG = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
          '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')
HEAD = ('<PubmedArticle><MedlineCitation Status="Publisher" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        '<Article PubModel="Electronic"><Journal><Title>Example journal of hostile input</Title></Journal>'
        '<ArticleTitle>A record built to exhaust a parser.</ArticleTitle><Abstract><AbstractText>')
TAIL = ('</AbstractText></Abstract><Language>eng</Language></Article></MedlineCitation><PubmedData><History>'
        '<PubMedPubDate PubStatus="entrez"><Year>2026</Year><Month>11</Month><Day>20</Day></PubMedPubDate></History>'
        '<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>\n')
END = '</PubmedArticleSet>\n'
MIB = 1 << 20

def path(name):
    return os.path.join(out, name)

# 90,000 nested elements inside one record's abstract: 0.6 MB.
with open(path("nested-90k.xml"), "w") as f:
    f.write(PROLOG + HEAD.format(pmid=99200001))
    f.write("<i>" * 90_000 + "deep" + "</i>" * 90_000)
    f.write(TAIL.format(pmid=99200001) + END)

# A gzip bomb: one record whose abstract is 10 GiB of "A", as concatenated members.
with open(path("bomb-10g.xml.gz"), "wb") as f:
    f.write(gzip.compress((PROLOG + HEAD.format(pmid=99200002)).encode(), 9))
    member = gzip.compress(b"A" * MIB, 9)
    for _ in range(10 * 1024):
        f.write(member)
    f.write(gzip.compress((TAIL.format(pmid=99200002) + END).encode(), 9))

# The same 10 GiB as 10,240 ordinary-looking records of 1 MiB each: no text node or record is
# over a limit, so only the inflation ratio can stop it.
with open(path("bomb-records-10g.xml.gz"), "wb") as f:
    f.write(gzip.compress(PROLOG.encode(), 9))
    for index in range(10 * 1024):
        pmid = 99300001 + index
        f.write(gzip.compress(HEAD.format(pmid=pmid).encode(), 9))
        f.write(member)
        f.write(gzip.compress(TAIL.format(pmid=pmid).encode(), 9))
    f.write(gzip.compress(END.encode(), 9))

# One 200 MB text node in plain XML, after a good record.
with open(path("text-200m.xml"), "w") as f:
    f.write(PROLOG + HEAD.format(pmid=99200003) + "A short and proper abstract." + TAIL.format(pmid=99200003))
    f.write(HEAD.format(pmid=99200004))
    chunk = "A" * MIB
    for _ in range(200):
        f.write(chunk)
    f.write(TAIL.format(pmid=99200004) + END)

# 200 records of 1 MiB each in plain XML (200 MB): every record and text node is under its limit.
with open(path("records-200x1m.xml"), "w") as f:
    f.write(PROLOG)
    chunk = "A" * MIB
    for index in range(200):
        f.write(HEAD.format(pmid=99400001 + index) + chunk + TAIL.format(pmid=99400001 + index))
    f.write(END)

# One record whose abstract is 3 MiB of gene and drug names (under the 10 MB text limit).
with open(path("terms-3m.xml"), "w") as f:
    f.write(PROLOG + HEAD.format(pmid=99500001))
    words = "HER2-low trastuzumab deruxtecan EGFR L858R osimertinib KRAS G12C sotorasib "
    f.write((words * (3 * MIB // len(words) + 1))[: 3 * MIB])
    f.write(TAIL.format(pmid=99500001) + END)

# A 100 MB JSON line, then a good API v2 study.
good = ('{"protocolSection":{"identificationModule":{"nctId":"NCT09992002","orgStudyIdInfo":{"id":"HOSTILE-2"},'
        '"organization":{"fullName":"Example Oncology Group","class":"OTHER"},"briefTitle":"A Good Study After a Hostile Line",'
        '"officialTitle":"A Made-up Phase 2 Study of Trastuzumab Deruxtecan in HER2-low Breast Cancer"},'
        '"statusModule":{"statusVerifiedDate":"2026-11","overallStatus":"RECRUITING","startDateStruct":{"date":"2025-03","type":"ACTUAL"},'
        '"studyFirstSubmitDate":"2025-01-10","studyFirstPostDateStruct":{"date":"2025-01-15","type":"ACTUAL"},'
        '"lastUpdateSubmitDate":"2026-11-20","lastUpdatePostDateStruct":{"date":"2026-11-20","type":"ACTUAL"}},'
        '"sponsorCollaboratorsModule":{"leadSponsor":{"name":"Example Oncology Group","class":"OTHER"}},'
        '"conditionsModule":{"conditions":["HER2-low Breast Cancer"]},'
        '"designModule":{"studyType":"INTERVENTIONAL","phases":["PHASE2"],"enrollmentInfo":{"count":60,"type":"ESTIMATED"}},'
        '"armsInterventionsModule":{"interventions":[{"type":"DRUG","name":"Trastuzumab deruxtecan"}]}},'
        '"derivedSection":{"miscInfoModule":{"versionHolder":"2026-11-20"}},"hasResults":false}\n')
with open(path("line-100m.jsonl"), "w") as f:
    f.write('{"protocolSection":{"identificationModule":{"nctId":"NCT09992001","briefTitle":"')
    chunk = "A" * MIB
    for _ in range(100):
        f.write(chunk)
    f.write('"}},"hasResults":false}\n')
    f.write(good)

def feeds_with_aliases(name, anchor_name, anchor_bytes, aliases):
    with open(path(name), "w") as f:
        f.write("version: 1\nfeeds:\n  - name: hostile\n    biomarker: &%s \"" % anchor_name)
        f.write("A" * anchor_bytes)
        f.write("\"\n    pubmed: breast\n    drugs:\n")
        f.write(("      - *%s\n" % anchor_name) * aliases)

# 1 MiB anchored string, 2,000 aliases: ~1.1 MB on disk.
feeds_with_aliases("feeds-1m-aliases.yml", "a_1mb_string_that_every_alias_repeats", MIB, 2000)
# 100 KiB anchored string, 2,000 aliases (a long anchor name brings the file to ~200 KB): 200 MB once expanded.
feeds_with_aliases("feeds-200k-aliases.yml", "a_100kb_string_that_every_alias_repeats", 100 * 1024, 2000)

# Billion laughs: 9 levels of 10 aliases each (10^9 strings once expanded).
with open(path("feeds-laughs.yml"), "w") as f:
    f.write("version: 1\nfeeds:\n  - name: hostile\n    biomarker: x\n    pubmed: breast\nwatch:\n  drugs:\n")
    f.write('    - &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n')
    for level in range(1, 9):
        f.write("    - &l%d [%s]\n" % (level, ",".join(["*l%d" % (level - 1)] * 10)))
PY
    # The comparison: about 20,000 ordinary records (gen-pubmed.py takes megabytes, so measure first).
    local probe="$WORK/probe.xml" records megabytes
    records="$(python3 "$HERE/gen-pubmed.py" "$probe" 1 2>&1 | sed -n 's/.*: \([0-9]*\) records.*/\1/p')"
    [[ "$records" =~ ^[0-9]+$ && "$records" -gt 0 ]] || { echo "peak-rss: gen-pubmed.py gave no record count" >&2; exit 2; }
    megabytes="$(awk -v r="$records" 'BEGIN { printf "%.2f", 20000 / r }')"
    rm -f "$probe"
    python3 "$HERE/gen-pubmed.py" "$out/normal-20k.xml" "$megabytes" 2>"$WORK/gen-pubmed.log"
}

# Runs a command under the RSS meter; prints "exit seconds peak-kB" and leaves stderr in $2.
measure() {
    local label="$1" stderr_file="$2"
    shift 2
    local meter="$WORK/meter-$label" started rc kb
    started="$EPOCHREALTIME"
    set +e
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v -o "$meter" timeout -k 5 "$RUN_LIMIT" "$@" </dev/null >/dev/null 2>"$stderr_file"
        rc=$?
        kb="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$meter")"
    else
        python3 -c '
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(128 - code if code < 0 else code)
' "$stderr_file" timeout -k 5 "$RUN_LIMIT" "$@" >"$meter"
        rc=$?
        kb="$(cat "$meter")"
    fi
    set -e
    printf '%s %s %s\n' "$rc" "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" "${kb:-?}"
}

# "12.3 MB" for a file.
human_size() {
    awk -v b="$(stat -c %s "$1")" 'BEGIN { if (b >= 1048576) printf "%.1f MB", b / 1048576; else printf "%.0f KB", b / 1024 }'
}

# The first stderr line that says something (not ingest's periodic progress), cut to 80 characters.
first_line() {
    local line
    line="$(grep -v -m 1 -E 'records/s|^$' "$1" || true)"
    printf '%s' "${line:-(nothing on stderr)}" | cut -c 1-80
}

# Runs one input and records its row.
run_input() {
    local label="$1" input="$2"
    shift 2
    local err="$WORK/$label.stderr" rc secs kb
    read -r rc secs kb < <(measure "$label" "$err" "$@")
    local mb="?"
    [[ "$kb" =~ ^[0-9]+$ ]] && mb="$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
    local verdict=ok
    if ((rc == 124)) || awk -v s="$secs" -v m="$RUN_LIMIT" 'BEGIN { exit !(s >= m) }'; then
        BROKEN+=("$label: ran past ${RUN_LIMIT} s (exit $rc)")
        verdict=FAIL
    elif ((rc >= 128)); then
        BROKEN+=("$label: crashed (exit $rc): $(first_line "$err")")
        verdict=FAIL
    fi
    if [[ "$mb" == "?" ]] || awk -v m="$mb" -v l="$RSS_LIMIT_MB" 'BEGIN { exit !(m >= l) }'; then
        BROKEN+=("$label: peak RSS ${mb} MB (limit ${RSS_LIMIT_MB} MB)")
        verdict=FAIL
    fi
    ROWS+=("$label|$(human_size "$input")|$rc|$secs|$mb|$verdict|$(first_line "$err")")
    printf 'peak-rss: %-24s exit %-4s %6s s %8s MB  %s\n' "$label" "$rc" "$secs" "$mb" "$verdict" >&2
}

ingest() {
    local kind="$1" label="$2" file="$3"
    run_input "$label" "$file" "$BIN" ingest --config "$WORK/config/feeds.yml" --db "$WORK/$label.sqlite" "--$kind" "$file"
}

stats_with() {
    local label="$1" file="$2"
    run_input "$label" "$file" "$BIN" stats --config "$file" --db "$WORK/$label.sqlite"
}

print_table() {
    local format='%-24s | %-9s | %-4s | %7s | %11s | %-5s | %s\n'
    # shellcheck disable=SC2059
    printf "$format" input size exit seconds "peak RSS MB" check "first stderr line"
    printf '%s\n' "$(printf '%.0s-' {1..150})"
    local row
    local -a f=()
    for row in "${ROWS[@]}"; do
        IFS='|' read -r -a f <<<"$row"
        # shellcheck disable=SC2059
        printf "$format" "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${f[5]}" "${f[6]:-}"
    done
}

main() {
    if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then usage; exit 0; fi
    resolve_binary peak-rss "${1:-}"
    command -v python3 >/dev/null || { echo "peak-rss: python3 is needed to build the inputs" >&2; exit 2; }
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/bmfeed-peak-rss.XXXXXX")"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    make_config
    echo "peak-rss: building inputs in $WORK" >&2
    make_inputs
    local in="$WORK/inputs"
    ingest pubmed nested-90k.xml "$in/nested-90k.xml"
    ingest pubmed bomb-10g.xml.gz "$in/bomb-10g.xml.gz"
    ingest pubmed bomb-records-10g.xml.gz "$in/bomb-records-10g.xml.gz"
    ingest pubmed text-200m.xml "$in/text-200m.xml"
    ingest pubmed records-200x1m.xml "$in/records-200x1m.xml"
    ingest pubmed terms-3m.xml "$in/terms-3m.xml"
    ingest ctgov line-100m.jsonl "$in/line-100m.jsonl"
    stats_with feeds-1m-aliases.yml "$in/feeds-1m-aliases.yml"
    stats_with feeds-200k-aliases.yml "$in/feeds-200k-aliases.yml"
    stats_with feeds-laughs.yml "$in/feeds-laughs.yml"
    ingest pubmed normal-20k.xml "$in/normal-20k.xml"
    echo
    print_table
    if ((${#BROKEN[@]} > 0)); then
        echo
        echo "Broken limits:"
        printf '  %s\n' "${BROKEN[@]}"
        exit 1
    fi
    echo
    echo "Every run stayed under ${RSS_LIMIT_MB} MB and ${RUN_LIMIT} s without crashing."
}

main "$@"

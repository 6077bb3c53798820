#!/usr/bin/env python3
"""Scores the tagger on the independent unseen set (Tests/Fixtures/tagging/unseen-labels.jsonl).

    scripts/unseen-set.py FOLDER_WITH_NCBI_FILES > /tmp/unseen-texts.jsonl
    scripts/eval-unseen.py /tmp/unseen-texts.jsonl [--bmfeed .build/debug/bmfeed] [--misses] [--labels FILE]

The labels were written by hand in neutral terms, without the tagger or its ontology: genes as
HGNC symbols, drugs by any of their names, alterations as "SYMBOL state" (Tests/Fixtures/tagging/
UNSEEN.md). This script maps the tagger's display tags to those terms through the ontology (the
scorer may read it; the labeller did not) and prints precision and recall per kind and per set.
Mapping, and nothing more generous: a gene display to its `hgnc` symbol (biomarkers without one,
MSI/MMR/TMB, are not genes); a drug to every name of its entry (a label matches any of them); an
alteration's gene part the same way (PD-L1's states stay "PD-L1 …", as labelled), "underexpression"
read as "low", and MSI/TMB/MMR positive as MSI-H/TMB-high/dMMR. Two label states are read as the
tagger's vocabulary names them (domain.md): "high" as overexpression (as "low" is underexpression)
and "rearrangement" as fusion. A family's state ("BRCA mutation") counts for each of its
`members` (genes.yml), as the labels name them.
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys

import yaml  # PyYAML (Debian: python3-yaml); the ontology is YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABELS = ROOT / "Tests" / "Fixtures" / "tagging" / "unseen-labels.jsonl"
ONTOLOGY = ROOT / "data" / "ontology"
KINDS = ["genes", "alterations", "drugs", "phases"]
SPECIAL = {"MSI positive": "MSI-H", "TMB positive": "TMB-high", "MMR positive": "dMMR", "MMR negative": "pMMR"}
# Displays that are already the labels' terms.
# Label states read as the tagger's vocabulary names them (after `neutral` maps the tagger's).
LABEL_STATES = {"overexpression": "high", "rearrangement": "fusion"}
SAME = {"MSI-H", "MSS", "TMB-high", "TMB-low", "dMMR", "pMMR", "triple negative"}


def ontology():
    genes = yaml.safe_load((ONTOLOGY / "genes.yml").read_text(encoding="utf-8"))["genes"]
    symbol_to_hgnc = {g["symbol"]: g.get("hgnc") for g in genes}
    members = {g["symbol"]: g["members"] for g in genes if g.get("members")}
    drugs = yaml.safe_load((ONTOLOGY / "drugs.yml").read_text(encoding="utf-8"))["drugs"]
    drug_names = {entry[0]: {str(name).lower() for name in entry} for entry in drugs}
    return symbol_to_hgnc, drug_names, members


def neutral(tags, symbol_to_hgnc, members):
    genes = set()
    for display in tags.get("genes", []):
        symbol = display.split(" (")[0]
        hgnc = symbol_to_hgnc.get(symbol, symbol)
        if hgnc:
            genes.add(hgnc)
    alterations = set()
    for display in tags.get("alterations", []):
        if display in SPECIAL or display in SAME:
            alterations.add(SPECIAL.get(display, display))
            continue
        symbol, _, state = display.partition(" ")
        # The labels name PD-L1's states as "PD-L1 …" (UNSEEN.md), its gene as CD274.
        state = {"underexpression": "low", "overexpression": "high"}.get(state, state)
        for gene in members.get(symbol, [symbol]):
            hgnc = "PD-L1" if gene == "PD-L1" else symbol_to_hgnc.get(gene) or gene
            alterations.add("%s %s" % (hgnc, state))
    return {"genes": genes, "alterations": alterations, "phases": set(tags.get("phases", []))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", help="JSONL of {pmid, text} from scripts/unseen-set.py")
    parser.add_argument("--bmfeed", default=str(ROOT / ".build" / "debug" / "bmfeed"))
    parser.add_argument("--misses", action="store_true", help="print every wrong record")
    parser.add_argument("--labels", default=str(LABELS), help="the label file (default: unseen-labels.jsonl; "
                        "unseen-b-labels.jsonl is the second, later set)")
    args = parser.parse_args()
    labels = [json.loads(line) for line in pathlib.Path(args.labels).read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    texts = {}
    for line in open(args.texts, encoding="utf-8"):
        record = json.loads(line)
        texts[record["pmid"]] = record["text"]
    labels = [label for label in labels if label["pmid"] in texts]
    if not labels:
        sys.exit("eval-unseen: no labelled PMID found in %s" % args.texts)
    # One record a line: newlines inside a text would split it.
    lines = "\n".join(" ".join(texts[label["pmid"]].split()) for label in labels) + "\n"
    output = subprocess.run(
        [args.bmfeed, "tag", "--lines", "--format", "json"], input=lines, capture_output=True, text=True, check=True
    ).stdout
    found = [json.loads(line) for line in output.splitlines() if line.strip()]
    symbol_to_hgnc, drug_names, members = ontology()
    scores = collections.defaultdict(lambda: [0, 0, 0])
    for label, tags in zip(labels, found):
        got = neutral(tags, symbol_to_hgnc, members)
        for kind in KINDS:
            want = {str(v) for v in label.get(kind, [])}
            if kind == "alterations":
                want = {LABEL_STATES.get(v.partition(" ")[2], None) and "%s %s" % (v.partition(" ")[0], LABEL_STATES[v.partition(" ")[2]]) or v
                        for v in want}
            if kind == "drugs":
                entries = [drug_names.get(display, {display.lower()}) for display in tags.get("drugs", [])]
                matched = {w for w in want if any(w.lower() in names for names in entries)}
                tp = len(matched)
                fp = sum(1 for names in entries if not any(w.lower() in names for w in want))
                fn = len(want) - tp
                miss = (sorted(want - matched), [sorted(n)[0] for n in entries if not any(w.lower() in n for w in want)])
            else:
                tp, fp, fn = len(want & got[kind]), len(got[kind] - want), len(want - got[kind])
                miss = (sorted(want - got[kind]), sorted(got[kind] - want))
            for key in (kind, "%s/%s" % (label.get("set", "?"), kind)):
                scores[key][0] += tp
                scores[key][1] += fp
                scores[key][2] += fn
            if args.misses and (miss[0] or miss[1]):
                print("%s %s missing %s unexpected %s" % (label["pmid"], kind, miss[0], miss[1]))
    print("%-22s %5s %5s %5s %9s %7s" % ("kind", "TP", "FP", "FN", "precision", "recall"))
    for key in sorted(scores, key=lambda k: (k.count("/"), k)):
        tp, fp, fn = scores[key]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print("%-22s %5d %5d %5d %9.3f %7.3f" % (key, tp, fp, fn, precision, recall))
    print("%d records" % len(labels))


if __name__ == "__main__":
    main()

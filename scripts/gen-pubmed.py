#!/usr/bin/env python3
"""Writes a large PubMed XML file for benchmarks, from the made-up records in data/samples/.

Each record is copied with a fresh PMID (and a spread of entrez dates) until the file reaches the
asked size, inside the real prolog, DOCTYPE and PubmedArticleSet wrapper.
Usage: scripts/gen-pubmed.py OUT.xml [MEGABYTES=250]
"""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 250) * 1024 * 1024)

records = []
for sample in sorted((root / "data" / "samples").glob("*.xml")):
    text = sample.read_text(encoding="utf-8")
    records += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, flags=re.S)
if not records:
    sys.exit("no records in data/samples")

own_pmid_re = re.compile(r'(<PMID Version="1">)\d+(<)')
pubmed_id_re = re.compile(r'(<ArticleId IdType="pubmed">)\d+(<)')
entrez_re = re.compile(r'(<PubMedPubDate PubStatus="entrez"><Year>)\d+(</Year><Month>)\d+(</Month><Day>)\d+')

with out.open("w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
            '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')
    written, count = 0, 0
    while written < target:
        record = records[count % len(records)]
        pmid = 60_000_000 + count
        # Only the record's own PMID (the first) changes; linked PMIDs in corrections stay as they are.
        record = own_pmid_re.sub(lambda m: f"{m.group(1)}{pmid}{m.group(2)}", record, count=1)
        record = pubmed_id_re.sub(lambda m: f"{m.group(1)}{pmid}{m.group(2)}", record, count=1)
        record = entrez_re.sub(lambda m: f"{m.group(1)}{2020 + count % 7}{m.group(2)}{1 + count % 12}{m.group(3)}{1 + count % 28}", record)
        line = record + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
        count += 1
    f.write("</PubmedArticleSet>\n")
print(f"{out}: {count} records, {out.stat().st_size / 1048576:.1f} MB", file=sys.stderr)

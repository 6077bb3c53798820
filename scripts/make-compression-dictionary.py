#!/usr/bin/env python3
"""Writes Sources/FeedStoreSQLite/CompressionDictionary.swift: the zlib preset dictionary the
SQLite store compresses article records with.

Small records compress poorly on their own: the first occurrence of every element name, attribute
and JSON key costs full price. A preset dictionary (up to 32 KB, the deflate window) holds those
strings in advance. It is made from our own samples (data/samples/*.xml, written by us in the
exact efetch structure) plus the normalised JSON of those records as the store writes it, so it
contains PubMed's structure and no third-party text.

A stored record names the dictionary it was compressed with (its format byte), so this file, once
released, must never change: a better dictionary is added as a new version beside it.
Usage: scripts/make-compression-dictionary.py  (run from the repository; needs a built bmfeed)
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
bmfeed = os.path.join(root, ".build/debug/bmfeed")
samples = sorted(glob.glob("data/samples/*.xml"))
xml = "".join(open(path, encoding="utf-8").read() for path in samples)
with tempfile.TemporaryDirectory() as folder:
    db = os.path.join(folder, "dict.sqlite")
    subprocess.run([bmfeed, "ingest", "--db", db, "--pubmed", *samples], check=True, capture_output=True)
    hits = json.loads(subprocess.run([bmfeed, "search", "--db", db, "--limit", "6", "--format", "json"], check=True, capture_output=True).stdout)
def compact(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).replace("/", "\\/")


records = [compact(hit["article"]) for hit in hits if "article" in hit]
# Tag sets as the store keeps them (beside each entry), so a small one compresses too.
tag_sets = [compact(hit["tags"]) for hit in hits if hit.get("tags")]


def indented_record(pmid, authors, mesh, references):
    """A record in the indented layout of NCBI's baseline and update files, with placeholder
    values: the structure every such record repeats (written here, no third-party text)."""
    def author(i):
        return f"""          <Author ValidYN="Y">
            <LastName>Author{i}</LastName>
            <ForeName>Name {i}</ForeName>
            <Initials>N</Initials>
            <AffiliationInfo>
              <Affiliation>Department of Medicine, University Hospital, City, Country.</Affiliation>
            </AffiliationInfo>
          </Author>
"""
    def heading(i):
        return f"""        <MeshHeading>
          <DescriptorName UI="D00{i}000" MajorTopicYN="N">Humans</DescriptorName>
          <QualifierName UI="Q000{i}00" MajorTopicYN="Y">metabolism</QualifierName>
        </MeshHeading>
"""
    def reference(i):
        return f"""        <Reference>
          <Citation>Author A, Author B. Title of the cited article. J Example. 2015;12(3):456-78.</Citation>
          <ArticleIdList>
            <ArticleId IdType="doi">10.1000/example.{i}</ArticleId>
            <ArticleId IdType="pubmed">2{i}000000</ArticleId>
            <ArticleId IdType="pmc">PMC{i}00000</ArticleId>
          </ArticleIdList>
        </Reference>
"""
    def date(status):
        return f"""        <PubMedPubDate PubStatus="{status}">
          <Year>2020</Year>
          <Month>1</Month>
          <Day>1</Day>
          <Hour>6</Hour>
          <Minute>0</Minute>
        </PubMedPubDate>
"""
    return f"""  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">
      <PMID Version="1">{pmid}</PMID>
      <DateCompleted>
        <Year>2020</Year>
        <Month>01</Month>
        <Day>01</Day>
      </DateCompleted>
      <DateRevised>
        <Year>2021</Year>
        <Month>01</Month>
        <Day>01</Day>
      </DateRevised>
      <Article PubModel="Print-Electronic">
        <Journal>
          <ISSN IssnType="Electronic">0000-0000</ISSN>
          <JournalIssue CitedMedium="Internet">
            <Volume>1</Volume>
            <Issue>1</Issue>
            <PubDate>
              <Year>2020</Year>
              <Month>Jan</Month>
            </PubDate>
          </JournalIssue>
          <Title>Journal of examples</Title>
          <ISOAbbreviation>J Examples</ISOAbbreviation>
        </Journal>
        <ArticleTitle>Title of the article.</ArticleTitle>
        <Pagination>
          <StartPage>1</StartPage>
          <EndPage>9</EndPage>
          <MedlinePgn>1-9</MedlinePgn>
        </Pagination>
        <ELocationID EIdType="doi" ValidYN="Y">10.1000/example</ELocationID>
        <ELocationID EIdType="pii" ValidYN="Y">S0000-0000(20)00000-0</ELocationID>
        <Abstract>
          <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">The background of the study.</AbstractText>
          <AbstractText Label="METHODS" NlmCategory="METHODS">The methods of the study.</AbstractText>
          <AbstractText Label="RESULTS" NlmCategory="RESULTS">The results of the study.</AbstractText>
          <AbstractText Label="CONCLUSIONS" NlmCategory="CONCLUSIONS">The conclusions of the study.</AbstractText>
          <CopyrightInformation>Copyright © 2020 The Authors. Published by Elsevier Ltd. All rights reserved.</CopyrightInformation>
        </Abstract>
        <AuthorList CompleteYN="Y">
{"".join(author(i) for i in range(authors))}        </AuthorList>
        <Language>eng</Language>
        <GrantList CompleteYN="Y">
          <Grant>
            <GrantID>R01 CA000000</GrantID>
            <Acronym>CA</Acronym>
            <Agency>NCI NIH HHS</Agency>
            <Country>United States</Country>
          </Grant>
        </GrantList>
        <PublicationTypeList>
          <PublicationType UI="D016428">Journal Article</PublicationType>
          <PublicationType UI="D013485">Research Support, Non-U.S. Gov't</PublicationType>
        </PublicationTypeList>
        <ArticleDate DateType="Electronic">
          <Year>2020</Year>
          <Month>01</Month>
          <Day>01</Day>
        </ArticleDate>
      </Article>
      <MedlineJournalInfo>
        <Country>England</Country>
        <MedlineTA>J Examples</MedlineTA>
        <NlmUniqueID>100000000</NlmUniqueID>
        <ISSNLinking>0000-0000</ISSNLinking>
      </MedlineJournalInfo>
      <ChemicalList>
        <Chemical>
          <RegistryNumber>0</RegistryNumber>
          <NameOfSubstance UI="D000000">Antineoplastic Agents</NameOfSubstance>
        </Chemical>
      </ChemicalList>
      <CitationSubset>IM</CitationSubset>
      <MeshHeadingList>
{"".join(heading(i) for i in range(mesh))}      </MeshHeadingList>
      <KeywordList Owner="NOTNLM">
        <Keyword MajorTopicYN="N">keyword</Keyword>
      </KeywordList>
      <CoiStatement>The authors declare no conflict of interest.</CoiStatement>
    </MedlineCitation>
    <PubmedData>
      <History>
{"".join(date(s) for s in ["received", "revised", "accepted", "pubmed", "medline", "entrez"])}      </History>
      <PublicationStatus>ppublish</PublicationStatus>
      <ArticleIdList>
        <ArticleId IdType="pubmed">{pmid}</ArticleId>
        <ArticleId IdType="doi">10.1000/example</ArticleId>
        <ArticleId IdType="pii">S0000-0000(20)00000-0</ArticleId>
        <ArticleId IdType="pmc">PMC0000000</ArticleId>
      </ArticleIdList>
      <ReferenceList>
{"".join(reference(i) for i in range(references))}      </ReferenceList>
    </PubmedData>
  </PubmedArticle>
"""


indented = indented_record("30000000", 3, 3, 4) + indented_record("30000001", 2, 2, 3)
# The end of the dictionary is closest to the data, so the JSON (which comes first in a body)
# goes last; deflate looks back at most 32 KB.
json_part = "".join(records)[-5000:] + "".join(tag_sets)[-2000:]
text = (xml[-(32768 - len(json_part.encode()) - len(indented)):] + indented + json_part).encode("utf-8")[-32768:]
import base64
encoded = base64.b64encode(text).decode("ascii")
lines = ["        " + encoded[start:start + 120] for start in range(0, len(encoded), 120)]
quote = '"' * 3
swift = "\n".join([
    "import Foundation",
    "",
    "// Generated by scripts/make-compression-dictionary.py from data/samples: do not edit. Frozen once",
    "// released: records compressed with it name it by their format byte (RecordCoding).",
    "",
    f"/// zlib's preset dictionary for article records ({len(text)} bytes of PubMed XML structure and",
    "/// normalised JSON from our own samples).",
    "enum CompressionDictionary {",
    "    static let version1 = Array(Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())",
    "",
    "    private static let base64 = " + quote,
    *lines,
    "        " + quote,
    "}",
    "",
])
open("Sources/FeedStoreSQLite/CompressionDictionary.swift", "w").write(swift)
print(f"wrote {len(text)} bytes", file=sys.stderr)

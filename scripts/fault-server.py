#!/usr/bin/env python3
"""A loopback stand-in for NCBI E-utilities and ClinicalTrials.gov API v2 that injects one fault.

Serves, in the real formats (made-up records only):
  GET <any>/esearch.fcgi   eSearchResult with Count, QueryKey and WebEnv (usehistory=y, retmax=0)
  GET <any>/efetch.fcgi    PubmedArticleSet pages out of that WebEnv/query_key by retstart/retmax
  GET <any>/version        {"apiVersion", "dataTimestamp"}
  GET <any>/studies        {"studies", "nextPageToken", "totalCount"} pages; countTotal=true gives the
                           total on the first page only; a full page carries a token even when
                           nothing is left (as the real registry does); a token is refused when the
                           query around it changed
so bmfeed is pointed at it with
  BMFEED_PUBMED_URL=http://127.0.0.1:PORT/entrez/eutils BMFEED_CTGOV_URL=http://127.0.0.1:PORT/api/v2

Faults hit a "target" request of each source, after a first page that always succeeds, so a test
can see that the records before the fault are kept: the efetch page with retstart > 0 (PubMed) and
every /studies page with a pageToken (ClinicalTrials.gov). `--list` prints the faults.

Usage: scripts/fault-server.py [--fault NAME] [--pubmed-records 520] [--ctgov-studies 200]
                               [--lifetime SECONDS]
The fault also comes from $FAULT. Binds 127.0.0.1 on a free port, prints the port on the first
line of stdout, logs one line per request on stderr, and exits by itself after --lifetime seconds
(default 600). Standard library only.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = {
    "ok": "no fault (baseline)",
    "429-then-ok": "target answers 429 with Retry-After: 1 twice, then the page",
    "429-forever": "target answers 429 with Retry-After: 1 every time",
    "503-burst": "target answers 503 three times, then the page",
    "500-forever": "target answers 500 every time",
    "reset-once": "target's connection is reset (RST) half-way through the body once, then the page",
    "reset-forever": "target's connection is reset (RST) half-way through the body every time",
    "truncated-length": "target sends half its body under a Content-Length for all of it, then closes",
    "truncated-body": "target's complete HTTP answer holds XML/JSON cut in the middle of a record",
    "truncated-once": "as truncated-body, once, then the whole page",
    "eutils-error": "efetch target answers HTTP 200 with an <eFetchResult><ERROR> document (trials fine)",
    "shortfall": "esearch counts 7 more records than efetch ever delivers (trials fine)",
    "hang": "target reads the request and never answers",
    "trickle": "target sends headers, then its body at 1 byte a second",
    "repeated-token": "ClinicalTrials.gov page 2 hands back page 1's nextPageToken (PubMed fine)",
    "pages-beyond-count": "ClinicalTrials.gov counts 200 studies but full pages with new tokens never end (PubMed fine)",
    "html-200": "target answers HTTP 200 text/html with a maintenance page instead of XML/JSON",
    "doctype-entity": "efetch page 1 declares entities in its DOCTYPE and one record uses them (trials fine)",
    "slow-deadline": "every answer takes 4 s (under --timeout 5) and ClinicalTrials.gov counts and serves 5,000 studies",
}

PUBMED_TARGETED = {"429-then-ok", "429-forever", "503-burst", "500-forever", "reset-once", "reset-forever",
                   "truncated-length", "truncated-body", "truncated-once", "eutils-error", "hang", "trickle", "html-200"}
CTGOV_TARGETED = PUBMED_TARGETED - {"eutils-error"}
# Faults that hit only the first N target requests; the others hit every one.
TRANSIENT = {"429-then-ok": 2, "503-burst": 3, "reset-once": 1, "truncated-once": 1}
SLOW_SECONDS = 4

PROLOG = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
          '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd"{subset}>\n')
ENTITY_SUBSET = ' [\n<!ENTITY trade "&#8482;">\n<!ENTITY local SYSTEM "file:///etc/hostname">\n]'
ENTITY_RECORD = 3  # index of the record that uses them
HTML_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>\n'
             '<body><h1>Down for maintenance</h1><p>This service is temporarily unavailable. '
             'Please try again later.</p></body></html>\n')

TODAY = datetime.date.today()
GENES = [("HER2-low", "trastuzumab deruxtecan", "breast"), ("HER2-ultralow", "T-DXd", "breast"),
         ("HER2 1+", "trastuzumab deruxtecan", "gastric"), ("low HER2", "T-DXd", "breast")]
SURNAMES = ["Achterberg", "Banerjee", "Castellanos", "Dubois", "Eriksen", "Fukuda", "Gallagher", "Hosseini",
            "Ivanova", "Jablonski", "Kowalczyk", "Lindahl", "Moreau", "Nakamura", "Okonkwo", "Petrenko"]


def pubmed_record(index, entities=False):
    """One made-up PubmedArticle in the structure of a 2025 efetch answer, on one line."""
    pmid = str(99_000_001 + index)
    gene, drug, site = GENES[index % len(GENES)]
    entrez = TODAY - datetime.timedelta(days=index % 9)
    received = entrez - datetime.timedelta(days=60 + index % 30)
    title = f"{drug.capitalize()} in {gene} {site} cancer: cohort {index} of a made-up fault-test series."
    abstract = (f'<AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Patients with {gene} {site} cancer '
                f'(record {pmid}) were treated with {drug}.</AbstractText>'
                f'<AbstractText Label="RESULTS" NlmCategory="RESULTS">The objective response rate was '
                f'{20 + index % 40}% (95% CI {10 + index % 40} to {30 + index % 40}); grade &#x2265;3 events occurred '
                f'in {5 + index % 20}%.</AbstractText>')
    if entities:
        title = f"{drug.capitalize()}&trade; in {gene} {site} cancer: a record that leans on its DOCTYPE."
        abstract += '<AbstractText Label="NOTE" NlmCategory="UNASSIGNED">Host: &local;.</AbstractText>'
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{SURNAMES[(index + k) % len(SURNAMES)]}</LastName><ForeName>Alex</ForeName>'
        f'<Initials>A</Initials><AffiliationInfo><Affiliation>Department of Oncology, Example University Hospital {k + 1}, '
        f'Exampletown.</Affiliation></AffiliationInfo></Author>' for k in range(3))

    def day(tag, d, extra=""):
        return f'<PubMedPubDate PubStatus="{tag}"><Year>{d.year}</Year><Month>{d.month}</Month><Day>{d.day}</Day>{extra}</PubMedPubDate>'

    return (
        f'<PubmedArticle><MedlineCitation Status="Publisher" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<DateRevised><Year>{entrez.year}</Year><Month>{entrez.month:02d}</Month><Day>{entrez.day:02d}</Day></DateRevised>'
        f'<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">0000-0000</ISSN>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{1 + index % 30}</Volume><Issue>{1 + index % 12}</Issue><PubDate>'
        f'<Year>{entrez.year}</Year><Month>{entrez.strftime("%b")}</Month></PubDate></JournalIssue>'
        f'<Title>Example journal of fault-tolerant oncology</Title><ISOAbbreviation>Ex J Fault Oncol</ISOAbbreviation></Journal>'
        f'<ArticleTitle>{title}</ArticleTitle><ELocationID EIdType="doi" ValidYN="Y">10.5555/exfo.{pmid}</ELocationID>'
        f'<Abstract>{abstract}<CopyrightInformation>&#xa9; {entrez.year} Made-up Publisher.</CopyrightInformation></Abstract>'
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
        f'<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>'
        f'<ArticleDate DateType="Electronic"><Year>{entrez.year}</Year><Month>{entrez.month:02d}</Month><Day>{entrez.day:02d}</Day></ArticleDate>'
        f'</Article><MedlineJournalInfo><Country>United States</Country><MedlineTA>Ex J Fault Oncol</MedlineTA>'
        f'<NlmUniqueID>000000000</NlmUniqueID><ISSNLinking>0000-0000</ISSNLinking></MedlineJournalInfo>'
        f'<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">{gene}</Keyword><Keyword MajorTopicYN="N">{drug}</Keyword></KeywordList>'
        f'</MedlineCitation><PubmedData><History>{day("received", received)}{day("accepted", entrez)}'
        f'{day("medline", entrez, "<Hour>6</Hour><Minute>0</Minute>")}{day("pubmed", entrez, "<Hour>6</Hour><Minute>0</Minute>")}'
        f'{day("entrez", entrez, "<Hour>3</Hour><Minute>12</Minute>")}</History><PublicationStatus>aheadofprint</PublicationStatus>'
        f'<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.5555/exfo.{pmid}</ArticleId>'
        f'</ArticleIdList></PubmedData></PubmedArticle>')


def study(index):
    """One made-up API v2 study (protocolSection modules, derivedSection, hasResults)."""
    nct = f"NCT{99_100_000 + index:08d}"
    updated = (TODAY - datetime.timedelta(days=index % 9)).isoformat()
    gene, drug, site = GENES[index % len(GENES)]
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct, "orgStudyIdInfo": {"id": f"FAULT-{index:04d}"},
                "organization": {"fullName": "Example Oncology Group", "class": "OTHER"},
                "briefTitle": f"{drug.capitalize()} in {gene} {site.capitalize()} Cancer (Fault Test {index})",
                "officialTitle": f"A Made-up Phase 2 Study of {drug.capitalize()} in {gene} {site.capitalize()} Cancer, Cohort {index}",
            },
            "statusModule": {
                "statusVerifiedDate": updated[:7], "overallStatus": ["RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING"][index % 3],
                "expandedAccessInfo": {"hasExpandedAccess": False},
                "startDateStruct": {"date": "2025-03", "type": "ACTUAL"},
                "primaryCompletionDateStruct": {"date": "2027-06-30", "type": "ESTIMATED"},
                "completionDateStruct": {"date": "2028-12", "type": "ESTIMATED"},
                "studyFirstSubmitDate": "2025-01-10", "studyFirstSubmitQcDate": "2025-01-10",
                "studyFirstPostDateStruct": {"date": "2025-01-15", "type": "ACTUAL"},
                "lastUpdateSubmitDate": updated, "lastUpdatePostDateStruct": {"date": updated, "type": "ACTUAL"},
            },
            "sponsorCollaboratorsModule": {"responsibleParty": {"type": "SPONSOR"},
                                           "leadSponsor": {"name": "Example Oncology Group", "class": "OTHER"}},
            "descriptionModule": {"briefSummary": f"Made-up study {nct} for bmfeed's fault matrix; v2 structure, invented content."},
            "conditionsModule": {"conditions": [f"{gene} {site.capitalize()} Cancer"], "keywords": [gene]},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"],
                             "designInfo": {"allocation": "NA", "interventionModel": "SINGLE_GROUP", "primaryPurpose": "TREATMENT",
                                            "maskingInfo": {"masking": "NONE"}},
                             "enrollmentInfo": {"count": 40 + index % 200, "type": "ESTIMATED"}},
            "armsInterventionsModule": {
                "armGroups": [{"label": "Cohort A", "type": "EXPERIMENTAL", "interventionNames": [f"Drug: {drug.capitalize()}"]}],
                "interventions": [{"type": "DRUG", "name": drug.capitalize(), "armGroupLabels": ["Cohort A"],
                                   "otherNames": ["T-DXd", "DS-8201a"]}],
            },
            "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Age \\>= 18 years", "sex": "ALL", "minimumAge": "18 Years"},
        },
        "derivedSection": {"miscInfoModule": {"versionHolder": TODAY.isoformat()}},
        "hasResults": False,
    }


class State:
    """What the server knows across requests: corpus, tokens, target hits."""

    def __init__(self, fault, pubmed_records, ctgov_studies):
        self.fault = fault
        self.pubmed = [pubmed_record(i) for i in range(pubmed_records)]
        self.studies = ctgov_studies
        self.webenv = "MCID_" + hashlib.sha1(f"{time.time()}".encode()).hexdigest()[:24]
        self.tokens = {}  # token -> (offset, frozen query)
        self.hits = {"pubmed": 0, "ctgov": 0}
        self.lock = threading.Lock()

    def hit(self, source):
        """Counts a target request; returns whether the fault applies to it."""
        with self.lock:
            self.hits[source] += 1
            count = self.hits[source]
        targeted = PUBMED_TARGETED if source == "pubmed" else CTGOV_TARGETED
        if self.fault not in targeted:
            return False
        limit = TRANSIENT.get(self.fault)
        return limit is None or count <= limit

    def token(self, offset, frozen):
        raw = hashlib.sha1(f"{self.webenv}:{offset}".encode()).digest()
        token = base64.urlsafe_b64encode(raw).decode()[:11]
        with self.lock:
            self.tokens[token] = (offset, frozen)
        return token


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault-server/1"
    state: State = None

    def log_message(self, format, *args):
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {self.state.fault} {format % args}\n")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        path = url.path.rstrip("/")
        if self.state.fault == "slow-deadline":
            time.sleep(SLOW_SECONDS)
        if path.endswith("/esearch.fcgi"):
            return self.esearch(query)
        if path.endswith("/efetch.fcgi"):
            return self.efetch(query)
        if path.endswith("/version"):
            return self.send(200, "application/json", json.dumps(
                {"apiVersion": "2.0.5", "dataTimestamp": f"{TODAY.isoformat()}T09:00:05"}, separators=(",", ":")))
        if path.endswith("/studies"):
            return self.studies_page(query)
        if "/studies/NCT" in path:
            index = int(path.rsplit("NCT", 1)[1]) - 99_100_000
            if 0 <= index < self.state.studies:
                return self.send(200, "application/json", json.dumps(study(index), separators=(",", ":")))
            return self.send(404, "text/plain", f"Study not found: {path.rsplit('/', 1)[1]}")
        return self.send(404, "text/plain", f"no such endpoint: {url.path}")

    # E-utilities

    def esearch(self, query):
        if not query.get("term"):
            return self.send(200, "text/xml; charset=UTF-8", self.esearch_xml(
                "<ERROR>Empty term and query_key - nothing todo</ERROR>"))
        count = len(self.state.pubmed) + (7 if self.state.fault == "shortfall" else 0)
        history = f"<QueryKey>1</QueryKey><WebEnv>{self.state.webenv}</WebEnv>" if query.get("usehistory") == "y" else ""
        term = query["term"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.send(200, "text/xml; charset=UTF-8", self.esearch_xml(
            f"<Count>{count}</Count><RetMax>0</RetMax><RetStart>0</RetStart>{history}<IdList/><TranslationSet/>"
            f"<QueryTranslation>({term}) AND {query.get('mindate', '')}:{query.get('maxdate', '')}[Date - Entry]</QueryTranslation>"))

    @staticmethod
    def esearch_xml(inner):
        return ('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
                '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
                f"<eSearchResult>{inner}</eSearchResult>\n")

    def efetch(self, query):
        if query.get("WebEnv") != self.state.webenv or query.get("query_key") != "1":
            return self.send(200, "text/xml; charset=UTF-8",
                             "<eFetchResult>\n  <ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n")
        start, size = int(query.get("retstart", "0")), int(query.get("retmax", "20"))
        page = list(range(start, min(start + size, len(self.state.pubmed))))
        entities = self.state.fault == "doctype-entity" and start == 0
        records = [pubmed_record(i, entities=True) if entities and i == ENTITY_RECORD else self.state.pubmed[i] for i in page]
        body = (PROLOG.format(subset=ENTITY_SUBSET if entities else "") + "<PubmedArticleSet>\n"
                + "\n".join(records) + "\n</PubmedArticleSet>\n")
        if start > 0 and self.state.hit("pubmed"):
            return self.apply_fault("pubmed", body, "text/xml; charset=UTF-8")
        self.send(200, "text/xml; charset=UTF-8", body)

    # ClinicalTrials.gov

    def studies_page(self, query):
        frozen = {k: v for k, v in query.items() if k not in ("pageToken", "pageSize", "countTotal")}
        size = min(max(int(query.get("pageSize") or "10"), 1), 1000)
        token = query.get("pageToken")
        offset = 0
        if token is not None:
            known = self.state.tokens.get(token)
            if known is None:
                return self.send(400, "text/plain", f"pageToken {token} is not valid")
            if known[1] != frozen:
                return self.send(400, "text/plain", "query parameters changed between pages; only pageToken, pageSize and countTotal may")
            offset = known[0]
        fault = self.state.fault
        total = {"pages-beyond-count": 200, "slow-deadline": 5000}.get(fault, self.state.studies)
        available = {"pages-beyond-count": 100_000, "slow-deadline": 5000}.get(fault, self.state.studies)
        if fault == "pages-beyond-count" and offset >= 50 * size:
            available = offset  # bounded: an empty page after 50
        indices = range(offset, min(offset + size, available))
        document = {"studies": [study(i) for i in indices]}
        if len(indices) == size:  # a full page carries a token, even when nothing is left
            document["nextPageToken"] = self.state.token(offset + size, frozen)
        if fault == "repeated-token" and token is not None:
            document["nextPageToken"] = token
        if query.get("countTotal") == "true" and token is None:
            document["totalCount"] = total
        body = json.dumps(document, separators=(",", ":"))
        if token is not None and self.state.hit("ctgov"):
            return self.apply_fault("ctgov", body, "application/json")
        self.send(200, "application/json", body)

    # Faults

    def apply_fault(self, source, body, content_type):
        fault = self.state.fault
        if fault in ("429-then-ok", "429-forever"):
            if source == "pubmed":
                text = '{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
                return self.send(429, "application/json", text, {"Retry-After": "1"})
            return self.send(429, "text/plain", "Too Many Requests", {"Retry-After": "1"})
        if fault == "503-burst":
            return self.send(503, "text/html", "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n")
        if fault == "500-forever":
            return self.send(500, "text/plain", "Internal Server Error")
        if fault in ("reset-once", "reset-forever"):
            return self.cut(body, content_type, reset=True)
        if fault == "truncated-length":
            return self.cut(body, content_type, reset=False)
        if fault in ("truncated-body", "truncated-once"):
            return self.send(200, content_type, body[: len(body) // 2])
        if fault == "eutils-error":
            return self.send(200, "text/xml; charset=UTF-8", "<eFetchResult>\n  <ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n")
        if fault == "hang":
            self.close_connection = True
            for _ in range(300):  # bounded: 150 s at most
                time.sleep(0.5)
            return None
        if fault == "trickle":
            return self.trickle(body, content_type)
        if fault == "html-200":
            return self.send(200, "text/html; charset=utf-8", HTML_PAGE)
        return self.send(200, content_type, body)

    def cut(self, body, content_type, reset):
        """Headers for the whole body, half of it, then a reset (RST) or a plain close."""
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def trickle(self, body, content_type):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.close_connection = True
        try:
            for byte in data[:150]:  # bounded: 150 s at most
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass  # the client gave up

    def send(self, status, content_type, text, headers=None):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description="E-utilities and ClinicalTrials.gov v2 stand-in with one injected fault.")
    parser.add_argument("--fault", default=os.environ.get("FAULT", "ok"))
    parser.add_argument("--pubmed-records", type=int, default=520)
    parser.add_argument("--ctgov-studies", type=int, default=200)
    parser.add_argument("--lifetime", type=float, default=600, help="exit after this many seconds")
    parser.add_argument("--list", action="store_true", help="print the faults and exit")
    args = parser.parse_args()
    if args.list:
        for name, text in FAULTS.items():
            print(f"{name}\t{text}")
        return
    if args.fault not in FAULTS:
        parser.error(f"unknown fault {args.fault!r}; one of: {', '.join(FAULTS)}")
    Handler.state = State(args.fault, args.pubmed_records, args.ctgov_studies)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == "__main__":
    main()

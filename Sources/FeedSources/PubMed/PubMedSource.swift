import FeedModel
import Foundation
import Logging

/// PubMed through E-utilities: esearch over an entrez-date window on the history server, then
/// efetch in pages, each page parsed and handed to the caller. It never tags or stores.
///
/// A window holding more than PubMed will page through (9,999) is halved by date until each half
/// fits. A page whose body does not parse (cut off, an error document) is fetched again.
public struct PubMedSource: Sendable {
    public let client: HTTPClient
    public let eutils: EUtilities
    /// Records per efetch request.
    public var pageSize: Int
    /// PubMed serves at most this many records of one search through retstart.
    public var maxPerSearch: Int
    /// Times a page whose body does not parse is fetched again.
    public var parseRetries: Int
    private let logger: Logger

    public init(client: HTTPClient, eutils: EUtilities, pageSize: Int = 500, maxPerSearch: Int = 9_999, parseRetries: Int = 2, logger: Logger) {
        self.client = client
        self.eutils = eutils
        self.pageSize = pageSize
        self.maxPerSearch = maxPerSearch
        self.parseRetries = parseRetries
        self.logger = logger
    }

    /// One efetch page, parsed.
    public struct Page: Sendable {
        public var records: [PubMedRecord]
        public var deletions: [String]
        /// Records refused by the reader, each named.
        public var rejected: [RejectedRecord] = []
        /// `efetch 2026-11-01..2026-11-02 retstart=500`, for messages.
        public var label: String
    }

    /// What esearch said about a window, as it went.
    public struct Tally: Sendable {
        /// Records esearch counted.
        public var expected = 0
        /// Unknown phrases and the like: worth showing, not failures.
        public var warnings: [String] = []
        /// Problems that leave records unfetched without stopping the run.
        public var errors: [String] = []

        public init() {}
    }

    /// Fetches the records entered in PubMed between `from` and `to` (both included), handing each
    /// parsed page to `page` in order.
    ///
    /// - Throws: ``HTTPError`` or ``PubMedParseError`` when a request or a page fails for good
    ///   (the complete records of a broken page are handed over first); whatever `page` throws.
    public func fetch(
        term: String, from: CalendarDay, to: CalendarDay, tally: inout Tally, page: (Page) async throws -> Void
    ) async throws {
        let label = "esearch \(from)..\(to)"
        let result = try ESearchResult.parse(try await client.get(eutils.search(term: term, from: from, to: to)), source: label)
        tally.warnings += result.warnings
        if result.count > maxPerSearch && from < to {
            let middle = from.adding(days: from.days(until: to) / 2)
            logger.info("\(result.count) records in \(from)..\(to): splitting at \(middle)")
            try await fetch(term: term, from: from, to: middle, tally: &tally, page: page)
            try await fetch(term: term, from: middle.adding(days: 1), to: to, tally: &tally, page: page)
            return
        }
        tally.expected += result.count
        guard result.count > 0 else { return }
        guard let webEnv = result.webEnv, let queryKey = result.queryKey else {
            throw PubMedParseError(source: label, reason: .malformed(line: 0, column: 0, message: "no WebEnv/QueryKey in a usehistory=y answer"))
        }
        if result.count > maxPerSearch {
            tally.errors.append("\(result.count) records entered PubMed on \(from) alone; PubMed pages through only \(maxPerSearch) of them")
        }
        for start in stride(from: 0, to: min(result.count, maxPerSearch), by: pageSize) {
            let url = eutils.fetch(webEnv: webEnv, queryKey: queryKey, start: start, count: min(pageSize, maxPerSearch - start))
            try await page(try await fetchPage(url, label: "efetch \(from)..\(to) retstart=\(start)"))
        }
    }

    /// The current records of these PMIDs, 200 a request: how a stored paper is read again when a
    /// retraction or correction notice names it (PubMed does not re-enter the paper itself).
    public func fetch(pmids: [String], page: (Page) async throws -> Void) async throws {
        for start in stride(from: 0, to: pmids.count, by: 200) {
            let ids = Array(pmids[start..<min(start + 200, pmids.count)])
            try await page(try await fetchPage(eutils.fetch(pmids: ids), label: "efetch id=\(ids.first ?? "")…(\(ids.count))"))
        }
    }

    /// One efetch page; a body that does not parse is fetched again, then given up with its
    /// complete records kept.
    private func fetchPage(_ url: URL, label: String) async throws -> Page {
        var attempt = 0
        while true {
            attempt += 1
            let data = try await client.get(url)
            var page = Page(records: [], deletions: [], label: label)
            do throws(PubMedParseError) {
                if let html = BodySniff.htmlPage(data) {
                    throw PubMedParseError(source: "\(label) (\(url.redacted))", reason: .malformed(line: 1, column: 1, message: html))
                }
                let reader = try PubMedReader(data: data, source: label)
                while let item = try reader.next() {
                    switch item {
                    case .article(let article, let rawXML): page.records.append(PubMedRecord(article: article, rawXML: rawXML))
                    case .deletion(let pmids): page.deletions += pmids
                    case .rejected(let record): page.rejected.append(record)
                    }
                }
                return page
            } catch {
                guard attempt <= parseRetries else { throw PartialPage(page: page, error: error) }
                // Nothing is kept yet: the page is read again whole, so the reason is said without
                // "records kept".
                var reason = error
                reason.recordsBefore = 0
                logger.warning("\(reason); fetching the page again")
            }
        }
    }

    /// A page that broke for good: its complete records, and why it broke.
    public struct PartialPage: Error, Sendable, CustomStringConvertible {
        public var page: Page
        public var error: PubMedParseError

        public var description: String { error.description }
    }
}

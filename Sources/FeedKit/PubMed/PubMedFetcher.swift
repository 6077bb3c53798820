import Foundation
import Logging

/// Fetches what is new for a feed from PubMed: esearch over an entrez-date window on the history
/// server, then efetch in pages, each page parsed and stored as one transaction.
///
/// The window starts where the feed's last successful run ended (the cursor; that day is fetched
/// again, since records keep arriving all day) or, on a first run, `lookback` days ago. A window
/// holding more than PubMed will page through (9,999) is halved by date until each half fits.
/// The cursor moves only when every record esearch counted has been stored.
public struct PubMedFetcher: Sendable {
    public let client: HTTPClient
    public let eutils: EUtilities
    public let store: any FeedStore
    /// Records per efetch request.
    public var pageSize: Int
    /// PubMed serves at most this many records of one search through retstart.
    public var maxPerSearch: Int
    /// Times a page whose body does not parse is fetched again.
    public var parseRetries: Int
    /// Tags every article before it is stored, when given.
    public var tagger: EntryTagger?
    private let logger: Logger

    public init(
        client: HTTPClient, eutils: EUtilities, store: any FeedStore, pageSize: Int = 500, maxPerSearch: Int = 9_999,
        parseRetries: Int = 2, logger: Logger = Logger(label: "bmfeed.pubmed")
    ) {
        self.client = client
        self.eutils = eutils
        self.store = store
        self.pageSize = pageSize
        self.maxPerSearch = maxPerSearch
        self.parseRetries = parseRetries
        self.logger = logger
    }

    /// What one feed's fetch did.
    public struct Report: Sendable {
        public var run: FetchRun
        public var summary: SaveSummary
        /// Esearch warnings (unknown phrases) and the like: worth showing, not failures.
        public var warnings: [String]
    }

    /// Fetches one feed and logs the run; never throws for source trouble, which lands in the report.
    ///
    /// - Parameters:
    ///   - since: start the window here instead of at the cursor.
    ///   - today: the window's last day.
    ///   - lookback: first-run span when the feed sets none.
    public func fetch(feed: Feed, since: CalendarDay? = nil, today: CalendarDay, lookback: Lookback) async throws -> Report {
        let startedAt = Date()
        guard let term = feed.pubmedQuery else {
            throw ConfigError(file: "feeds.yml", key: "\(feed.name).pubmed", message: "feed has no PubMed query")
        }
        let cursor = try await store.cursor(feed: feed.name, source: .pubmed)
        let start = since ?? cursor ?? today.adding(days: -(feed.lookback ?? lookback).days)
        var progress = Tally()
        do {
            try await fetchWindow(term: term, from: min(start, today), to: today, feed: feed.name, tally: &progress)
        } catch let error as CancellationError {
            throw error
        } catch {
            progress.errors.append("\(error)")
        }
        let status: FetchRun.Status =
            !progress.errors.isEmpty ? .failed : progress.summary.stored < progress.expected ? .shortfall : .ok
        if status == .shortfall {
            progress.errors.append(
                "PubMed counted \(progress.expected) records but \(progress.summary.stored) were stored "
                    + "(\(progress.expected - progress.summary.stored) missing); the cursor stays, so the next run fetches this window again")
        }
        let run = FetchRun(
            feed: feed.name, source: .pubmed, startedAt: startedAt, finishedAt: Date(), windowStart: min(start, today),
            windowEnd: today, expected: progress.expected, stored: progress.summary.stored, errors: progress.errors,
            status: status)
        try await store.record(run, advancingCursorTo: status == .ok ? today : nil)
        return Report(run: run, summary: progress.summary, warnings: progress.warnings)
    }

    private struct Tally {
        var expected = 0
        var summary = SaveSummary()
        var errors: [String] = []
        var warnings: [String] = []
    }

    private func fetchWindow(term: String, from: CalendarDay, to: CalendarDay, feed: String, tally: inout Tally) async throws {
        let searchURL = eutils.search(term: term, from: from, to: to)
        let result = try ESearchResult.parse(try await client.get(searchURL), source: "esearch \(from)..\(to)")
        tally.warnings += result.warnings
        if result.count > maxPerSearch && from < to {
            let middle = from.adding(days: from.days(until: to) / 2)
            logger.info("\(result.count) records in \(from)..\(to): splitting at \(middle)")
            try await fetchWindow(term: term, from: from, to: middle, feed: feed, tally: &tally)
            try await fetchWindow(term: term, from: middle.adding(days: 1), to: to, feed: feed, tally: &tally)
            return
        }
        tally.expected += result.count
        guard result.count > 0 else { return }
        guard let webEnv = result.webEnv, let queryKey = result.queryKey else {
            throw PubMedParseError(
                source: "esearch \(from)..\(to)", reason: .malformed(line: 0, column: 0, message: "no WebEnv/QueryKey in a usehistory=y answer"))
        }
        if result.count > maxPerSearch {
            tally.errors.append("\(result.count) records entered PubMed on \(from) alone; PubMed pages through only \(maxPerSearch) of them")
        }
        let ingester = Ingester(store: store, batchSize: pageSize, tagger: tagger)
        for start in stride(from: 0, to: min(result.count, maxPerSearch), by: pageSize) {
            let url = eutils.fetch(webEnv: webEnv, queryKey: queryKey, start: start, count: min(pageSize, maxPerSearch - start))
            tally.summary =
                tally.summary + (try await fetchPage(url, ingester: ingester, feed: feed, label: "efetch \(from)..\(to) retstart=\(start)"))
        }
    }

    /// One efetch page; a body that does not parse (cut off, an error document) is fetched again.
    private func fetchPage(_ url: URL, ingester: Ingester, feed: String, label: String) async throws -> SaveSummary {
        var attempt = 0
        while true {
            attempt += 1
            let data = try await client.get(url)
            do {
                return try await ingester.ingest(data: data, source: label, feed: feed)
            } catch let error as PubMedParseError where attempt <= parseRetries {
                logger.warning("\(error); fetching the page again")
            }
        }
    }
}

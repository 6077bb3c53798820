import FeedModel
import FeedSources
import FeedStore
import Foundation
import Logging

/// Fetches feeds from their sources through the ingest pipeline and logs every run.
///
/// A feed's window starts where its last successful run ended (the cursor; that day is fetched
/// again, since records keep arriving all day) or, on a first run, its lookback. The cursor moves
/// only when everything the source counted was stored, in the same transaction as the run log.
public struct FeedFetcher: Sendable {
    public let pipeline: IngestPipeline
    public let pubmed: PubMedSource?
    public let clinicalTrials: ClinicalTrialsSource?
    let clock: any FeedClock
    let logger: Logger

    public init(
        pipeline: IngestPipeline, pubmed: PubMedSource?, clinicalTrials: ClinicalTrialsSource?, clock: any FeedClock = SystemClock(),
        logger: Logger
    ) {
        self.pipeline = pipeline
        self.pubmed = pubmed
        self.clinicalTrials = clinicalTrials
        self.clock = clock
        self.logger = logger
    }

    var store: any FeedStore { pipeline.store }

    /// What one feed's fetch from one source did.
    public struct Report: Sendable {
        public var run: FetchRun
        public var articles: SaveSummary
        public var trials: TrialSaveSummary
        /// Esearch warnings (unknown phrases) and the like: worth showing, not failures.
        public var warnings: [String]
        /// Records the source sent that cannot be stored (no PMID, an entity from a DOCTYPE),
        /// named: the run still moves its cursor (fetching them again would not help), but the
        /// command fails so someone looks.
        public var refused: [String] = []
    }

    /// Fetches every feed from each source it has a query for (or only `source`), in order,
    /// telling `started` as each run begins and handing each run's report to `report` as it ends.
    ///
    /// - Returns: true when every run succeeded (ok or skipped).
    public func fetch(
        _ feeds: [Feed], only source: Source? = nil, since: CalendarDay? = nil, today: CalendarDay, lookback: Lookback,
        started: (Feed, Source) -> Void = { _, _ in }, report: (Feed, Report) -> Void
    ) async throws -> Bool {
        var succeeded = true
        for feed in feeds {
            if source ?? .pubmed == .pubmed, feed.pubmedQuery != nil {
                started(feed, .pubmed)
                let result = try await fetchPubMed(feed: feed, since: since, today: today, lookback: lookback)
                report(feed, result)
                if result.run.status != .ok || !result.refused.isEmpty { succeeded = false }
            }
            if source ?? .clinicalTrials == .clinicalTrials, feed.clinicalTrials != nil {
                started(feed, .clinicalTrials)
                let result = try await fetchTrials(feed: feed, since: since, today: today, lookback: lookback)
                report(feed, result)
                if result.run.status != .ok && result.run.status != .skipped { succeeded = false }
            }
        }
        return succeeded
    }

    /// Fetches one feed from PubMed and logs the run; source trouble lands in the report, not in a throw.
    ///
    /// - Parameters:
    ///   - since: start the window here instead of at the cursor.
    ///   - today: the window's last day.
    ///   - lookback: first-run span when the feed sets none.
    public func fetchPubMed(feed: Feed, since: CalendarDay? = nil, today: CalendarDay, lookback: Lookback) async throws -> Report {
        guard let term = feed.pubmedQuery, let pubmed else {
            throw ConfigError(file: "feeds.yml", key: "\(feed.name).pubmed", message: "feed has no PubMed query")
        }
        let startedAt = clock.now()
        let start = min(try await windowStart(feed, .pubmed, since: since, today: today, lookback: lookback), today)
        var tally = PubMedSource.Tally()
        var summary = SaveSummary()
        var errors: [String] = []
        var named: [String] = []
        var fetched: Set<String> = []
        func keep(_ page: PubMedSource.Page) async throws {
            summary = summary + (try await pipeline.save(page.records, deletions: page.deletions, feed: feed.name))
            // Refused records are accounted for (not a shortfall that would hold the cursor
            // forever) and named in the report.
            summary.rejected += page.rejected.map(\.description)
            for record in page.records {
                fetched.insert(record.article.pmid)
                named += record.article.commentsCorrections.filter { Self.noticeOf.contains($0.refType) }.compactMap(\.pmid)
            }
        }
        do {
            try await pubmed.fetch(term: term, from: start, to: today, tally: &tally) { try await keep($0) }
        } catch let error as PubMedSource.PartialPage {
            try await keep(error.page)
            errors.append(error.description)
        } catch let error as CancellationError {
            throw error
        } catch {
            errors.append("\(error)")
        }
        // A retraction or correction notice names a paper stored long ago, which PubMed does not
        // enter again: read it again, so its stored record (and the digest) says it is retracted.
        var stale: [String] = []
        for pmid in Set(named).subtracting(fetched).sorted() where try await store.article(pmid: pmid) != nil { stale.append(pmid) }
        if !stale.isEmpty {
            do {
                try await pubmed.fetch(pmids: stale) { page in
                    summary = summary + (try await pipeline.save(page.records, deletions: page.deletions, feed: nil))
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                errors.append("reading again the papers that notices name (PMID \(stale.joined(separator: ", "))): \(error)")
            }
        }
        let run = try await finish(
            feed: feed.name, source: .pubmed, sourceName: "PubMed", unit: "records", startedAt: startedAt, window: start...today,
            expected: tally.expected, stored: summary.stored + summary.rejected.count, errors: tally.errors + errors)
        return Report(run: run, articles: summary, trials: TrialSaveSummary(), warnings: tally.warnings, refused: summary.rejected)
    }

    /// CommentsCorrections types of a notice about another paper: the paper it names is read again.
    static let noticeOf: Set<String> = ["RetractionOf", "ErratumFor", "ExpressionOfConcernFor", "CorrectedandRepublishedFrom"]

    /// Fetches one feed's trials from ClinicalTrials.gov and logs the run. The run is skipped when
    /// the registry's data has not changed since the feed's last successful one.
    public func fetchTrials(feed: Feed, since: CalendarDay? = nil, today: CalendarDay, lookback: Lookback) async throws -> Report {
        guard let query = feed.clinicalTrials, let clinicalTrials else {
            throw ConfigError(file: "feeds.yml", key: "\(feed.name).clinicaltrials", message: "feed has no ClinicalTrials.gov query")
        }
        let startedAt = clock.now()
        let start = min(try await windowStart(feed, .clinicalTrials, since: since, today: today, lookback: lookback), today)
        var summary = TrialSaveSummary()
        var errors: [String] = []
        var expected = 0
        var dataVersion: String?
        do {
            dataVersion = try await clinicalTrials.dataVersion()
            let previous = try await store.lastDataVersion(feed: feed.name, source: .clinicalTrials)
            if since == nil, let dataVersion, dataVersion == previous {
                let run = FetchRun(
                    feed: feed.name, source: .clinicalTrials, startedAt: startedAt, finishedAt: clock.now(), windowStart: start, windowEnd: today,
                    expected: 0, stored: 0, errors: [], status: .skipped, dataVersion: dataVersion)
                try await store.record(run, advancingCursorTo: nil)
                return Report(run: run, articles: SaveSummary(), trials: summary, warnings: [])
            }
            expected = try await clinicalTrials.studies(query: query, updatedSince: start) { page in
                errors += page.problems.map(\.description)
                summary = summary + (try await pipeline.save(page.records, feed: feed.name))
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            errors.append("\(error)")
        }
        let run = try await finish(
            feed: feed.name, source: .clinicalTrials, sourceName: "ClinicalTrials.gov", unit: "studies", startedAt: startedAt,
            window: start...today, expected: expected, stored: summary.stored, errors: errors, dataVersion: dataVersion)
        return Report(run: run, articles: SaveSummary(), trials: summary, warnings: [])
    }

    /// Fetches one trial by id (`/studies/{NCT}`) and stores it.
    public func fetchStudy(_ nctID: String, feed: String? = nil) async throws -> TrialSaveSummary {
        guard let clinicalTrials else { throw ConfigError(file: "feeds.yml", message: "no ClinicalTrials.gov source configured") }
        return try await pipeline.save(try await clinicalTrials.study(nctID).records, feed: feed)
    }

    private func windowStart(_ feed: Feed, _ source: Source, since: CalendarDay?, today: CalendarDay, lookback: Lookback) async throws
        -> CalendarDay
    {
        if let since { return since }
        if let cursor = try await store.cursor(feed: feed.name, source: source) { return cursor }
        return today.adding(days: -(feed.lookback ?? lookback).days)
    }

    /// The status both sources share: failed on any error, shortfall when fewer were stored than
    /// counted (the cursor stays, so the next run fetches the window again), else ok; logged
    /// with the cursor moved only when ok.
    private func finish(
        feed: String, source: Source, sourceName: String, unit: String, startedAt: Date, window: ClosedRange<CalendarDay>, expected: Int,
        stored: Int, errors: [String], dataVersion: String? = nil
    ) async throws -> FetchRun {
        var errors = errors
        let status: FetchRun.Status = !errors.isEmpty ? .failed : stored < expected ? .shortfall : .ok
        if status == .shortfall {
            errors.append(
                "\(sourceName) counted \(expected) \(unit) but \(stored) were stored (\(expected - stored) missing); "
                    + "the cursor stays, so the next run fetches this window again")
        }
        let run = FetchRun(
            feed: feed, source: source, startedAt: startedAt, finishedAt: clock.now(), windowStart: window.lowerBound,
            windowEnd: window.upperBound, expected: expected, stored: stored, errors: errors, status: status, dataVersion: dataVersion)
        try await store.record(run, advancingCursorTo: status == .ok ? window.upperBound : nil)
        return run
    }
}

import FeedKit
import FeedKitTesting
import FlyingFox
import Foundation
import GRDB
import Testing

@Suite struct ClinicalTrialsFetcherTests {
    typealias Study = TrialFixtures.Study
    let today = CalendarDay(year: 2026, month: 11, day: 24)
    let feed = Feed(
        name: "her2-low", biomarker: "HER-2 underexpression",
        clinicalTrials: ClinicalTrialsQuery(term: "HER2-low", condition: "breast cancer", overallStatus: ["RECRUITING", "ACTIVE_NOT_RECRUITING"]))

    func corpus(_ count: Int) -> [Study] {
        (1...count).map { Study(nct: String(format: "NCT0999%04d", $0), title: "Trial \($0) in HER2-low breast cancer") }
    }

    struct Harness {
        let mock: MockClinicalTrials
        let store: SQLiteStore
        let fetcher: FeedFetcher
    }

    func withHarness(_ studies: [Study], pageSize: Int = 2, _ body: (Harness) async throws -> Void) async throws {
        let mock = MockClinicalTrials(studies: studies)
        try await withLoopbackServer({ request in await mock.handle(request) }) { baseURL in
            let (store, fetcher) = try Self.fetcher(baseURL: baseURL, pageSize: pageSize)
            try await body(Harness(mock: mock, store: store, fetcher: fetcher))
        }
    }

    /// A fresh store and a fetcher over the registry at `baseURL`, retries on a test clock.
    static func fetcher(baseURL: URL, pageSize: Int) throws -> (SQLiteStore, FeedFetcher) {
        let clock = TestClock()
        let (store, pipeline) = try TestPipelines.make()
        let client = HTTPClient(
            limiter: RateLimiter(requestsPerSecond: 0, clock: clock), retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 1, timeout: 5),
            clock: clock, logger: pipeline.logger)
        let source = ClinicalTrialsSource(
            client: client, api: ClinicalTrialsAPI(baseURL: baseURL.appendingPathComponent("api/v2")), pageSize: pageSize, logger: pipeline.logger)
        return (store, FeedFetcher(pipeline: pipeline, pubmed: nil, clinicalTrials: source, clock: clock, logger: pipeline.logger))
    }

    /// A registry whose nextPageToken repeats, or that never stops paging, cannot hold a run for
    /// ever (issue 10, item 2: 89 requests in 90 s, no run recorded).
    @Test(arguments: [true, false])
    func endlessPagingIsStoppedAndLogged(repeating: Bool) async throws {
        let counter = Counter()
        let studies = corpus(2).map(TrialFixtures.json).joined(separator: ",")
        try await withLoopbackServer({ request in
            if request.path.hasSuffix("/version") {
                return HTTPResponse(statusCode: .ok, body: Data(#"{"apiVersion":"2.0.5","dataTimestamp":"2026-11-24T09:00:05"}"#.utf8))
            }
            let page = counter.next()
            let token = repeating ? "same" : "p\(page)"
            return HTTPResponse(statusCode: .ok, body: Data(#"{"studies":[\#(studies)],"totalCount":6,"nextPageToken":"\#(token)"}"#.utf8))
        }) { baseURL in
            let (store, fetcher) = try Self.fetcher(baseURL: baseURL, pageSize: 2)
            let report = try await fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(counter.value <= 6)
            #expect(report.run.errors.contains { $0.contains(repeating ? "came back again" : "still more pages") })
            #expect(try await store.cursor(feed: "her2-low", source: .clinicalTrials) == nil)
            #expect(try await store.stats().feeds.first?.lastRun?.status == .failed)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int {
            lock.withLock {
                count += 1; return count
            }
        }
        var value: Int { lock.withLock { count } }
    }

    @Test func pagesThroughTokensUntilTheEmptyPageAfterAFullOne() async throws {
        try await withHarness(corpus(6)) { h in
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.expected == 6)
            #expect(report.run.stored == 6)
            #expect(report.trials.newTrials == 6)
            #expect(report.run.dataVersion == "2026-11-24T09:00:05")
            let pages = await h.mock.requests(to: "/studies")
            #expect(pages.map { $0.query["pageToken"] } == [nil, "p2", "p4", "p6"])
            #expect(pages.map { $0.query["countTotal"] } == ["true", nil, nil, nil])
            let first = try #require(pages.first?.query)
            #expect(first["query.term"] == "HER2-low")
            #expect(first["query.cond"] == "breast cancer")
            #expect(first["filter.overallStatus"] == "RECRUITING|ACTIVE_NOT_RECRUITING")
            #expect(first["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2026-10-25,MAX]")
            #expect(first["pageSize"] == "2")
            #expect(try await h.store.cursor(feed: "her2-low", source: .clinicalTrials) == today)
        }
    }

    @Test func unchangedRegistryDataSkipsTheRunAndNewDataFindsChanges() async throws {
        try await withHarness(corpus(3)) { h in
            _ = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            let skipped = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(skipped.run.status == .skipped)
            #expect(await h.mock.requests(to: "/studies").count == 2)

            var studies = corpus(3)
            studies[1].completion = ("2027-03", "ESTIMATED")
            studies[1].lastUpdate = "2026-11-24"
            await h.mock.set(studies: studies)
            await h.mock.set(dataTimestamp: "2026-11-25T09:00:01")
            let next = try await h.fetcher.fetchTrials(feed: feed, today: today.adding(days: 1), lookback: .days(30))
            #expect(next.run.status == .ok)
            #expect(next.trials.unchanged == 2)
            #expect(next.trials.changes.map(\.line) == ["Trial completion date: Oct 2025 --> Mar 2027"])
            #expect(await h.mock.requests(to: "/studies").last?.query["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2026-11-24,MAX]")
        }
    }

    @Test func serverErrorsAreRetriedAndPlainTextErrorsShown() async throws {
        try await withHarness(corpus(3)) { h in
            await h.mock.inject(status: 503, body: "Service Unavailable")
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.stored == 3)
        }
        try await withHarness(corpus(3)) { h in
            await h.mock.inject(status: 400, body: "filter.phase is unknown parameter")
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.first?.contains("HTTP 400: filter.phase is unknown parameter") == true)
            #expect(try await h.store.cursor(feed: "her2-low", source: .clinicalTrials) == nil)
        }
    }

    /// A page cut off once is fetched again, as PubMed's are; an HTML error page answered with
    /// 200 is said to be one, with the URL (the fault matrix found both: the run failed on one
    /// cut page, and the message was "not valid JSON").
    @Test func aBrokenPageIsFetchedAgainAndAnHTMLPageNamed() async throws {
        try await withHarness(corpus(3)) { h in
            await h.mock.inject(status: 200, body: #"{"studies": [{"protocolSection": {"identificationMod"#)
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.stored == 3)
        }
        try await withHarness(corpus(3)) { h in
            let page = "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            for _ in 0..<3 { await h.mock.inject(status: 200, body: page) }
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            let message = try #require(report.run.errors.first)
            #expect(message.contains("ClinicalTrials.gov studies page 1 (http://127.0.0.1:"))
            #expect(message.contains("/api/v2/studies?"))
            #expect(message.contains("an HTML page \"502 Bad Gateway\" came back instead of data"))
            #expect(try await h.store.cursor(feed: "her2-low", source: .clinicalTrials) == nil)
        }
    }

    @Test func countShortfallHoldsTheCursor() async throws {
        try await withHarness(corpus(3)) { h in
            await h.mock.set(totalSurplus: 2)
            let report = try await h.fetcher.fetchTrials(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .shortfall)
            #expect(report.run.errors.last?.contains("2 missing") == true)
            #expect(try await h.store.cursor(feed: "her2-low", source: .clinicalTrials) == nil)
        }
    }

    @Test func fetchesASingleStudy() async throws {
        try await withHarness(corpus(2)) { h in
            let summary = try await h.fetcher.fetchStudy("nct09990002")
            #expect(summary.newTrials == 1)
            #expect(await h.mock.requests(to: "/studies/NCT09990002").count == 1)
            await #expect(throws: HTTPError.self) { _ = try await h.fetcher.fetchStudy("NCT00000000") }
        }
    }
}

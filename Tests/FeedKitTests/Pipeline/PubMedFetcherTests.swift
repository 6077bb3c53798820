import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Testing

/// The PubMed fetcher against a real loopback HTTP server, through the real client.
@Suite struct PubMedFetcherTests {
    let today = CalendarDay(year: 2026, month: 11, day: 24)
    let feed = Feed(name: "her2-low", biomarker: "HER-2 underexpression", pubmedQuery: "\"HER2-low\"[tiab] AND (breast+gastric)")

    /// Seven records entered over the last week.
    func corpus() -> [(pmid: String, entrez: CalendarDay)] {
        (0..<7).map { (String(45_000_000 + $0), today.adding(days: -$0)) }
    }

    struct Harness {
        let mock: MockPubMed
        let store: SQLiteStore
        let fetcher: FeedFetcher
        let clock: TestClock
    }

    /// Runs `body` with a fetcher pointed at a mock server holding `records`.
    func withHarness(
        records: [(pmid: String, entrez: CalendarDay)]? = nil, pageSize: Int = 3, maxPerSearch: Int = 9_999,
        timeout: Double = 5, deadline: Double? = nil, apiKey: String? = "secret-key-123", _ body: (Harness) async throws -> Void
    ) async throws {
        let mock = MockPubMed(records: records ?? corpus())
        try await withLoopbackServer({ request in try await mock.handle(request) }) { baseURL in
            // Retries and rate limits run on a test clock: no test waits for a backoff.
            let clock = TestClock()
            let (store, pipeline) = try TestPipelines.make()
            let eutils = EUtilities(baseURL: baseURL, email: "dev@example.org", apiKey: apiKey)
            let client = HTTPClient(
                limiter: RateLimiter(requestsPerSecond: 0, clock: clock),
                retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 3, timeout: timeout),
                deadline: deadline.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }, clock: clock, logger: pipeline.logger)
            let source = PubMedSource(
                client: client, eutils: eutils, pageSize: pageSize, maxPerSearch: maxPerSearch, logger: pipeline.logger)
            let fetcher = FeedFetcher(pipeline: pipeline, pubmed: source, clinicalTrials: nil, clock: clock, logger: pipeline.logger)
            try await body(Harness(mock: mock, store: store, fetcher: fetcher, clock: clock))
        }
    }

    @Test func fetchesAWindowInPagesAndMovesTheCursor() async throws {
        try await withHarness { h in
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.expected == 7)
            #expect(report.run.stored == 7)
            #expect(report.articles.inserted == 7)
            #expect(report.run.windowStart == today.adding(days: -30))
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == today)
            #expect(try await h.store.stats().articles == 7)
            #expect(try await h.store.search(SearchQuery(feed: "her2-low", limit: 100)).count == 7)

            let searches = await h.mock.requests(to: "esearch")
            let fetches = await h.mock.requests(to: "efetch")
            #expect(searches.count == 1)
            #expect(fetches.map { $0.query["retstart"] } == ["0", "3", "6"])
            let search = try #require(searches.first?.query)
            #expect(search["term"] == "\"HER2-low\"[tiab] AND (breast+gastric)")
            #expect(search["usehistory"] == "y")
            #expect(search["datetype"] == "edat")
            #expect(search["mindate"] == "2026/10/25")
            #expect(search["maxdate"] == "2026/11/24")
            #expect(search["tool"] == "bmfeed")
            #expect(search["email"] == "dev@example.org")
            #expect(search["api_key"] == "secret-key-123")
            #expect(fetches.first?.query["WebEnv"] == "MCID_2026-10-25_2026-11-24")
            #expect(fetches.first?.query["query_key"] == "1")
        }
    }

    @Test func nextRunStartsAtTheCursorAndUpdatesInPlace() async throws {
        try await withHarness { h in
            _ = try await h.fetcher.fetchPubMed(feed: feed, today: today.adding(days: -2), lookback: .days(30))
            let second = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(second.run.windowStart == today.adding(days: -2))
            #expect(second.run.expected == 3)
            #expect(second.articles.unchanged == 1)
            #expect(second.articles.inserted == 2)
            #expect(await h.mock.requests(to: "esearch").last?.query["mindate"] == "2026/11/22")
        }
    }

    @Test func honoursRetryAfterOn429() async throws {
        try await withHarness { h in
            await h.mock.inject(.status(429, retryAfter: "1", body: #"{"error":"API rate limit exceeded","count":"4","limit":"3"}"#), into: "esearch")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            let searches = await h.mock.requests(to: "esearch")
            #expect(searches.count == 2)
            // The wait is taken on the injected clock: the test itself does not sleep.
            #expect(h.clock.recordedSleeps.contains { $0 >= .milliseconds(950) })
        }
    }

    @Test func retriesServerErrors() async throws {
        try await withHarness { h in
            await h.mock.inject(.status(500), into: "efetch", times: 2)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.stored == 7)
            #expect(await h.mock.requests(to: "efetch").count == 3 + 2)
        }
    }

    @Test func refetchesATruncatedBody() async throws {
        try await withHarness { h in
            await h.mock.inject(.truncatedXML, into: "efetch")
            await h.mock.inject(.brokenConnection, into: "efetch")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.stored == 7)
            #expect(await h.mock.requests(to: "efetch").count == 3 + 2)
        }
    }

    @Test func persistentBreakFailsKeepsEarlierPagesAndHoldsTheCursor() async throws {
        try await withHarness { h in
            // A first run over an empty month sets the cursor.
            _ = try await h.fetcher.fetchPubMed(feed: feed, today: today.adding(days: -30), lookback: .days(1))
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == today.adding(days: -30))
            // Then page one arrives whole, and page two is cut off on the first try and both retries.
            await h.mock.inject(.slow(seconds: 0), into: "efetch")
            await h.mock.inject(.truncatedXML, into: "efetch", times: 3)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.first?.contains("XML breaks at line") == true)
            // The complete records inside the cut-off body are kept and counted; the run still fails.
            #expect(report.run.stored >= 3)
            #expect(try await h.store.stats().articles == report.run.stored)
            #expect(await h.mock.requests(to: "efetch").map { $0.query["retstart"] } == ["0", "3", "3", "3"])
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == today.adding(days: -30))
        }
    }

    @Test func errorDocumentIsAFailureNotZeroRecords() async throws {
        try await withHarness { h in
            await h.mock.inject(.errorDocument("Supplied id parameter is empty."), into: "efetch", times: 3)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.first?.contains("Supplied id parameter is empty.") == true)
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == nil)
        }
    }

    @Test func emptyResultIsASuccess() async throws {
        try await withHarness(records: []) { h in
            await h.mock.setWarnings("<ErrorList><PhraseNotFound>HER2-low</PhraseNotFound></ErrorList>")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect(report.run.expected == 0)
            #expect(report.warnings == ["PhraseNotFound: HER2-low"])
            #expect(await h.mock.requests(to: "efetch").isEmpty)
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == today)
        }
    }

    @Test func countShortfallIsReportedAndHoldsTheCursor() async throws {
        try await withHarness { h in
            await h.mock.omit("45000003")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .shortfall)
            #expect(report.run.expected == 7)
            #expect(report.run.stored == 6)
            #expect(report.run.errors.last?.contains("1 missing") == true)
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == nil)
            let status = try #require(try await h.store.stats().feeds.first)
            #expect(status.lastRun?.status == .shortfall)
        }
    }

    @Test func splitsAWindowOverThePagingLimit() async throws {
        try await withHarness(maxPerSearch: 3) { h in
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(8))
            #expect(report.run.status == .ok)
            #expect(report.run.stored == 7)
            let windows = await h.mock.requests(to: "esearch").map { "\($0.query["mindate"] ?? "")-\($0.query["maxdate"] ?? "")" }
            #expect(windows.count > 1)
            #expect(windows.first == "2026/11/16-2026/11/24")
        }
    }

    /// An HTML page answered with 200 instead of efetch XML is said to be one, with the URL.
    @Test func anHTMLPageInsteadOfXMLIsNamed() async throws {
        try await withHarness { h in
            let page = "<html>\n<head><title>Service Temporarily Unavailable</title><meta name=x></head><body>down</body></html>"
            for _ in 0..<3 { await h.mock.inject(.status(200, body: page), into: "efetch") }
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            let message = try #require(report.run.errors.first)
            #expect(message.contains("an HTML page \"Service Temporarily Unavailable\" came back instead of data"), "\(message)")
            #expect(message.contains("/efetch.fcgi?"), "\(message)")
            #expect(!message.contains("secret-key-123"))
        }
    }

    /// A record the reader refuses is named in the report and accounted for: the rest is stored
    /// and the cursor moves, rather than a shortfall that would hold it forever (issue 10, item 9).
    @Test func aRefusedRecordIsNamedAndDoesNotHoldTheCursor() async throws {
        let records = [(pmid: "41000001", entrez: today), (pmid: "abc", entrez: today), (pmid: "41000003", entrez: today)]
        try await withHarness(records: records) { h in
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(3))
            #expect(report.run.status == .ok)
            #expect(report.articles.inserted == 2)
            #expect(report.refused.contains { $0.contains("record PMID abc not stored: its PMID \"abc\" is not a number") })
            #expect(try await h.store.cursor(feed: feed.name, source: .pubmed) == today)
        }
    }

    /// NCBI's 429 answer names the api-key it refused: it must not reach messages or the stored
    /// run log (issue 10, item 5).
    @Test func aKeyEchoedInAnErrorBodyIsRedactedEverywhere() async throws {
        try await withHarness { h in
            await h.mock.inject(
                .status(429, body: "{\"error\":\"API rate limit exceeded\",\"api-key\":\"secret-key-123\",\"count\":\"11\"}\n\u{1B}[2J"),
                into: "esearch",
                times: 10)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.contains { $0.contains("\"api-key\":\"***\"") })
            #expect(!report.run.errors.joined().contains("secret-key-123"))
            #expect(!report.run.errors.joined().contains("\u{1B}"))
            let stored = try #require(try await h.store.stats().feeds.first?.lastRun)
            #expect(!stored.errors.joined().contains("secret-key-123"))
        }
    }

    /// A server that keeps hanging costs two deadlines, not five (issue 10, item 2: 612 s).
    @Test func aHangingServerGetsTwoDeadlinesNotFive() async throws {
        try await withHarness(timeout: 0.5) { h in
            await h.mock.inject(.slow(seconds: 3), into: "esearch", times: 10)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            // Counted by the client: on a loaded machine a cancelled attempt may never reach the
            // server's log, so the server's count is only a bound.
            #expect(report.run.errors.contains { $0.contains("no complete answer within 0.5 s (after 2 attempts)") }, "\(report.run.errors)")
            #expect(await h.mock.requests(to: "esearch").count <= 2)
        }
    }

    /// The whole run has a deadline too: pages that each arrive in time cannot add up to hours
    /// (issue 10, item 2). The run fails, is logged, and its cursor stays.
    @Test func theRunsDeadlineStopsItWithTheCursorKept() async throws {
        try await withHarness(timeout: 5, deadline: 1.5) { h in
            await h.mock.inject(.slow(seconds: 0.6), into: "efetch", times: 10)
            let started = ContinuousClock.now
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.contains { $0.contains("the run's deadline passed") })
            #expect(try await h.store.cursor(feed: "her2-low", source: .pubmed) == nil)
            #expect(try await h.store.stats().feeds.first?.lastRun?.status == .failed)
        }
    }

    @Test func slowReplyHitsTheDeadlineAndIsRetried() async throws {
        // The deadline leaves the retried (fast) request room on a loaded 2-core machine.
        // A third attempt can happen when the machine is busy (the suite runs in parallel); what
        // matters is that the slow one was given up and retried.
        try await withHarness(timeout: 2) { h in
            await h.mock.inject(.slow(seconds: 6), into: "esearch")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .ok)
            #expect((2...3).contains(await h.mock.requests(to: "esearch").count))
        }
    }

    @Test func clientErrorsAreNotRetriedAndHideTheKey() async throws {
        try await withHarness { h in
            await h.mock.inject(.status(400, body: "<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>"), into: "esearch")
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            let message = try #require(report.run.errors.first)
            #expect(message.contains("HTTP 400"))
            #expect(message.contains("Invalid query"))
            #expect(message.contains("api_key=***"))
            #expect(!message.contains("secret-key-123"))
            #expect(await h.mock.requests(to: "esearch").count == 1)
        }
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        try await withHarness { h in
            await h.mock.inject(.status(503), into: "esearch", times: 10)
            let report = try await h.fetcher.fetchPubMed(feed: feed, today: today, lookback: .days(30))
            #expect(report.run.status == .failed)
            #expect(report.run.errors.first?.contains("after 4 attempts") == true)
            #expect(await h.mock.requests(to: "esearch").count == 4)
        }
    }
}

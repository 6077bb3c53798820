import FeedKitTesting
import FeedModel
import FeedSources
import FeedStore
import Foundation
import GRDB
import Testing

@testable import FeedStoreSQLite

@Suite struct SQLiteStoreTests {
    let store: SQLiteStore
    let day = CalendarDay(year: 2026, month: 11, day: 1)

    init() throws {
        store = try SQLiteStore(writer: DatabaseQueue())
    }

    /// A record as the reader delivers it: the store keeps the raw XML and re-derives from it.
    private func record(_ pmid: String, title: String, abstract: String = "An abstract.", entrez: CalendarDay? = nil) throws -> PubMedRecord {
        let xml = PubMedFixtures.article(pmid: pmid, entrez: entrez ?? day, title: title, abstract: abstract)
        let reader = try PubMedReader(data: Data(PubMedFixtures.set([xml]).utf8), source: "fixture")
        guard case .article(let article, let raw) = try reader.next() else { throw CocoaError(.fileReadCorruptFile) }
        return PubMedRecord(article: article, rawXML: raw)
    }

    /// Ten unrelated papers, so that bm25 has term frequencies to work with.
    private func seed() async throws {
        let titles = [
            "Trastuzumab deruxtecan in HER2-low breast cancer", "HER2 low expression and prognosis",
            "Osimertinib in EGFR-mutated lung cancer", "PD-L1 scoring in gastric cancer", "BRAF V600E in melanoma",
            "KRAS G12C inhibitors", "Immune checkpoint toxicity", "Circulating tumour DNA methods",
            "Radiotherapy fractionation", "Low-dose aspirin and colorectal adenoma",
        ]
        let records = try titles.enumerated().map { index, title in
            try record(String(40_000_000 + index), title: title, entrez: day.adding(days: -index))
        }
        _ = try await store.save(ArticleBatch(records: records, feed: "test"))
    }

    @Test func insertsThenCountsRevisionsAndUnchangedRecords() async throws {
        let first = try await store.save(ArticleBatch(records: [try record("1", title: "Old title")]))
        #expect(first.inserted == 1)
        let same = try await store.save(ArticleBatch(records: [try record("1", title: "Old title")]))
        #expect(same.unchanged == 1)
        let revised = try await store.save(ArticleBatch(records: [try record("1", title: "New title")]))
        #expect(revised.updated == 1)
        let stored = try #require(try await store.article(pmid: "1"))
        #expect(stored.article.title == "New title")
        #expect(stored.revision == 2)
        #expect(try await store.stats().articles == 1)
        // The FTS index follows the update: the old title is gone, the new one found.
        #expect(try await store.search(SearchQuery(text: "old")).isEmpty)
        #expect(try await store.search(SearchQuery(text: "new")).map(\.article?.pmid) == ["1"])
    }

    @Test func deletionsRemoveArticlesAndAreRemembered() async throws {
        _ = try await store.save(ArticleBatch(records: [try record("1", title: "A"), try record("2", title: "B")]))
        let summary = try await store.save(ArticleBatch(deletions: ["1", "999"]))
        #expect(summary.deleted == 1)
        #expect(try await store.article(pmid: "1") == nil)
        let stats = try await store.stats()
        #expect(stats.articles == 1)
        #expect(stats.deletedArticles == 2)
    }

    @Test func searchRanksAndEscapesUserText() async throws {
        try await seed()
        let hits = try await store.search(SearchQuery(text: "HER2-low"))
        #expect(Set(hits.map(\.article?.pmid)) == ["40000000", "40000001"])
        #expect(hits.allSatisfy { ($0.score ?? 0) < 0 })
        #expect(try await store.search(SearchQuery(text: "trastuzumab AND")).map(\.article?.pmid).isEmpty)
        #expect(try await store.search(SearchQuery(text: "osimer*")).map(\.article?.pmid) == ["40000002"])
        #expect(try await store.search(SearchQuery(text: "\"lung cancer\"")).map(\.article?.pmid) == ["40000002"])
        #expect(try await store.search(SearchQuery(text: "\" ( * :")).isEmpty)
    }

    @Test func searchWithoutTextListsNewestFirstAndFilters() async throws {
        try await seed()
        let newest = try await store.search(SearchQuery(limit: 3))
        #expect(newest.map(\.article?.pmid) == ["40000000", "40000001", "40000002"])
        let recent = try await store.search(SearchQuery(since: day.adding(days: -1)))
        #expect(recent.count == 2)
        #expect(try await store.search(SearchQuery(feed: "other")).isEmpty)
        #expect(try await store.search(SearchQuery(text: "cancer", feed: "test")).count == 3)
    }

    @Test func runsAndCursorsMoveTogether() async throws {
        #expect(try await store.cursor(feed: "her2-low", source: .pubmed) == nil)
        let run = FetchRun(
            feed: "her2-low", source: .pubmed, startedAt: Date(), finishedAt: Date(), windowStart: day.adding(days: -30),
            windowEnd: day, expected: 3, stored: 3, errors: [], status: .ok)
        try await store.record(run, advancingCursorTo: day)
        #expect(try await store.cursor(feed: "her2-low", source: .pubmed) == day)
        var failed = run
        failed.status = .failed
        failed.errors = ["esearch: HTTP 500"]
        failed.windowEnd = day.adding(days: 1)
        try await store.record(failed, advancingCursorTo: nil)
        #expect(try await store.cursor(feed: "her2-low", source: .pubmed) == day)
        let status = try #require(try await store.stats().feeds.first { $0.feed == "her2-low" })
        #expect(status.lastRun?.status == .failed)
        #expect(status.lastRun?.errors == ["esearch: HTTP 500"])
        #expect(status.cursor == day)
    }

    @Test func fileStoreUsesWALAndReopens() async throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/bmfeed.sqlite").path
        let first = try SQLiteStore(path: path)
        _ = try await first.save(ArticleBatch(records: [try record("7", title: "Kept")]))
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.article(pmid: "7")?.article.title == "Kept")
        let mode = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func notADatabaseIsAStoreError() throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("junk.sqlite").path
        try Data("this is not sqlite, just text long enough to be a header......".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
    }
}

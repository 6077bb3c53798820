import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Logging
import Testing

@testable import FeedStoreSQLite

/// Reading commands work from the stored normalised records: on a 20,000-record store whose raw
/// XML has been destroyed, digest, search and show still give every entry in full.
@Suite struct ReadsParseNoXMLTests {
    @Test func digestSearchAndShowNeverReadTheXML() async throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path, now: { clock.now() })
        let pipeline = IngestPipeline(
            store: store, tagger: EntryTagger(tagger: TaggingFiles.tagger), batchSize: 2000, clock: clock, logger: .init(label: "test"))
        let day = CalendarDay(year: 2026, month: 11, day: 1)
        let file = folder.appendingPathComponent("records.xml")
        let records = (0..<20_000).map { index in
            PubMedFixtures.article(pmid: String(30_000_000 + index), entrez: day.adding(days: -(index % 30)))
        }
        try Data(PubMedFixtures.set(records).utf8).write(to: file)
        // The digest window is (from, to]: what was stored after the last run, up to this one.
        let start = clock.now()
        clock.advance(by: .seconds(1))
        #expect(try await pipeline.ingestPubMed(file: file.path, feed: "her2-low").inserted == 20_000)
        clock.advance(by: .seconds(60))

        // Replace every stored XML with text no XML parser accepts: a read that parsed it would fail.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, pmid, body FROM article")
            for row in rows {
                let article = try RecordCoding.article(from: row["body"], pmid: row["pmid"])
                let broken = try RecordCoding.articleBody(article, rawXML: "<PubmedArticle><broken &no-entity; <<")
                try db.execute(sql: "UPDATE article SET body = ? WHERE id = ?", arguments: [broken, row["id"]])
            }
        }
        #expect(try await store.article(pmid: "30000123")?.rawXML.hasPrefix("<PubmedArticle><broken") == true)

        let hits = try await store.search(SearchQuery(text: "trastuzumab", limit: 20))
        #expect(hits.count == 20)
        #expect(hits.allSatisfy { $0.article?.title.hasPrefix("Trastuzumab deruxtecan") == true && !$0.tags.drugs.isEmpty })
        let shown = try #require(try await store.article(pmid: "30000123"))
        #expect(shown.article.abstractText.contains("record 30000123"))
        #expect(shown.tags.alterations.map(\.display).contains("HER-2 underexpression"))
        let feed = Feed(name: "her2-low", biomarker: "HER-2 underexpression", pubmedQuery: "x")
        let digest = try await DigestBuilder(store: store).build(feeds: [feed], from: start, to: clock.now(), now: clock.now())
        let entries = try #require(digest.sections.first?.entries)
        #expect(entries.count == 20_000)
        #expect(entries.allSatisfy { !$0.summary.isEmpty && $0.drugs == ["Enhertu (fam-trastuzumab deruxtecan-nxki)"] })
    }
}

import FeedKitTesting
import FeedModel
import FeedSources
import FeedStore
import Foundation
import GRDB
import Testing

@testable import FeedStoreSQLite

/// What is particular to the SQLite store; what every store must do is in the contract suite.
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

    /// A store of schema v5 (articles kept only as XML, trial versions keyed by FNV alone) is
    /// upgraded in place: every article re-derived once, tags, versions and changes kept.
    @Test func aVersion5StoreIsUpgradedInPlace() async throws {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator(legacyDecoder: nil).migrate(queue, upTo: "v5-article-events")
        let old = try record("42", title: "Trastuzumab deruxtecan in HER2-low disease", abstract: "Responses in HER2-low.")
        let seen = Date(timeIntervalSince1970: 1_790_000_000)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO article (pmid, kind, title, abstract, journal, journalISO, eventDay, doi, rawXML, firstSeenAt, updatedAt, revision)
                    VALUES ('42', 'article', ?, ?, NULL, NULL, '2026-11-01', NULL, ?, ?, ?, 3)
                    """, arguments: [old.article.title, old.article.abstractText, old.rawXML, seen, seen])
            try db.execute(sql: "INSERT INTO articleFeed (pmid, feed, firstSeenAt) VALUES ('42', 'her2-low', ?)", arguments: [seen])
            // Written in the tagger's order, which is not alphabetical: the upgrade must keep it.
            for (kind, value) in [("types", "Review"), ("types", "Journal"), ("drugs", "Enhertu"), ("drugs", "Capecitabine")] {
                try db.execute(
                    sql: """
                        INSERT INTO entryTag (entryKind, entryID, kind, value, evidence)
                        VALUES ('article', '42', ?, ?, '[{"end":5,"rule":"drug name","start":0,"text":"T-DXd"}]')
                        """, arguments: [kind, value])
            }
        }
        #expect(throws: StoreError.self) { try SQLiteStore(writer: queue) }
        let decoder: SQLiteStore.LegacyDecoder = { raw, _ in
            let reader = try PubMedReader(data: Data(("<PubmedArticleSet>" + raw + "</PubmedArticleSet>").utf8), source: "legacy")
            guard case .article(let article, _) = try reader.next() else { throw CocoaError(.fileReadCorruptFile) }
            return article
        }
        let store = try SQLiteStore(writer: queue, legacyDecoder: decoder)
        let stored = try #require(try await store.article(pmid: "42"))
        #expect(stored.article == old.article)
        #expect(stored.rawXML == old.rawXML)
        #expect(stored.revision == 3)
        #expect(stored.firstSeenAt == seen)
        #expect(stored.feeds == ["her2-low"])
        #expect(stored.tags.drugs.map(\.display) == ["Enhertu", "Capecitabine"])
        #expect(stored.tags.types.map(\.display) == ["Review", "Journal"])
        #expect(stored.tags.drugs.first?.evidence.first?.text == "T-DXd")
        #expect(try await store.entryIDs(.article, tagged: TagFilter(kind: .drugs, value: "Enhertu")) == ["42"])
        #expect(try await store.search(SearchQuery(text: "deruxtecan")).map(\.id) == ["42"])
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") } == 0)
        // Migrated once: reopening runs nothing again.
        _ = try SQLiteStore(writer: queue, legacyDecoder: decoder)
        #expect(try await store.stats().articles == 1)
    }

    /// Records are stored compressed: far smaller than their XML.
    @Test func recordsAreStoredCompressed() async throws {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(writer: queue)
        let long = String(repeating: "HER2-low tumours responded to trastuzumab deruxtecan in this cohort. ", count: 60)
        let item = try record("9", title: "Compression", abstract: long)
        _ = try await store.save(ArticleBatch(records: [item]))
        let size = try await queue.read { db in try Int.fetchOne(db, sql: "SELECT length(body) FROM article WHERE pmid = '9'") }
        // The record and its XML together, in a quarter of the XML's own size.
        #expect(try #require(size) * 4 < item.rawXML.utf8.count)
    }

    /// Versions are told apart by content: a stored version whose 64-bit key collides with a new
    /// document's (faked here) does not make the new document count as unchanged.
    @Test func aContentKeyCollisionNeverDropsAVersion() async throws {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(writer: queue)
        let record = try TrialFixtures.record(TrialFixtures.Study())
        let normalized = String(decoding: try RecordCoding.encoder.encode(record.trial), as: UTF8.self)
        let other = String(decoding: try RecordCoding.encoder.encode(try TrialFixtures.trial(TrialFixtures.Study(title: "Other"))), as: UTF8.self)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO trial (nctID, briefTitle, conditions, interventions, firstSeenAt, updatedAt) VALUES (?, 'x', '', '', ?, ?)",
                arguments: [record.trial.nctID, Date(), Date()])
            try db.execute(
                sql: """
                    INSERT INTO trialVersion (nctID, sortDay, fetchedAt, hash, normalized, rawJSON, rawSize)
                    VALUES (?, '2020-01-01', ?, ?, ?, x'00', 1)
                    """, arguments: [record.trial.nctID, Date(), SQLiteStore.contentKey(normalized), other])
        }
        let batch = TrialBatch(
            records: [TrialBatch.Record(trial: record.trial, rawJSON: record.rawJSON, orderKey: "2026-01-10")], feed: nil,
            history: { history in DerivedHistory(changes: [], fresh: [], current: history.versions.last?.id ?? 0) })
        let summary = try await store.save(batch)
        #expect(summary.newVersions == 1)
        #expect(summary.unchanged == 0)
        #expect(try await store.trial(nctID: record.trial.nctID)?.versions.count == 2)
    }

    /// bm25 weighs a match by the length of what it was found in, as the store before v6 did: of
    /// two abstracts naming melanoma once, the shorter ranks first.
    @Test func rankingCountsDocumentLength() async throws {
        let store = try SQLiteStore(writer: DatabaseQueue())
        let filler = String(repeating: "Patients were followed for outcomes over several years. ", count: 30)
        var records = [
            try record("10", title: "Adjuvant study", abstract: "Melanoma responded."),
            try record("20", title: "Adjuvant study", abstract: "Melanoma responded. " + filler),
        ]
        for index in 0..<8 { records.append(try record(String(30 + index), title: "Unrelated \(index)", abstract: filler)) }
        _ = try await store.save(ArticleBatch(records: records))
        #expect(try await store.search(SearchQuery(text: "melanoma")).map(\.id) == ["10", "20"])
    }
}

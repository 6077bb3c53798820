import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Logging
import Testing

/// The one pipeline under fetch, ingest and demo: batches overlap with parsing, nothing parsed is
/// lost, and a failing save never hides the parse error that names the broken file.
@Suite struct IngestPipelineTests {
    let day = CalendarDay(year: 2026, month: 11, day: 1)

    private func file(records count: Int, cut: Bool) throws -> (URL, URL) {
        let folder = try PubMedFixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("records.xml")
        var text = PubMedFixtures.set((0..<count).map { PubMedFixtures.article(pmid: String(100 + $0), entrez: day) })
        if cut { text = String(text.dropLast(200)) }
        try Data(text.utf8).write(to: url)
        return (folder, url)
    }

    /// A store that refuses every write after it is set up (as a full or read-only disk would).
    private func refusingStore() throws -> SQLiteStore {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(writer: queue)
        try queue.inDatabase { db in try db.execute(sql: "PRAGMA query_only = 1") }
        return store
    }

    @Test func batchesAreSavedInOrderAndAddUp() async throws {
        let (folder, url) = try file(records: 25, cut: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, _) = try TestPipelines.make()
        let pipeline = IngestPipeline(store: store, tagger: nil, batchSize: 4, logger: Logger(label: "test"))
        let summary = try await pipeline.ingestPubMed(file: url.path, feed: "f")
        #expect(summary.inserted == 25)
        #expect(try await store.stats().articles == 25)
        #expect(try await pipeline.ingestPubMed(file: url.path, feed: "f").unchanged == 25)
    }

    @Test func aBrokenFileKeepsItsCompleteRecordsAndNamesTheBreak() async throws {
        let (folder, url) = try file(records: 9, cut: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, _) = try TestPipelines.make()
        let pipeline = IngestPipeline(store: store, tagger: nil, batchSize: 4, logger: Logger(label: "test"))
        let error = await #expect(throws: PubMedParseError.self) { _ = try await pipeline.ingestPubMed(file: url.path) }
        #expect(error?.source == url.path)
        #expect(try await store.stats().articles == 8)
    }

    /// The break is found while the records before it are still to be saved, and that save fails
    /// too: the error thrown names the break in the file (the save failure is logged).
    @Test func aFailingSaveNeverHidesTheParseError() async throws {
        let (folder, url) = try file(records: 9, cut: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = IngestPipeline(store: try refusingStore(), tagger: nil, batchSize: 100, logger: Logger(label: "test"))
        await #expect(throws: PubMedParseError.self) { _ = try await pipeline.ingestPubMed(file: url.path) }
    }

    @Test func aFailingSaveOfAWholeFileIsReported() async throws {
        let (folder, url) = try file(records: 9, cut: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = IngestPipeline(store: try refusingStore(), tagger: nil, batchSize: 4, logger: Logger(label: "test"))
        await #expect(throws: DatabaseError.self) { _ = try await pipeline.ingestPubMed(file: url.path) }
    }

    @Test func aDryRunStoresNothing() async throws {
        let (folder, url) = try file(records: 7, cut: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, pipeline) = try TestPipelines.make()
        #expect(try await pipeline.ingestPubMed(file: url.path, dryRun: true).stored == 7)
        #expect(try await store.stats().articles == 0)
    }
}

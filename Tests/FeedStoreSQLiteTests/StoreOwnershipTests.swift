import FeedKitTesting
import FeedModel
import FeedSources
import FeedStore
import Foundation
import GRDB
import Testing

@testable import FeedStoreSQLite

/// Stores that are not ours, not writable or from a newer bmfeed, and stores created by several
/// runs at once (issue 10, items 7 and 8). On the code before the fix a foreign database gained
/// bmfeed's tables, a newer schema was written to, and two first runs at once failed with "table
/// article already exists" or "database is locked".
@Suite struct StoreOwnershipTests {
    private func folder() throws -> URL { try PubMedFixtures.temporaryDirectory() }

    private func tables(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }

    @Test(arguments: [SQLiteStore.Access.readWrite, .readOnly])
    func someoneElsesDatabaseIsRefusedAndLeftAlone(access: SQLiteStore.Access) throws {
        let path = try folder().appendingPathComponent("theirs.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE patient (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patient (name) VALUES ('x')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteStore(path: path, access: access)
        } throws: { error in
            "\(error)" == "\(path): not a bmfeed store (it holds tables patient); bmfeed leaves it alone: pass --db with a new path or a bmfeed store"
        }
        #expect(try tables(path) == ["patient"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aStoreFromANewerBmfeedIsRefused() throws {
        let path = try folder().appendingPathComponent("newer.sqlite").path
        _ = try SQLiteStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        for access in [SQLiteStore.Access.readWrite, .readOnly] {
            #expect {
                _ = try SQLiteStore(path: path, access: access)
            } throws: { error in
                "\(error)".contains("made by a newer bmfeed (schema v9-from-the-future)")
            }
        }
    }

    @Test func aReadOnlyStoreReadsAndRefusesWrites() async throws {
        let path = try folder().appendingPathComponent("bmfeed.sqlite").path
        let writer = try SQLiteStore(path: path)
        try await writer.addWatch([WatchItem(kind: .trial, value: "NCT05894239")])
        let reader = try SQLiteStore(path: path, access: .readOnly)
        #expect(try await reader.watchList() == [WatchItem(kind: .trial, value: "NCT05894239")])
        await #expect(throws: (any Error).self) { try await reader.addWatch([WatchItem(kind: .trial, value: "NCT00000001")]) }
        #expect(try await writer.watchList().count == 1)
    }

    @Test func eightFirstOpensAtOnceAllSucceed() async throws {
        for round in 0..<5 {
            let path = try folder().appendingPathComponent("new-\(round).sqlite").path
            let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let store = try SQLiteStore(path: path)
                        try await store.addWatch([WatchItem(kind: .drug, value: "Enhertu (trastuzumab deruxtecan)")])
                        return true
                    }
                }
                var count = 0
                for try await done in group where done { count += 1 }
                return count
            }
            #expect(opened == 8)
            #expect(try await SQLiteStore(path: path, access: .readOnly).watchList().count == 1)
        }
    }
}

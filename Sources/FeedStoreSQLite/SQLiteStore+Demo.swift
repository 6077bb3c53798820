import FeedStore
import Foundation
import GRDB

/// Stores `bmfeed demo` makes carry a mark, so demo replaces its own stores and nothing else: a
/// user's store, someone else's database or a folder at `--db` is left alone.
extension SQLiteStore {
    /// `PRAGMA user_version` of a demo store ("demo"); GRDB's migrations keep their own table, so
    /// the field is free.
    static let demoMark: Int32 = 0x6465_6D6F

    /// Marks this store as made by demo.
    public func markAsDemo() async throws {
        try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(Self.demoMark)") }
    }

    /// True when the SQLite file at `path` carries the demo mark.
    public static func isDemoStore(path: String) -> Bool {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return false }
        return (try? queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA user_version") }) == demoMark
    }
}

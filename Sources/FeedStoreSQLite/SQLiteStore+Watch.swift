import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    public func addWatch(_ items: [WatchItem]) async throws {
        let now = now()
        try await writer.write { db in
            for item in items {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO watch (kind, value, addedAt) VALUES (?, ?, ?)", arguments: [item.kind.rawValue, item.value, now])
            }
        }
    }

    public func removeWatch(_ items: [WatchItem]) async throws -> Int {
        try await writer.write { db in
            var removed = 0
            for item in items {
                try db.execute(sql: "DELETE FROM watch WHERE kind = ? AND value = ?", arguments: [item.kind.rawValue, item.value])
                removed += db.changesCount
            }
            return removed
        }
    }

    public func watchList() async throws -> [WatchItem] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, value FROM watch ORDER BY kind, value").compactMap { row in
                WatchItem.Kind(rawValue: row["kind"]).map { WatchItem(kind: $0, value: row["value"]) }
            }
        }
    }

    public func lastWatchCheck() async throws -> Date? {
        try await writer.read { db in try Date.fetchOne(db, sql: "SELECT checkedAt FROM watchCheck WHERE name = 'watch'") }
    }

    public func markWatchChecked(at date: Date) async throws -> Date? {
        try await writer.write { db in
            let previous = try Date.fetchOne(db, sql: "SELECT checkedAt FROM watchCheck WHERE name = 'watch'")
            if let previous, previous >= date { return previous }
            try db.execute(sql: "INSERT OR REPLACE INTO watchCheck (name, checkedAt) VALUES ('watch', ?)", arguments: [date])
            return previous
        }
    }
}

import Foundation
import GRDB

/// Something a user watches: a trial, a drug, a biomarker or a sponsor.
public struct WatchItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case trial, drug, biomarker, sponsor
    }

    public var kind: Kind
    /// An NCT id, a drug or biomarker display tag, or a sponsor name.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

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

    /// Removes watch items; returns how many were there.
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

    /// When `watch check` last marked changes seen.
    public func lastWatchCheck() async throws -> Date? {
        try await writer.read { db in try Date.fetchOne(db, sql: "SELECT checkedAt FROM watchCheck WHERE name = 'watch'") }
    }

    public func markWatchChecked(at date: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO watchCheck (name, checkedAt) VALUES ('watch', ?)", arguments: [date])
        }
    }

    /// Changes detected in `since..<until` on watched trials, on trials tagged with a watched drug or
    /// biomarker, or led by a watched sponsor; oldest first.
    public func watchedChanges(since: Date?, until: Date, kinds: Set<TrialChange.Kind>) async throws -> [TrialChangeRecord] {
        let watched = try await watchList()
        guard !watched.isEmpty else { return [] }
        let ids: Set<String> = try await writer.read { db in
            var ids: Set<String> = []
            for item in watched {
                switch item.kind {
                case .trial:
                    ids.insert(item.value.uppercased())
                case .drug, .biomarker:
                    let kind = item.kind == .drug ? "drugs" : "alterations"
                    ids.formUnion(
                        try String.fetchAll(
                            db, sql: "SELECT entryID FROM entryTag WHERE entryKind = 'trial' AND kind = ? AND value = ?",
                            arguments: [kind, item.value]))
                case .sponsor:
                    ids.formUnion(
                        try String.fetchAll(db, sql: "SELECT nctID FROM trial WHERE leadSponsor = ? COLLATE NOCASE", arguments: [item.value]))
                }
            }
            return ids
        }
        var result: [TrialChangeRecord] = []
        for id in ids.sorted() {
            let changes = try await changes(ChangeQuery(since: since, nctID: id, kinds: kinds, limit: 10_000))
            result += changes.filter { $0.detectedAt < until }
        }
        return result.sorted { ($0.detectedAt, $0.nctId) < ($1.detectedAt, $1.nctId) }
    }
}

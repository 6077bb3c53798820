import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes an entry's tags, replacing what it had: the whole set with its evidence and order
    /// (compressed, beside the entry), and one row per tag, indexed by kind and value, for filters.
    static func writeTags(_ db: Database, kind: EntryKind, id: String, tags: TagSet, blob: Data? = nil) throws {
        try db.cachedStatement(sql: "DELETE FROM entryTag WHERE entryKind = ? AND entryID = ?").execute(arguments: [kind.rawValue, id])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entryTag (entryKind, entryID, kind, value) VALUES (?, ?, ?, ?)")
        for item in tags.all {
            try insert.execute(arguments: [kind.rawValue, id, item.kind.rawValue, item.tag.display])
        }
        let sql =
            kind == .article ? "UPDATE article SET tags = ? WHERE pmid = ?" : "UPDATE trial SET tags = ? WHERE nctID = ?"
        try db.cachedStatement(sql: sql).execute(arguments: [try blob ?? RecordCoding.tagsBlob(tags), id])
    }

    public func replaceTags(_ entries: [EntryTags]) async throws {
        try await writer.write { db in
            for entry in entries { try Self.writeTags(db, kind: entry.kind, id: entry.id, tags: entry.tags) }
        }
    }

    public func entryIDs(_ kind: EntryKind, tagged filter: TagFilter) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT entryID FROM entryTag WHERE kind = ? AND value = ? AND entryKind = ? ORDER BY entryID",
                arguments: [filter.kind.rawValue, filter.value, kind.rawValue])
        }
    }

    /// SQL conditions (and their arguments) for tag filters on an entry column.
    static func tagConditions(_ filters: [TagFilter], kind: EntryKind, column: String) -> (String, StatementArguments)? {
        guard !filters.isEmpty else { return nil }
        var arguments: StatementArguments = []
        let parts = filters.map { filter -> String in
            arguments += [filter.kind.rawValue, filter.value, kind.rawValue]
            return "\(column) IN (SELECT entryID FROM entryTag WHERE kind = ? AND value = ? AND entryKind = ?)"
        }
        return (parts.joined(separator: " AND "), arguments)
    }
}

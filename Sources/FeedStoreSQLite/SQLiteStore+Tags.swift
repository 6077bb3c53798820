import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes an entry's tags, replacing what it had: the whole set with its evidence and order
    /// (compressed, beside the entry), and one row per tag keyed by kind and value for filters.
    /// The rows of the old set are found through the old set itself, so the table needs no
    /// second index by entry.
    static func writeTags(_ db: Database, kind: EntryKind, id: String, tags: TagSet, blob: Data? = nil) throws {
        try removeTagRows(db, kind: kind, id: id)
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entryTag (kind, value, entryKind, entryID) VALUES (?, ?, ?, ?)")
        for item in tags.all {
            try insert.execute(arguments: [item.kind.rawValue, item.tag.display, kind.rawValue, id])
        }
        try db.cachedStatement(sql: "UPDATE \(kind == .article ? "article SET tags = ? WHERE pmid = ?" : "trial SET tags = ? WHERE nctID = ?")")
            .execute(arguments: [try blob ?? RecordCoding.tagsBlob(tags), id])
    }

    /// Deletes the filter rows of an entry's stored tags.
    static func removeTagRows(_ db: Database, kind: EntryKind, id: String) throws {
        let select = kind == .article ? "SELECT tags FROM article WHERE pmid = ?" : "SELECT tags FROM trial WHERE nctID = ?"
        guard let blob = try Data.fetchOne(db.cachedStatement(sql: select), arguments: [id]) else { return }
        let delete = try db.cachedStatement(sql: "DELETE FROM entryTag WHERE kind = ? AND value = ? AND entryKind = ? AND entryID = ?")
        for item in RecordCoding.tags(from: blob).all {
            try delete.execute(arguments: [item.kind.rawValue, item.tag.display, kind.rawValue, id])
        }
    }

    public func replaceTags(_ entries: [EntryTags]) async throws {
        try await writer.write { db in
            for entry in entries { try Self.writeTags(db, kind: entry.kind, id: entry.id, tags: entry.tags) }
        }
    }

    public func entryIDs(_ kind: EntryKind, tagged filter: TagFilter) async throws -> [String] {
        let (match, arguments) = Self.tagMatch(filter)
        return try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT entryID FROM entryTag WHERE \(match) AND entryKind = ? ORDER BY entryID",
                arguments: arguments + [kind.rawValue])
        }
    }

    /// The condition on `entryTag` for one filter. A gene's mutation takes in its specific
    /// changes: "EGFR mutation" finds a paper tagged only "EGFR L858R" or "EGFR exon 19 deletion"
    /// (a tag of the gene's name, a space and a state with a digit in it), as an analyst means it.
    static func tagMatch(_ filter: TagFilter) -> (String, StatementArguments) {
        let suffix = " mutation"
        guard filter.kind == .alterations, filter.value.hasSuffix(suffix), filter.value.count > suffix.count else {
            return ("(kind = ? AND value = ?)", [filter.kind.rawValue, filter.value])
        }
        let gene = String(filter.value.dropLast(suffix.count))
        // GLOB is case-sensitive and has no escape: its special characters in a name are bracketed.
        let literal = gene.map { "*?[".contains($0) ? "[\($0)]" : String($0) }.joined()
        return ("(kind = ? AND (value = ? OR value GLOB ?))", [filter.kind.rawValue, filter.value, literal + " *[0-9]*"])
    }

    /// The SQL condition for "belongs to `feed`": linked to it by a fetch, or carrying a tag of
    /// every one of `groups` (any tag within a group).
    static func feedCondition(
        feed: String, groups: [[TagFilter]], kind: EntryKind, column: String, feedTable: String, feedKey: String
    ) -> (String, StatementArguments) {
        var arguments: StatementArguments = [feed]
        var condition = "\(column) IN (SELECT \(feedKey) FROM \(feedTable) WHERE feed = ?)"
        let groups = groups.filter { !$0.isEmpty }
        if !groups.isEmpty {
            let parts = groups.map { group -> String in
                let any = group.map { filter -> String in
                    let (match, values) = tagMatch(filter)
                    arguments += values
                    return match
                }
                arguments += [kind.rawValue]
                return "\(column) IN (SELECT entryID FROM entryTag WHERE (\(any.joined(separator: " OR "))) AND entryKind = ?)"
            }
            condition = "(\(condition) OR (\(parts.joined(separator: " AND "))))"
        }
        return (condition, arguments)
    }

    /// SQL conditions (and their arguments) for tag filters on an entry column.
    static func tagConditions(_ filters: [TagFilter], kind: EntryKind, column: String) -> (String, StatementArguments)? {
        guard !filters.isEmpty else { return nil }
        var arguments: StatementArguments = []
        let parts = filters.map { filter -> String in
            let (match, values) = tagMatch(filter)
            arguments += values
            arguments += [kind.rawValue]
            return "\(column) IN (SELECT entryID FROM entryTag WHERE \(match) AND entryKind = ?)"
        }
        return (parts.joined(separator: " AND "), arguments)
    }
}

import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes an entry's tags, replacing what it had: one row per tag, indexed by kind and value
    /// for filters, with its evidence.
    static func writeTags(_ db: Database, kind: EntryKind, id: String, tags: TagSet) throws {
        try db.cachedStatement(sql: "DELETE FROM entryTag WHERE entryKind = ? AND entryID = ?").execute(arguments: [kind.rawValue, id])
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO entryTag (entryKind, entryID, kind, value, evidence, position) VALUES (?, ?, ?, ?, ?, ?)")
        for (position, item) in tags.all.enumerated() {
            try insert.execute(arguments: [kind.rawValue, id, item.kind.rawValue, item.tag.display, Self.evidenceJSON(item.tag.evidence), position])
        }
    }

    /// An entry's tags as written, in their order, with their evidence.
    static func readTags(_ db: Database, kind: EntryKind, id: String) throws -> TagSet {
        var tags = TagSet()
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT kind, value, evidence FROM entryTag WHERE entryKind = ? AND entryID = ? ORDER BY position"),
            arguments: [kind.rawValue, id])
        while let row = try rows.next() {
            guard let tagKind = TagKind(rawValue: row["kind"]) else { continue }
            let evidence = (try? RecordCoding.decoder.decode([TagSet.Evidence].self, from: Data((row["evidence"] as String).utf8))) ?? []
            tags[tagKind].append(TagSet.Tag(display: row["value"], evidence: evidence))
        }
        return tags
    }

    /// `[{"end":…,"rule":"…","start":…,"text":"…"}]`, the same JSON `TagSet.Evidence` encodes to,
    /// written by hand: JSONEncoder per tag was the largest cost of storing tags.
    static func evidenceJSON(_ evidence: [TagSet.Evidence]) -> String {
        func quoted(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                default:
                    if scalar.value < 0x20 {
                        result += String(format: "\\u%04x", scalar.value)
                    } else {
                        result.unicodeScalars.append(scalar)
                    }
                }
            }
            return result + "\""
        }
        let items = evidence.map { item in
            "{\"end\":\(item.end),\"rule\":\(quoted(item.rule)),\"start\":\(item.start),\"text\":\(quoted(item.text))}"
        }
        return "[" + items.joined(separator: ",") + "]"
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

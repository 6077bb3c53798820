import Foundation
import GRDB

extension SQLiteStore {
    /// Writes an entry's tags, replacing what it had.
    static func writeTags(_ db: Database, kind: EntryKind, id: String, tags: TagSet) throws {
        try db.cachedStatement(sql: "DELETE FROM entryTag WHERE entryKind = ? AND entryID = ?").execute(arguments: [kind.rawValue, id])
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO entryTag (entryKind, entryID, kind, value, evidence) VALUES (?, ?, ?, ?, ?)")
        let kinds: [(String, [TagSet.Tag])] = [
            ("genes", tags.genes), ("alterations", tags.alterations), ("drugs", tags.drugs), ("phases", tags.phases), ("types", tags.types),
            ("nct", tags.nct),
        ]
        for (name, list) in kinds {
            for tag in list {
                try insert.execute(arguments: [kind.rawValue, id, name, tag.display, Self.evidenceJSON(tag.evidence)])
            }
        }
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

    public func articles(after pmid: String?, limit: Int) async throws -> [Article] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT pmid, rawXML FROM article WHERE pmid > ? ORDER BY pmid LIMIT ?", arguments: [pmid ?? "", limit]
            ).map { row in try Self.decodeArticle(row["rawXML"], pmid: row["pmid"]) }
        }
    }

    public func trials(after nctID: String?, limit: Int) async throws -> [Trial] {
        try await writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT (SELECT normalized FROM trialVersion v WHERE v.nctID = trial.nctID ORDER BY sortDay DESC, id DESC LIMIT 1)
                    FROM trial WHERE nctID > ? ORDER BY nctID LIMIT ?
                    """,
                arguments: [nctID ?? "", limit]
            ).map { try Self.trialDecoder.decode(Trial.self, from: Data($0.utf8)) }
        }
    }

    /// SQL conditions (and their arguments) for tag filters on an entry column.
    static func tagConditions(_ filters: [TagFilter], kind: EntryKind, column: String) -> (String, StatementArguments)? {
        guard !filters.isEmpty else { return nil }
        var arguments: StatementArguments = []
        let parts = filters.map { filter -> String in
            arguments += [kind.rawValue, filter.kind, filter.value]
            return "\(column) IN (SELECT entryID FROM entryTag WHERE entryKind = ? AND kind = ? AND value = ?)"
        }
        return (parts.joined(separator: " AND "), arguments)
    }
}

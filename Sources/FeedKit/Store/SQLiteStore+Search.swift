import Foundation
import GRDB

extension SQLiteStore {
    /// The tables behind one kind of searchable entry.
    struct SearchTable {
        var kind: EntryKind
        /// `article`, keyed by `pmid`; its FTS table `articleFT` and feed links `articleFeed`.
        var table: String
        var key: String
        var ranking: String
        var columns: String

        var fts: String { table + "FT" }
        var feedTable: String { table + "Feed" }

        static let articles = SearchTable(
            kind: .article, table: "article", key: "pmid", ranking: "bm25(articleFT, 10.0, 1.0)",
            columns: "article.pmid, article.rawXML, article.firstSeenAt")
        static let trials = SearchTable(
            kind: .trial, table: "trial", key: "nctID", ranking: "bm25(trialFT, 10.0, 5.0, 2.0, 2.0)", columns: "trial.nctID, trial.firstSeenAt")
    }

    /// The SQL of a search over one kind of entry: full text (ranked) or newest first, filtered by
    /// day, feed and tags; nil when the text has nothing searchable (only punctuation).
    static func searchSQL(_ query: SearchQuery, in table: SearchTable) -> (String, StatementArguments)? {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var sql: String
        let pattern = query.text.flatMap(FTSQuery.make)
        if let pattern {
            sql = """
                SELECT \(table.columns), \(table.ranking) AS score
                FROM \(table.fts) JOIN \(table.table) ON \(table.table).rowid = \(table.fts).rowid
                """
            conditions.append("\(table.fts) MATCH ?")
            arguments += [pattern]
        } else if let text = query.text, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            return nil
        } else {
            sql = "SELECT \(table.columns), NULL AS score FROM \(table.table)"
        }
        let key = "\(table.table).\(table.key)"
        if let since = query.since {
            conditions.append("\(table.table).eventDay >= ?")
            arguments += [since.iso]
        }
        if let window = query.firstSeen {
            conditions.append("\(table.table).firstSeenAt >= ? AND \(table.table).firstSeenAt < ?")
            arguments += [window.lowerBound, window.upperBound]
        }
        if let feed = query.feed {
            conditions.append("\(key) IN (SELECT \(table.key) FROM \(table.feedTable) WHERE feed = ?)")
            arguments += [feed]
        }
        if let (condition, values) = tagConditions(query.tags, kind: table.kind, column: key) {
            conditions.append(condition)
            arguments += values
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        // Relevance first, with recent entries lifted: bm25 (negative, lower is better) grows by up
        // to half for an entry of today and fades over about three months.
        let recency = "(1.0 + 0.5 / (1.0 + max(0.0, julianday('now') - coalesce(julianday(\(table.table).eventDay), 0)) / 90.0))"
        sql += pattern == nil ? " ORDER BY \(table.table).eventDay DESC, \(key) DESC" : " ORDER BY score * \(recency)"
        sql += " LIMIT ?"
        arguments += [max(query.limit + query.offset, 0)]
        return (sql, arguments)
    }
}

import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        let articles = query.kind == .trial ? [] : try await searchArticles(query)
        let trials = query.kind == .article ? [] : try await searchTrials(query)
        // Best score (or, without text, newest day) first; on a tie papers before trials, then
        // the higher id.
        let merged = (articles + trials).sorted { left, right in
            if let a = left.score, let b = right.score {
                if a != b { return a < b }
            } else {
                let a = left.eventDay ?? CalendarDay(year: 1, month: 1, day: 1)
                let b = right.eventDay ?? CalendarDay(year: 1, month: 1, day: 1)
                if a != b { return a > b }
            }
            if (left.article != nil) != (right.article != nil) { return left.article != nil }
            return left.id > right.id
        }
        return Array(merged.dropFirst(max(query.offset, 0)).prefix(max(query.limit, 0)))
    }

    private func searchArticles(_ query: SearchQuery) async throws -> [SearchHit] {
        guard let (sql, arguments) = Self.searchSQL(query, in: .articles) else { return [] }
        return try await writer.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let pmid: String = row["pmid"]
                let article = try RecordCoding.article(from: row["body"], pmid: pmid)
                return SearchHit(
                    article: article, tags: RecordCoding.tags(from: row["tags"]), score: row["score"], firstSeenAt: row["firstSeenAt"],
                    eventDay: article.eventDay)
            }
        }
    }

    private func searchTrials(_ query: SearchQuery) async throws -> [SearchHit] {
        guard let (sql, arguments) = Self.searchSQL(query, in: .trials) else { return [] }
        return try await writer.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> SearchHit? in
                guard let normalized: String = row["normalized"] else { return nil }
                let trial = try RecordCoding.decoder.decode(Trial.self, from: Data(normalized.utf8))
                return SearchHit(
                    trial: trial, tags: RecordCoding.tags(from: row["tags"]), score: row["score"], firstSeenAt: row["firstSeenAt"],
                    eventDay: trial.lastUpdatePosted?.earliestDay)
            }
        }
    }

    /// The tables behind one kind of searchable entry.
    struct SearchTable {
        var kind: EntryKind
        /// `article`, keyed by `pmid`; feed links in `articleFeed`.
        var table: String
        var key: String
        /// The FTS5 table and how its rows join the entry's.
        var fts: String
        var join: String
        var ranking: String
        var columns: String

        var feedTable: String { table + "Feed" }

        static let articles = SearchTable(
            kind: .article, table: "article", key: "pmid", fts: "articleText", join: "article.id = articleText.rowid",
            ranking: "bm25(articleText, 10.0, 1.0)", columns: "article.pmid, article.body, article.tags, article.firstSeenAt")
        static let trials = SearchTable(
            kind: .trial, table: "trial", key: "nctID", fts: "trialFT", join: "trial.rowid = trialFT.rowid",
            ranking: "bm25(trialFT, 10.0, 5.0, 2.0, 2.0)",
            columns: "trial.nctID, (\(SQLiteStore.currentVersionSQL)) AS normalized, trial.tags, trial.firstSeenAt"
        )
    }

    /// The SQL of a search over one kind of entry: full text (ranked) or newest first, filtered by
    /// day, feed and tags; nil when the text has nothing searchable (only punctuation).
    static func searchSQL(_ query: SearchQuery, in table: SearchTable) -> (String, StatementArguments)? {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var sql: String
        let pattern = query.text.flatMap { FTSQuery.make($0, synonyms: query.synonyms) }
        if let pattern {
            sql = "SELECT \(table.columns), \(table.ranking) AS score FROM \(table.fts) JOIN \(table.table) ON \(table.join)"
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
            let (condition, values) = feedCondition(
                feed: feed, groups: query.feedTags, kind: table.kind, column: key, feedTable: table.feedTable, feedKey: table.key)
            conditions.append(condition)
            arguments += values
        }
        if let (condition, values) = tagConditions(query.tags, kind: table.kind, column: key) {
            conditions.append(condition)
            arguments += values
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        // Relevance first, with recent entries lifted: bm25 (negative, lower is better) grows by up
        // to half for an entry of today and fades over about three months.
        let recency = "(1.0 + 0.5 / (1.0 + max(0.0, julianday('now') - coalesce(julianday(\(table.table).eventDay), 0)) / 90.0))"
        sql += pattern == nil ? " ORDER BY \(table.table).eventDay DESC, \(key) DESC" : " ORDER BY score * \(recency), \(key) DESC"
        sql += " LIMIT ?"
        let (sum, overflow) = max(query.limit, 0).addingReportingOverflow(max(query.offset, 0))
        arguments += [overflow ? Int.max : sum]
        return (sql, arguments)
    }
}

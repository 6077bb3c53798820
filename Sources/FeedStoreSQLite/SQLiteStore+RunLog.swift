import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    public func record(_ run: FetchRun, advancingCursorTo day: CalendarDay?) async throws {
        let now = now()
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fetchRun (feed, source, startedAt, finishedAt, windowStart, windowEnd, expected, stored, errors, durationSeconds, status, dataVersion)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.feed, run.source.rawValue, run.startedAt, run.finishedAt, run.windowStart.iso, run.windowEnd.iso,
                    run.expected, run.stored, run.errors.joined(separator: "\n"), run.duration, run.status.rawValue, run.dataVersion,
                ])
            if let day {
                try db.execute(
                    sql: """
                        INSERT INTO feedCursor (feed, source, windowEnd, updatedAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT(feed, source) DO UPDATE SET windowEnd = excluded.windowEnd, updatedAt = excluded.updatedAt
                        """,
                    arguments: [run.feed, run.source.rawValue, day.iso, now])
            }
        }
    }

    public func cursor(feed: String, source: Source) async throws -> CalendarDay? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT windowEnd FROM feedCursor WHERE feed = ? AND source = ?", arguments: [feed, source.rawValue]
            ).flatMap(CalendarDay.init(iso:))
        }
    }

    public func lastDataVersion(feed: String, source: Source) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT dataVersion FROM fetchRun WHERE feed = ? AND source = ? AND status IN ('ok', 'skipped') AND dataVersion IS NOT NULL
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [feed, source.rawValue])
        }
    }

    public func stats() async throws -> StoreStats {
        try await writer.read { db in
            let articles = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article") ?? 0
            let trials = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trial") ?? 0
            let deleted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deletedArticle") ?? 0
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT feed, source FROM fetchRun UNION SELECT feed, source FROM feedCursor
                    UNION SELECT feed, 'pubmed' FROM articleFeed UNION SELECT feed, 'ctgov' FROM trialFeed ORDER BY feed, source
                    """)
            let feeds = try pairs.map { pair -> FeedStatus in
                let feed: String = pair["feed"]
                let source = Source(rawValue: pair["source"]) ?? .pubmed
                let table = source == .pubmed ? "articleFeed" : "trialFeed"
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE feed = ?", arguments: [feed]) ?? 0
                let cursor = try String.fetchOne(
                    db, sql: "SELECT windowEnd FROM feedCursor WHERE feed = ? AND source = ?", arguments: [feed, source.rawValue])
                let last = try Row.fetchOne(
                    db, sql: "SELECT * FROM fetchRun WHERE feed = ? AND source = ? ORDER BY id DESC LIMIT 1",
                    arguments: [feed, source.rawValue])
                return FeedStatus(
                    feed: feed, source: source, articles: source == .pubmed ? count : 0, trials: source == .clinicalTrials ? count : 0,
                    cursor: cursor.flatMap(CalendarDay.init(iso:)), lastRun: last.map(Self.fetchRun))
            }
            return StoreStats(articles: articles, trials: trials, deletedArticles: deleted, feeds: feeds)
        }
    }

    private static func fetchRun(_ row: Row) -> FetchRun {
        let errors: String = row["errors"]
        let finished: Date = row["finishedAt"]
        return FetchRun(
            feed: row["feed"], source: Source(rawValue: row["source"]) ?? .pubmed, startedAt: row["startedAt"],
            finishedAt: finished, windowStart: CalendarDay(iso: row["windowStart"]) ?? CalendarDay(finished),
            windowEnd: CalendarDay(iso: row["windowEnd"]) ?? CalendarDay(finished), expected: row["expected"],
            stored: row["stored"], errors: errors.isEmpty ? [] : errors.components(separatedBy: "\n"),
            status: FetchRun.Status(rawValue: row["status"]) ?? .failed, dataVersion: row["dataVersion"])
    }
}

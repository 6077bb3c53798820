import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Articles are keyed by PMID. The raw PubMed XML is the record of truth: reads re-derive the
/// ``Article`` from it with the same decoder that ingested it (cheaper than storing JSON beside it,
/// and a better decoder improves every stored article at once). Title and abstract are also kept
/// as columns for an external-content FTS5 table, synchronised by triggers.
public struct SQLiteStore: FeedStore {
    let writer: any DatabaseWriter
    let now: @Sendable () -> Date

    /// Opens (creating when needed) the store at `path`, migrated to the current schema.
    ///
    /// - Throws: ``StoreError`` when the file cannot be opened or is not a bmfeed store.
    public init(path: String, now: @escaping @Sendable () -> Date = Date.init) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let pool = try DatabasePool(path: path, configuration: configuration)
            try self.init(writer: pool, now: now)
        } catch let error as DatabaseError {
            throw StoreError(path: path, message: "cannot open the store: \(error.message ?? "\(error)")")
        } catch {
            throw StoreError(path: path, message: "cannot open the store: \(error.localizedDescription)")
        }
    }

    /// Wraps an open database (tests pass an in-memory `DatabaseQueue()`).
    public init(writer: any DatabaseWriter, now: @escaping @Sendable () -> Date = Date.init) throws {
        self.writer = writer
        self.now = now
        try Self.migrator.migrate(writer)
    }

    // MARK: - Writing

    public func save(_ batch: ArticleBatch) async throws -> SaveSummary {
        let now = now()
        let rows = batch.records
        let stamp = now.databaseValue  // formatted once: a date formatter per row showed in profiles
        return try await writer.write { db in
            // Cached statements: compiling SQL per record costs more than running it.
            let select = try db.cachedStatement(sql: "SELECT rawXML FROM article WHERE pmid = ?")
            let upsert = try db.cachedStatement(sql: Self.upsertSQL)
            let undelete = try db.cachedStatement(sql: "DELETE FROM deletedArticle WHERE pmid = ?")
            let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO articleFeed (pmid, feed, firstSeenAt) VALUES (?, ?, ?)")
            var summary = SaveSummary()
            for (article, rawXML) in rows {
                let previous = try String.fetchOne(select, arguments: [article.pmid])
                if previous == rawXML {
                    summary.unchanged += 1
                } else {
                    try upsert.execute(arguments: [
                        article.pmid, article.kind.rawValue, article.displayTitle, article.abstractText,
                        article.journal?.title, article.journal?.isoAbbreviation, article.eventDay?.iso, article.doi,
                        rawXML, stamp, stamp,
                    ])
                    if previous == nil { summary.inserted += 1 } else { summary.updated += 1 }
                    if let previous, let before = try? Self.decode(previous, pmid: article.pmid) {
                        for event in ArticleEvent.between(before, article) {
                            try db.execute(
                                sql: "INSERT OR IGNORE INTO articleEvent (pmid, kind, detail, detectedAt) VALUES (?, ?, ?, ?)",
                                arguments: [article.pmid, event.kind.rawValue, event.detail, stamp])
                        }
                    }
                    try undelete.execute(arguments: [article.pmid])
                }
                if let feed = batch.feed { try link.execute(arguments: [article.pmid, feed, stamp]) }
                if let tags = batch.tags[article.pmid] { try Self.writeTags(db, kind: .article, id: article.pmid, tags: tags) }
            }
            for pmid in batch.deletions {
                try db.execute(sql: "DELETE FROM article WHERE pmid = ?", arguments: [pmid])
                summary.deleted += db.changesCount
                try db.execute(sql: "DELETE FROM entryTag WHERE entryKind = 'article' AND entryID = ?", arguments: [pmid])
                try db.execute(sql: "INSERT OR REPLACE INTO deletedArticle (pmid, deletedAt) VALUES (?, ?)", arguments: [pmid, now])
            }
            return summary
        }
    }

    private static let upsertSQL = """
        INSERT INTO article (pmid, kind, title, abstract, journal, journalISO, eventDay, doi, rawXML, firstSeenAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(pmid) DO UPDATE SET
            kind = excluded.kind, title = excluded.title, abstract = excluded.abstract,
            journal = excluded.journal, journalISO = excluded.journalISO, eventDay = excluded.eventDay,
            doi = excluded.doi, rawXML = excluded.rawXML,
            updatedAt = excluded.updatedAt, revision = article.revision + 1
        """

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

    // MARK: - Reading

    public func cursor(feed: String, source: Source) async throws -> CalendarDay? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT windowEnd FROM feedCursor WHERE feed = ? AND source = ?", arguments: [feed, source.rawValue]
            ).flatMap(CalendarDay.init(iso:))
        }
    }

    public func article(pmid: String) async throws -> StoredArticle? {
        try await writer.read { db -> StoredArticle? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE pmid = ?", arguments: [pmid]) else { return nil }
            let feeds = try String.fetchAll(db, sql: "SELECT feed FROM articleFeed WHERE pmid = ? ORDER BY feed", arguments: [pmid])
            return StoredArticle(
                article: try Self.decode(row["rawXML"], pmid: pmid), rawXML: row["rawXML"],
                firstSeenAt: row["firstSeenAt"], updatedAt: row["updatedAt"], revision: row["revision"], feeds: feeds)
        }
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        let articles = try await searchArticles(query)
        let trials = try await searchTrials(query)
        let merged = (articles + trials).sorted { left, right in
            if let a = left.score, let b = right.score { return a < b }
            return (left.eventDay ?? CalendarDay(year: 1, month: 1, day: 1)) > (right.eventDay ?? CalendarDay(year: 1, month: 1, day: 1))
        }
        return Array(merged.dropFirst(max(query.offset, 0)).prefix(max(query.limit, 0)))
    }

    private func searchArticles(_ query: SearchQuery) async throws -> [SearchHit] {
        guard let (sql, arguments) = Self.searchSQL(query, in: .articles) else { return [] }
        return try await writer.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let article = try Self.decode(row["rawXML"], pmid: row["pmid"])
                return SearchHit(article: article, score: row["score"], firstSeenAt: row["firstSeenAt"], eventDay: article.eventDay)
            }
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

    // MARK: - Rows

    private static func fetchRun(_ row: Row) -> FetchRun {
        let errors: String = row["errors"]
        return FetchRun(
            feed: row["feed"], source: Source(rawValue: row["source"]) ?? .pubmed, startedAt: row["startedAt"],
            finishedAt: row["finishedAt"], windowStart: CalendarDay(iso: row["windowStart"]) ?? CalendarDay(Date()),
            windowEnd: CalendarDay(iso: row["windowEnd"]) ?? CalendarDay(Date()), expected: row["expected"],
            stored: row["stored"], errors: errors.isEmpty ? [] : errors.components(separatedBy: "\n"),
            status: FetchRun.Status(rawValue: row["status"]) ?? .failed, dataVersion: row["dataVersion"])
    }

    /// Re-derives an article from its stored XML.
    static func decodeArticle(_ rawXML: String, pmid: String) throws -> Article { try decode(rawXML, pmid: pmid) }

    private static func decode(_ rawXML: String, pmid: String) throws -> Article {
        do {
            let reader = try PubMedReader(data: Data(("<PubmedArticleSet>" + rawXML + "</PubmedArticleSet>").utf8), source: "stored article \(pmid)")
            guard case .article(let article, _) = try reader.next() else {
                throw StoreError(path: "article \(pmid)", message: "the stored XML holds no record; re-ingest it")
            }
            return article
        } catch let error as PubMedParseError {
            throw StoreError(path: "article \(pmid)", message: "the stored XML cannot be read (\(error)); re-ingest it")
        }
    }
}

import FeedModel
import FeedStore
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Articles are kept as their normalised record (compressed JSON) beside their raw XML
/// (compressed, for `show --raw` and re-derivation), so reading, searching and digesting parse no
/// XML. Title and abstract feed a contentless FTS5 index; tags are rows (for filters) with their
/// evidence. Trials keep every distinct version; which one is current, and the changes between
/// them, come from the batch's history function.
public struct SQLiteStore: FeedStore {
    /// Re-derives an article from the XML a store of schema v5 or older kept as its only record;
    /// called once per article by the migration to v6.
    public typealias LegacyDecoder = @Sendable (_ rawXML: String, _ pmid: String) throws -> Article

    let writer: any DatabaseWriter
    let now: @Sendable () -> Date

    /// How a command uses the store.
    public enum Access: Sendable {
        /// Creates the store when missing and migrates it.
        case readWrite
        /// Opens it read-only (a store the user may not write can still be read); an older schema
        /// is upgraded first when the file can be written.
        case readOnly
    }

    /// Opens (creating when needed) the store at `path`, migrated to the current schema.
    ///
    /// Opening and migrating hold an exclusive lock on the store's folder, so two first runs at
    /// once never both create the tables. A database that is neither empty nor bmfeed's, or one a
    /// newer bmfeed made, is refused before anything is written to it.
    ///
    /// - Throws: ``StoreError`` when the file cannot be opened or is not a bmfeed store.
    public init(path: String, access: Access = .readWrite, now: @escaping @Sendable () -> Date = Date.init, legacyDecoder: LegacyDecoder? = nil)
        throws
    {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if path.isEmpty || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            throw StoreError(path: path, message: "\(path.isEmpty ? "an empty path" : "a folder"); --db takes a store file, e.g. data/bmfeed.sqlite")
        }
        do {
            if access == .readOnly, let store = try Self.openReadOnly(path: path, now: now, legacyDecoder: legacyDecoder) {
                self = store
                return
            }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = FileManager.default
            if files.fileExists(atPath: path), !files.isWritableFile(atPath: path) || !files.isWritableFile(atPath: folder.path) {
                throw StoreError(
                    path: "", message: "read-only here (permission denied): search, show, stats and changes can read it, nothing can write it")
            }
            let lock = try FolderLock(folder.path)
            defer { lock.release() }
            try Self.checkOwnership(path: path, legacyDecoder: legacyDecoder)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // Large pages: a compressed article (about 2.5 KB) leaves little unused on a 64 KB
                // page, a quarter of a 4 KB one. Only takes effect on a new, empty file.
                try db.execute(sql: "PRAGMA page_size = 65536")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try self.init(writer: pool, now: now, legacyDecoder: legacyDecoder)
        } catch let error as StoreError {
            throw StoreError(path: path, message: error.path.isEmpty ? error.message : error.description)
        } catch let error as DatabaseError {
            throw StoreError(path: path, message: "cannot open the store: \(error.message ?? "\(error)")")
        } catch {
            throw StoreError(path: path, message: "cannot open the store: \(error.localizedDescription)")
        }
    }

    /// A read-only store when the schema is current, nil when it must be upgraded first.
    private static func openReadOnly(path: String, now: @escaping @Sendable () -> Date, legacyDecoder: LegacyDecoder?) throws -> SQLiteStore? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let migrator = migrator(legacyDecoder: legacyDecoder)
        var queue: DatabaseQueue
        let current: Bool
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            current = try queue.read { db in try schema(db, migrator: migrator) == .current }
        } catch let error as DatabaseError where [ResultCode.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode) {
            // A WAL store in a folder we may not write has no shared-memory file to read through:
            // read the file as immutable, as a copy would be read.
            guard
                !FileManager.default.isWritableFile(atPath: path)
                    || !FileManager.default.isWritableFile(atPath: (path as NSString).deletingLastPathComponent)
            else { throw error }
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) ?? path
            queue = try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
            current = try queue.read { db in try schema(db, migrator: migrator) == .current }
        }
        guard current else {
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw StoreError(path: path, message: "made by an older bmfeed and read-only here: make it writable once so bmfeed can upgrade it")
            }
            return nil
        }
        return SQLiteStore(opened: queue, now: now)
    }

    /// Refuses a file that is not a bmfeed store, or is one from a newer bmfeed, before SQLite
    /// writes anything to it (WAL mode, page size, tables).
    private static func checkOwnership(path: String, legacyDecoder: LegacyDecoder?) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        _ = try queue.read { db in try schema(db, migrator: migrator(legacyDecoder: legacyDecoder)) }
    }

    enum Schema { case empty, older, current }

    /// What the open database holds, or a ``StoreError`` naming why it is not ours to use.
    static func schema(_ db: Database, migrator: DatabaseMigrator) throws -> Schema {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        // Only GRDB's own table, nothing applied: another bmfeed is creating this store right now
        // (its first migration not yet committed). The caller waits for it under the folder lock.
        let applied = try migrator.appliedIdentifiers(db)
        if tables.isEmpty || (tables == ["grdb_migrations"] && applied.isEmpty) { return .empty }
        guard tables.contains("grdb_migrations"), try migrator.appliedIdentifiers(db).contains("v1-articles") else {
            let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw StoreError(
                path: "",
                message: "not a bmfeed store (it holds tables \(listed)); bmfeed leaves it alone: pass --db with a new path or a bmfeed store")
        }
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw StoreError(path: "", message: "made by a newer bmfeed (schema \(unknown.joined(separator: ", "))); use that bmfeed or a newer one")
        }
        return try migrator.hasCompletedMigrations(db) ? .current : .older
    }

    /// Wraps an open database (tests pass an in-memory `DatabaseQueue()`).
    public init(writer: any DatabaseWriter, now: @escaping @Sendable () -> Date = Date.init, legacyDecoder: LegacyDecoder? = nil) throws {
        self.writer = writer
        self.now = now
        let migrator = Self.migrator(legacyDecoder: legacyDecoder)
        let (state, upgrading) = try writer.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            return (try Self.schema(db, migrator: migrator), applied.contains("v5-article-events") && !applied.contains("v6-normalised-records"))
        }
        guard state != .current else { return }
        try migrator.migrate(writer)
        // The upgrade rewrote every article far smaller: give the space back once.
        if upgrading { try writer.vacuum() }
    }

    private init(opened writer: any DatabaseWriter, now: @escaping @Sendable () -> Date) {
        self.writer = writer
        self.now = now
    }

    // MARK: - Articles

    public func save(_ batch: ArticleBatch) async throws -> SaveSummary {
        let stamp = now().databaseValue  // formatted once: a date formatter per row showed in profiles
        let prepared = try await Self.prepare(batch)
        let notices = batch.notices
        return try await writer.write { db in
            // Cached statements: compiling SQL per record costs more than running it.
            let select = try db.cachedStatement(sql: "SELECT id, body, tags FROM article WHERE pmid = ?")
            let insert = try db.cachedStatement(
                sql: "INSERT INTO article (pmid, kind, eventDay, firstSeenAt, updatedAt, body, tags) VALUES (?, ?, ?, ?, ?, ?, ?)")
            let tagRow = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entryTag (kind, value, entryKind, entryID) VALUES (?, ?, 'article', ?)")
            let update = try db.cachedStatement(
                sql: "UPDATE article SET kind = ?, eventDay = ?, updatedAt = ?, body = ?, revision = revision + ? WHERE id = ?")
            let index = try db.cachedStatement(sql: "INSERT INTO articleText (rowid, title, abstract) VALUES (?, ?, ?)")
            let undelete = try db.cachedStatement(sql: "DELETE FROM deletedArticle WHERE pmid = ?")
            let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO articleFeed (pmid, feed, firstSeenAt) VALUES (?, ?, ?)")
            let event = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO articleEvent (pmid, kind, detail, detectedAt) VALUES (?, ?, ?, ?)")
            var summary = SaveSummary()
            for item in prepared {
                let article = item.record.article
                if let previous = try Row.fetchOne(select, arguments: [article.pmid]) {
                    let id: Int64 = previous["id"]
                    let storedBody: Data = previous["body"]
                    if storedBody != item.body {
                        let (before, storedXML) = try RecordCoding.articleAndXML(from: storedBody, pmid: article.pmid)
                        // The same XML read by a better decoder is re-derived in place, not a revision.
                        let revised = storedXML != Data(item.record.rawXML.utf8)
                        try Self.unindex(db, id: id, before)
                        try update.execute(arguments: [article.kind.rawValue, article.eventDay?.iso, stamp, item.body, revised ? 1 : 0, id])
                        try index.execute(arguments: [id, article.displayTitle, article.abstractText])
                        if revised {
                            for notice in notices(before, article) {
                                try event.execute(arguments: [article.pmid, notice.kind.rawValue, notice.detail, stamp])
                            }
                            summary.updated += 1
                        } else {
                            summary.unchanged += 1
                        }
                    } else {
                        summary.unchanged += 1
                    }
                    if let tags = batch.tags[article.pmid], let blob = item.tags, blob != previous["tags"] as Data? {
                        try Self.writeTags(db, kind: .article, id: article.pmid, tags: tags, blob: blob)
                    }
                } else {
                    // A new article: its tags go in with it, with no old rows to find first.
                    try insert.execute(arguments: [article.pmid, article.kind.rawValue, article.eventDay?.iso, stamp, stamp, item.body, item.tags])
                    try index.execute(arguments: [db.lastInsertedRowID, article.displayTitle, article.abstractText])
                    for tag in batch.tags[article.pmid]?.all ?? [] {
                        try tagRow.execute(arguments: [tag.kind.rawValue, tag.tag.display, article.pmid])
                    }
                    try undelete.execute(arguments: [article.pmid])
                    summary.inserted += 1
                }
                if let feed = batch.feed { try link.execute(arguments: [article.pmid, feed, stamp]) }
            }
            for pmid in batch.deletions {
                if let row = try Row.fetchOne(select, arguments: [pmid]) {
                    let id: Int64 = row["id"]
                    if let before = try? RecordCoding.article(from: row["body"], pmid: pmid) { try Self.unindex(db, id: id, before) }
                    try Self.removeTagRows(db, kind: .article, id: pmid)
                    try db.execute(sql: "DELETE FROM article WHERE id = ?", arguments: [id])
                    summary.deleted += 1
                }
                try db.execute(sql: "INSERT OR REPLACE INTO deletedArticle (pmid, deletedAt) VALUES (?, ?)", arguments: [pmid, stamp])
            }
            return summary
        }
    }

    private struct PreparedArticle: Sendable {
        var record: PubMedRecord
        var body: Data
        var tags: Data?
    }

    /// Encodes and compresses a batch outside the write lock, in two halves on two cores: the
    /// other core is often parsing the next batch, but compressing is the larger share of a save.
    private static func prepare(_ batch: ArticleBatch) async throws -> [PreparedArticle] {
        let records = batch.records
        let tags = batch.tags
        @Sendable func encode(_ slice: ArraySlice<PubMedRecord>) throws -> [PreparedArticle] {
            let compressor = Zstd.version1.compressor()
            return try slice.map { record in
                PreparedArticle(
                    record: record, body: try RecordCoding.articleBody(record.article, rawXML: record.rawXML, compressor: compressor),
                    tags: try tags[record.article.pmid].map { try RecordCoding.tagsBlob($0, compressor: compressor) })
            }
        }
        guard records.count >= 64 else { return try encode(records[...]) }
        let middle = records.count / 2
        return try await withThrowingTaskGroup(of: (Int, [PreparedArticle]).self) { group in
            group.addTask { (0, try encode(records[..<middle])) }
            group.addTask { (1, try encode(records[middle...])) }
            var halves: [Int: [PreparedArticle]] = [:]
            for try await (index, half) in group { halves[index] = half }
            return (halves[0] ?? []) + (halves[1] ?? [])
        }
    }

    /// Removes an article's words from the contentless index, which needs the indexed values back.
    static func unindex(_ db: Database, id: Int64, _ article: Article) throws {
        try db.cachedStatement(sql: "INSERT INTO articleText (articleText, rowid, title, abstract) VALUES ('delete', ?, ?, ?)")
            .execute(arguments: [id, article.displayTitle, article.abstractText])
    }

    public func article(pmid: String) async throws -> StoredArticle? {
        try await writer.read { db -> StoredArticle? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE pmid = ?", arguments: [pmid]) else { return nil }
            let feeds = try String.fetchAll(db, sql: "SELECT feed FROM articleFeed WHERE pmid = ? ORDER BY feed", arguments: [pmid])
            let body: Data = row["body"]
            return StoredArticle(
                article: try RecordCoding.article(from: body, pmid: pmid),
                rawXML: RecordCoding.rawXML(from: body).map { String(decoding: $0, as: UTF8.self) } ?? "",
                tags: RecordCoding.tags(from: row["tags"]), firstSeenAt: row["firstSeenAt"], updatedAt: row["updatedAt"],
                revision: row["revision"], feeds: feeds)
        }
    }

    public func articles(after pmid: String?, limit: Int) async throws -> [Article] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT pmid, body FROM article WHERE pmid > ? ORDER BY pmid LIMIT ?", arguments: [pmid ?? "", max(limit, 0)]
            ).map { row in try RecordCoding.article(from: row["body"], pmid: row["pmid"]) }
        }
    }

    public func papers(naming nctID: String, firstSeen: Range<Date>?) async throws -> [PaperReference] {
        try await writer.read { db in
            var sql = """
                SELECT article.pmid, article.body, article.firstSeenAt FROM entryTag JOIN article ON article.pmid = entryTag.entryID
                WHERE entryTag.entryKind = 'article' AND entryTag.kind = 'nct' AND entryTag.value = ?
                """
            var arguments: StatementArguments = [nctID.uppercased()]
            if let firstSeen {
                sql += " AND article.firstSeenAt >= ? AND article.firstSeenAt < ?"
                arguments += [firstSeen.lowerBound, firstSeen.upperBound]
            }
            sql += " ORDER BY article.eventDay DESC, article.pmid DESC"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let pmid: String = row["pmid"]
                let article = try RecordCoding.article(from: row["body"], pmid: pmid)
                return PaperReference(pmid: pmid, title: article.displayTitle, firstSeenAt: row["firstSeenAt"])
            }
        }
    }

    public func articleEvents(_ query: ArticleEventQuery) async throws -> [ArticleEvent] {
        if let tagged = query.taggedAny, tagged.isEmpty { return [] }
        return try await writer.read { db in
            var sql = """
                SELECT articleEvent.*, article.body FROM articleEvent JOIN article ON article.pmid = articleEvent.pmid
                WHERE articleEvent.detectedAt >= ? AND articleEvent.detectedAt < ?
                """
            var arguments: StatementArguments = [query.since ?? Date(timeIntervalSince1970: 0), query.until]
            if let feed = query.feed {
                let (condition, values) = Self.feedCondition(
                    feed: feed, groups: query.feedTags, kind: .article, column: "articleEvent.pmid", feedTable: "articleFeed", feedKey: "pmid")
                sql += " AND " + condition
                arguments += values
            }
            if let tagged = query.taggedAny {
                sql += " AND articleEvent.pmid IN (SELECT entryID FROM entryTag WHERE entryKind = 'article' AND ("
                sql += tagged.map { _ in "(kind = ? AND value = ?)" }.joined(separator: " OR ") + "))"
                for filter in tagged { arguments += [filter.kind.rawValue, filter.value] }
            }
            sql += " ORDER BY articleEvent.detectedAt, articleEvent.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ArticleEvent(
                    pmid: row["pmid"], title: try RecordCoding.article(from: row["body"], pmid: row["pmid"]).displayTitle,
                    kind: ArticleEvent.Kind(rawValue: row["kind"]) ?? .corrected, detail: row["detail"],
                    detectedAt: row["detectedAt"])
            }
        }
    }
}

extension SQLiteStore {
    /// A store in memory, gone with the process: for dry runs and tests.
    public static func inMemory(now: @escaping @Sendable () -> Date = Date.init) throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(), now: now)
    }
}

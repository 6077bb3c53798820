import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The schema's history. Names are frozen and bodies use literal names, never app types:
    /// a migration that has run on a user's store must never change.
    static func migrator(legacyDecoder: LegacyDecoder?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-articles") { db in
            try db.create(table: "article") { t in
                t.primaryKey("pmid", .text)
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("abstract", .text).notNull()
                t.column("journal", .text)
                t.column("journalISO", .text)
                t.column("eventDay", .text)
                t.column("doi", .text)
                t.column("rawXML", .text).notNull()
                t.column("firstSeenAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("revision", .integer).notNull().defaults(to: 1)
            }
            try db.create(index: "article_on_eventDay", on: "article", columns: ["eventDay"])
            try db.create(virtualTable: "articleFT", using: FTS5()) { t in
                t.synchronize(withTable: "article")
                t.tokenizer = .porter(wrapping: .unicode61())
                t.column("title")
                t.column("abstract")
            }
            try db.create(table: "articleFeed") { t in
                t.column("pmid", .text).notNull().references("article", onDelete: .cascade)
                t.column("feed", .text).notNull()
                t.column("firstSeenAt", .datetime).notNull()
                t.primaryKey(["pmid", "feed"])
            }
            try db.create(index: "articleFeed_on_feed", on: "articleFeed", columns: ["feed"])
            try db.create(table: "deletedArticle") { t in
                t.primaryKey("pmid", .text)
                t.column("deletedAt", .datetime).notNull()
            }
            try db.create(table: "fetchRun") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("feed", .text).notNull()
                t.column("source", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime).notNull()
                t.column("windowStart", .text).notNull()
                t.column("windowEnd", .text).notNull()
                t.column("expected", .integer).notNull()
                t.column("stored", .integer).notNull()
                t.column("errors", .text).notNull()
                t.column("durationSeconds", .double).notNull()
                t.column("status", .text).notNull()
            }
            try db.create(index: "fetchRun_on_feed_source", on: "fetchRun", columns: ["feed", "source", "id"])
            try db.create(table: "feedCursor") { t in
                t.column("feed", .text).notNull()
                t.column("source", .text).notNull()
                t.column("windowEnd", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["feed", "source"])
            }
        }
        registerTrialMigrations(&migrator)
        registerTagMigrations(&migrator)
        migrator.registerMigration("v4-watch") { db in
            try db.create(table: "watch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("value", .text).notNull()
                t.column("addedAt", .datetime).notNull()
                t.uniqueKey(["kind", "value"])
            }
            try db.create(table: "watchCheck") { t in
                t.primaryKey("name", .text)
                t.column("checkedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5-article-events") { db in
            // A stored article that later comes back retracted or corrected.
            try db.create(table: "articleEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("pmid", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("detectedAt", .datetime).notNull()
                t.uniqueKey(["pmid", "kind", "detail"])
            }
            try db.create(index: "articleEvent_on_detectedAt", on: "articleEvent", columns: ["detectedAt"])
        }
        registerNormalisedRecords(&migrator, legacyDecoder: legacyDecoder)
        return migrator
    }
}

extension SQLiteStore {
    /// Trials: every distinct normalised version, the changes between consecutive versions, and
    /// an FTS5 index over titles, conditions and interventions.
    static func registerTrialMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-trials") { db in
            try db.create(table: "trial") { t in
                t.primaryKey("nctID", .text)
                t.column("briefTitle", .text).notNull()
                t.column("officialTitle", .text)
                t.column("conditions", .text).notNull()
                t.column("interventions", .text).notNull()
                t.column("overallStatus", .text)
                t.column("phase", .text)
                t.column("leadSponsor", .text)
                t.column("lastUpdatePosted", .text)
                t.column("eventDay", .text)
                t.column("firstSeenAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(virtualTable: "trialFT", using: FTS5()) { t in
                t.synchronize(withTable: "trial")
                t.tokenizer = .porter(wrapping: .unicode61())
                t.column("briefTitle")
                t.column("officialTitle")
                t.column("conditions")
                t.column("interventions")
            }
            try db.create(table: "trialVersion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("nctID", .text).notNull().references("trial", onDelete: .cascade)
                t.column("sortDay", .text).notNull()
                t.column("lastUpdatePosted", .text)
                t.column("fetchedAt", .datetime).notNull()
                t.column("hash", .text).notNull()
                t.column("normalized", .text).notNull()
                t.column("rawJSON", .blob).notNull()
                t.column("rawSize", .integer).notNull()
                t.uniqueKey(["nctID", "hash"])
            }
            try db.create(index: "trialVersion_on_nctID_sortDay", on: "trialVersion", columns: ["nctID", "sortDay", "id"])
            try db.create(table: "trialChange") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("nctID", .text).notNull().references("trial", onDelete: .cascade)
                t.column("fromVersion", .integer)
                t.column("toVersion", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("field", .text).notNull()
                t.column("old", .text)
                t.column("new", .text)
                t.column("line", .text).notNull()
                t.column("detectedAt", .datetime).notNull()
                t.column("fromLastUpdatePosted", .text)
                t.column("toLastUpdatePosted", .text)
            }
            try db.create(index: "trialChange_on_detectedAt", on: "trialChange", columns: ["detectedAt"])
            try db.create(index: "trialChange_on_nctID", on: "trialChange", columns: ["nctID"])
            try db.create(table: "trialFeed") { t in
                t.column("nctID", .text).notNull().references("trial", onDelete: .cascade)
                t.column("feed", .text).notNull()
                t.column("firstSeenAt", .datetime).notNull()
                t.primaryKey(["nctID", "feed"])
            }
            try db.alter(table: "fetchRun") { t in
                t.add(column: "dataVersion", .text)
            }
        }
    }
}

extension SQLiteStore {
    /// Tags per entry (article or trial), one row per tag, indexed by kind and value for search.
    static func registerTagMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-tags") { db in
            try db.create(table: "entryTag") { t in
                t.column("entryKind", .text).notNull()
                t.column("entryID", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("value", .text).notNull()
                t.column("evidence", .text).notNull()
                t.primaryKey(["entryKind", "entryID", "kind", "value"])
            }
            try db.create(index: "entryTag_on_kind_value", on: "entryTag", columns: ["kind", "value", "entryKind", "entryID"])
        }
    }
}

extension SQLiteStore {
    /// v6: an article is kept as one compressed body (normalised record, then raw XML) indexed by a
    /// contentless FTS5 table; each entry's tags are kept whole (order, evidence) beside it, with
    /// one row per tag (no evidence), keyed by kind and value, for filters; trial versions are told apart by content, not by a
    /// 64-bit key alone; a trial points at its current version.
    ///
    /// Articles of older stores kept only their XML: each is re-derived once with `legacyDecoder`.
    static func registerNormalisedRecords(_ migrator: inout DatabaseMigrator, legacyDecoder: LegacyDecoder?) {
        migrator.registerMigration("v6-normalised-records") { db in
            try db.execute(
                sql: """
                    CREATE TABLE articleV6 (
                        id INTEGER PRIMARY KEY,
                        pmid TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        eventDay TEXT,
                        firstSeenAt DATETIME NOT NULL,
                        updatedAt DATETIME NOT NULL,
                        revision INTEGER NOT NULL DEFAULT 1,
                        body BLOB NOT NULL,
                        tags BLOB
                    );
                    CREATE VIRTUAL TABLE articleText USING fts5(title, abstract, content='', tokenize='porter unicode61');
                    CREATE TABLE entryTagV6 (
                        kind TEXT NOT NULL,
                        value TEXT NOT NULL,
                        entryKind TEXT NOT NULL,
                        entryID TEXT NOT NULL,
                        PRIMARY KEY (kind, value, entryKind, entryID)
                    ) WITHOUT ROWID;
                    ALTER TABLE trial ADD COLUMN tags BLOB;
                    """)
            // Tags: the rows of v3 (with evidence) become each entry's whole set, in their order.
            var sets: [String: (EntryKind, String, TagSet)] = [:]
            let tagRows = try Row.fetchCursor(db, sql: "SELECT entryKind, entryID, kind, value, evidence FROM entryTag ORDER BY rowid")
            while let row = try tagRows.next() {
                guard let entryKind = EntryKind(rawValue: row["entryKind"]), let kind = TagKind(rawValue: row["kind"]) else { continue }
                let id: String = row["entryID"]
                let evidence = (try? RecordCoding.decoder.decode([TagSet.Evidence].self, from: Data((row["evidence"] as String).utf8))) ?? []
                var entry = sets["\(entryKind.rawValue)/\(id)"] ?? (entryKind, id, TagSet())
                entry.2[kind].append(TagSet.Tag(display: row["value"], evidence: evidence))
                sets["\(entryKind.rawValue)/\(id)"] = entry
            }
            try db.execute(sql: "INSERT OR IGNORE INTO entryTagV6 SELECT kind, value, entryKind, entryID FROM entryTag")
            let legacy = try Row.fetchCursor(db, sql: "SELECT pmid, rawXML, firstSeenAt, updatedAt, revision FROM article ORDER BY pmid")
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO articleV6 (pmid, kind, eventDay, firstSeenAt, updatedAt, revision, body, tags)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let index = try db.makeStatement(sql: "INSERT INTO articleText (rowid, title, abstract) VALUES (?, ?, ?)")
            while let row = try legacy.next() {
                guard let legacyDecoder else {
                    throw StoreError(
                        path: "article", message: "this store was made by an older bmfeed; open it with the bmfeed command to upgrade it")
                }
                let pmid: String = row["pmid"]
                let rawXML: String = row["rawXML"]
                let article = try legacyDecoder(rawXML, pmid)
                try insert.execute(arguments: [
                    pmid, article.kind.rawValue, article.eventDay?.iso, row["firstSeenAt"], row["updatedAt"], row["revision"],
                    try RecordCoding.articleBody(article, rawXML: rawXML), try sets["article/\(pmid)"].map { try RecordCoding.tagsBlob($0.2) },
                ])
                try index.execute(arguments: [db.lastInsertedRowID, article.displayTitle, article.abstractText])
            }
            for (kind, id, tags) in sets.values where kind == .trial {
                try db.execute(sql: "UPDATE trial SET tags = ? WHERE nctID = ?", arguments: [try RecordCoding.tagsBlob(tags), id])
            }
            try db.execute(
                sql: """
                    DROP TABLE articleFT;
                    DROP TABLE article;
                    ALTER TABLE articleV6 RENAME TO article;
                    CREATE INDEX article_on_eventDay ON article(eventDay);
                    CREATE INDEX article_on_firstSeenAt ON article(firstSeenAt);
                    DROP TABLE entryTag;
                    ALTER TABLE entryTagV6 RENAME TO entryTag;
                    CREATE TABLE trialVersionV6 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        nctID TEXT NOT NULL REFERENCES trial(nctID) ON DELETE CASCADE,
                        sortDay TEXT NOT NULL,
                        lastUpdatePosted TEXT,
                        fetchedAt DATETIME NOT NULL,
                        hash TEXT NOT NULL,
                        normalized TEXT NOT NULL,
                        rawJSON BLOB NOT NULL,
                        rawSize INTEGER NOT NULL
                    );
                    INSERT INTO trialVersionV6 SELECT id, nctID, sortDay, lastUpdatePosted, fetchedAt, hash, normalized, rawJSON, rawSize FROM trialVersion;
                    DROP TABLE trialVersion;
                    ALTER TABLE trialVersionV6 RENAME TO trialVersion;
                    CREATE INDEX trialVersion_on_nctID_hash ON trialVersion(nctID, hash);
                    CREATE INDEX trialVersion_on_nctID_sortDay ON trialVersion(nctID, sortDay, id);
                    ALTER TABLE trial ADD COLUMN currentVersion INTEGER;
                    UPDATE trial SET currentVersion = (
                        SELECT id FROM trialVersion v WHERE v.nctID = trial.nctID ORDER BY sortDay DESC, id DESC LIMIT 1);
                    """)
        }
    }
}

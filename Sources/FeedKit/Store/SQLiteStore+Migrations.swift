import GRDB

extension SQLiteStore {
    /// The schema's history. Names are frozen and bodies use literal names, never app types:
    /// a migration that has run on a user's store must never change.
    static var migrator: DatabaseMigrator {
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

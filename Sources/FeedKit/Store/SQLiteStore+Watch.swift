import Foundation
import GRDB

/// Something a user watches: a trial, a drug, a biomarker or a sponsor.
public struct WatchItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case trial, drug, biomarker, sponsor
    }

    public var kind: Kind
    /// An NCT id, a drug or biomarker display tag, or a sponsor name.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

extension SQLiteStore {
    public func addWatch(_ items: [WatchItem]) async throws {
        let now = now()
        try await writer.write { db in
            for item in items {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO watch (kind, value, addedAt) VALUES (?, ?, ?)", arguments: [item.kind.rawValue, item.value, now])
            }
        }
    }

    /// Removes watch items; returns how many were there.
    public func removeWatch(_ items: [WatchItem]) async throws -> Int {
        try await writer.write { db in
            var removed = 0
            for item in items {
                try db.execute(sql: "DELETE FROM watch WHERE kind = ? AND value = ?", arguments: [item.kind.rawValue, item.value])
                removed += db.changesCount
            }
            return removed
        }
    }

    public func watchList() async throws -> [WatchItem] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, value FROM watch ORDER BY kind, value").compactMap { row in
                WatchItem.Kind(rawValue: row["kind"]).map { WatchItem(kind: $0, value: row["value"]) }
            }
        }
    }

    /// When `watch check` last marked changes seen.
    public func lastWatchCheck() async throws -> Date? {
        try await writer.read { db in try Date.fetchOne(db, sql: "SELECT checkedAt FROM watchCheck WHERE name = 'watch'") }
    }

    public func markWatchChecked(at date: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO watchCheck (name, checkedAt) VALUES ('watch', ?)", arguments: [date])
        }
    }

    /// Changes detected in `since..<until` on watched trials, on trials tagged with a watched drug or
    /// biomarker, or led by a watched sponsor; oldest first.
    public func watchedChanges(since: Date?, until: Date, kinds: Set<TrialChange.Kind>) async throws -> [TrialChangeRecord] {
        let watched = try await watchList()
        guard !watched.isEmpty else { return [] }
        let ids: Set<String> = try await writer.read { db in
            var ids: Set<String> = []
            for item in watched {
                switch item.kind {
                case .trial:
                    ids.insert(item.value.uppercased())
                case .drug, .biomarker:
                    let kind = item.kind == .drug ? "drugs" : "alterations"
                    ids.formUnion(
                        try String.fetchAll(
                            db, sql: "SELECT entryID FROM entryTag WHERE entryKind = 'trial' AND kind = ? AND value = ?",
                            arguments: [kind, item.value]))
                case .sponsor:
                    ids.formUnion(
                        try String.fetchAll(db, sql: "SELECT nctID FROM trial WHERE leadSponsor = ? COLLATE NOCASE", arguments: [item.value]))
                }
            }
            return ids
        }
        var result: [TrialChangeRecord] = []
        for id in ids.sorted() {
            let changes = try await changes(ChangeQuery(since: since, nctID: id, kinds: kinds, limit: 10_000))
            result += changes.filter { $0.detectedAt < until }
        }
        if kinds.isEmpty || kinds.contains(.publication) {
            result += try await publications(about: ids, since: since, until: until)
        }
        return result.sorted { ($0.detectedAt, $0.nctId) < ($1.detectedAt, $1.nctId) }
    }

    /// Papers stored in `since..<until` that name one of `trials` (DataBankList or an NCT id in the text).
    func publications(about trials: Set<String>, since: Date?, until: Date) async throws -> [TrialChangeRecord] {
        guard !trials.isEmpty else { return [] }
        return try await writer.read { db in
            var records: [TrialChangeRecord] = []
            for id in trials.sorted() {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT article.pmid, article.title, article.firstSeenAt, trial.briefTitle FROM entryTag
                        JOIN article ON article.pmid = entryTag.entryID
                        LEFT JOIN trial ON trial.nctID = entryTag.value
                        WHERE entryTag.entryKind = 'article' AND entryTag.kind = 'nct' AND entryTag.value = ?
                          AND article.firstSeenAt >= ? AND article.firstSeenAt < ?
                        ORDER BY article.firstSeenAt, article.pmid
                        """,
                    arguments: [id, since ?? Date(timeIntervalSince1970: 0), until])
                for row in rows {
                    let pmid: String = row["pmid"]
                    let title: String = row["title"]
                    records.append(
                        TrialChangeRecord(
                            nctId: id, title: row["briefTitle"] ?? id, kind: .publication, field: "publication", old: nil,
                            new: ChangeValue(text: pmid), line: "New publication for watched trial: \(title) (PMID \(pmid))",
                            detectedAt: row["firstSeenAt"], fromLastUpdatePostDate: nil, toLastUpdatePostDate: nil))
                }
            }
            return records
        }
    }

    /// PMIDs and titles of stored papers that name a trial.
    public func papers(about nctID: String) async throws -> [(pmid: String, title: String)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT article.pmid, article.title FROM entryTag JOIN article ON article.pmid = entryTag.entryID
                    WHERE entryTag.entryKind = 'article' AND entryTag.kind = 'nct' AND entryTag.value = ? ORDER BY article.eventDay DESC
                    """,
                arguments: [nctID.uppercased()]
            ).map { ($0["pmid"], $0["title"]) }
        }
    }
}

extension SQLiteStore {
    /// Retractions and corrections of stored articles detected in `since..<until`, limited to a
    /// feed's articles or (with `watched`) to articles naming a watched trial, drug or biomarker.
    public func articleEvents(since: Date?, until: Date, feed: String? = nil, watchedOnly: Bool = false) async throws -> [ArticleEvent] {
        let watched = watchedOnly ? try await watchList() : []
        return try await writer.read { db in
            var sql = """
                SELECT articleEvent.*, article.title FROM articleEvent JOIN article ON article.pmid = articleEvent.pmid
                WHERE articleEvent.detectedAt >= ? AND articleEvent.detectedAt < ?
                """
            var arguments: StatementArguments = [since ?? Date(timeIntervalSince1970: 0), until]
            if let feed {
                sql += " AND articleEvent.pmid IN (SELECT pmid FROM articleFeed WHERE feed = ?)"
                arguments += [feed]
            }
            if watchedOnly {
                let pairs = watched.compactMap { item -> (String, String)? in
                    switch item.kind {
                    case .trial: return ("nct", item.value)
                    case .drug: return ("drugs", item.value)
                    case .biomarker: return ("alterations", item.value)
                    case .sponsor: return nil
                    }
                }
                guard !pairs.isEmpty else { return [] }
                sql += " AND articleEvent.pmid IN (SELECT entryID FROM entryTag WHERE entryKind = 'article' AND ("
                sql += pairs.map { _ in "(kind = ? AND value = ?)" }.joined(separator: " OR ") + "))"
                for (kind, value) in pairs { arguments += [kind, value] }
            }
            sql += " ORDER BY articleEvent.detectedAt, articleEvent.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ArticleEvent(
                    pmid: row["pmid"], title: row["title"], kind: ArticleEvent.Kind(rawValue: row["kind"]) ?? .corrected, detail: row["detail"],
                    detectedAt: row["detectedAt"])
            }
        }
    }
}

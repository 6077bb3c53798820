import FeedModel
import FeedStore
import Foundation
import GRDB

extension SQLiteStore {
    // MARK: - Writing

    public func save(_ batch: TrialBatch) async throws -> TrialSaveSummary {
        let now = now()
        let stamp = now.databaseValue
        let prepared = try batch.records.map { record -> (TrialBatch.Record, String, String, Data) in
            let normalized = String(decoding: try RecordCoding.encoder.encode(record.trial), as: UTF8.self)
            guard let compressed = Deflate.compress(record.rawJSON) else {
                throw StoreError(path: "trial \(record.trial.nctID)", message: "the document could not be compressed")
            }
            return (record, normalized, Self.contentKey(normalized), compressed)
        }
        let history = batch.history
        return try await writer.write { db in
            var summary = TrialSaveSummary()
            var touched: [String] = []
            for (record, normalized, key, compressed) in prepared {
                let trial = record.trial
                let known = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM trial WHERE nctID = ?"), arguments: [trial.nctID]) ?? false
                if !known {
                    summary.newTrials += 1
                    try Self.upsertTrialRow(db, trial, current: nil, stamp: stamp)
                }
                if let tags = batch.tags[trial.nctID] { try Self.writeTags(db, kind: .trial, id: trial.nctID, tags: tags) }
                if let feed = batch.feed {
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO trialFeed (nctID, feed, firstSeenAt) VALUES (?, ?, ?)")
                        .execute(arguments: [trial.nctID, feed, stamp])
                }
                // The key finds candidates; the content decides, so a key collision never drops a version.
                let candidates = try String.fetchAll(
                    db.cachedStatement(sql: "SELECT normalized FROM trialVersion WHERE nctID = ? AND hash = ?"), arguments: [trial.nctID, key])
                if candidates.contains(normalized) {
                    summary.unchanged += 1
                    continue
                }
                try db.cachedStatement(
                    sql: """
                        INSERT INTO trialVersion (nctID, sortDay, lastUpdatePosted, fetchedAt, hash, normalized, rawJSON, rawSize)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        trial.nctID, record.orderKey, trial.lastUpdatePosted?.raw, stamp, key, normalized, compressed, record.rawJSON.count,
                    ])
                summary.newVersions += 1
                if !touched.contains(trial.nctID) { touched.append(trial.nctID) }
            }
            for nctID in touched {
                summary.changes += try Self.applyHistory(db, nctID: nctID, now: now, history: history)
            }
            return summary
        }
    }

    /// Hands a trial's ordered versions and known changes to the batch's history function, then
    /// stores what it derives: the changes, and the current version behind the trial row.
    private static func applyHistory(
        _ db: Database, nctID: String, now: Date, history: @Sendable (TrialHistory) -> DerivedHistory
    ) throws -> [TrialChangeRecord] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, normalized, fetchedAt FROM trialVersion WHERE nctID = ? ORDER BY sortDay, id"), arguments: [nctID])
        let versions = try rows.map { row in
            TrialHistory.Version(
                id: row["id"], trial: try RecordCoding.decoder.decode(Trial.self, from: Data((row["normalized"] as String).utf8)),
                fetchedAt: row["fetchedAt"])
        }
        guard !versions.isEmpty else { return [] }
        let known = try fetchChanges(db, ChangeQuery(nctID: nctID, limit: 1_000_000))
        let derived = history(TrialHistory(nctID: nctID, versions: versions, known: known, now: now))
        try db.cachedStatement(sql: "DELETE FROM trialChange WHERE nctID = ?").execute(arguments: [nctID])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO trialChange (nctID, fromVersion, toVersion, kind, field, old, new, line, detectedAt, fromLastUpdatePosted, toLastUpdatePosted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for change in derived.changes {
            let record = change.record
            try insert.execute(arguments: [
                nctID, change.fromVersion, change.toVersion, record.kind.rawValue, record.field, try json(record.old), try json(record.new),
                record.line, record.detectedAt, record.fromLastUpdatePostDate, record.toLastUpdatePostDate,
            ])
        }
        let current = versions.first { $0.id == derived.current } ?? versions[versions.count - 1]
        try upsertTrialRow(db, current.trial, current: current.id, stamp: now.databaseValue)
        return derived.fresh
    }

    private static func upsertTrialRow(_ db: Database, _ trial: Trial, current: Int64?, stamp: DatabaseValue) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO trial (nctID, briefTitle, officialTitle, conditions, interventions, overallStatus, phase, leadSponsor, lastUpdatePosted, eventDay, firstSeenAt, updatedAt, currentVersion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(nctID) DO UPDATE SET
                    briefTitle = excluded.briefTitle, officialTitle = excluded.officialTitle, conditions = excluded.conditions,
                    interventions = excluded.interventions, overallStatus = excluded.overallStatus, phase = excluded.phase, leadSponsor = excluded.leadSponsor,
                    lastUpdatePosted = excluded.lastUpdatePosted, eventDay = excluded.eventDay, updatedAt = excluded.updatedAt,
                    currentVersion = excluded.currentVersion
                """
        ).execute(
            arguments: [
                trial.nctID, trial.briefTitle, trial.officialTitle, trial.conditions.joined(separator: "; "),
                trial.interventions.map { ([$0.name] + $0.otherNames).joined(separator: ", ") }.joined(separator: "; "), trial.overallStatus,
                trial.phaseLabel, trial.leadSponsor?.name, trial.lastUpdatePosted?.raw, trial.lastUpdatePosted?.earliestDay.iso, stamp, stamp,
                current,
            ])
    }

    // MARK: - Reading

    /// The SQL giving a trial's current version: the one its history chose.
    static let currentVersionSQL = "SELECT normalized FROM trialVersion WHERE id = trial.currentVersion"

    public func trial(nctID: String) async throws -> StoredTrial? {
        let id = nctID.uppercased()
        return try await writer.read { db -> StoredTrial? in
            guard let row = try Row.fetchOne(db, sql: "SELECT firstSeenAt, currentVersion, tags FROM trial WHERE nctID = ?", arguments: [id]) else {
                return nil
            }
            let versionRows = try Row.fetchAll(
                db,
                sql: "SELECT id, lastUpdatePosted, fetchedAt, rawSize, normalized, rawJSON FROM trialVersion WHERE nctID = ? ORDER BY sortDay, id",
                arguments: [id])
            let currentID: Int64? = row["currentVersion"]
            guard let current = versionRows.first(where: { $0["id"] == currentID }) ?? versionRows.last else { return nil }
            let trial = try RecordCoding.decoder.decode(Trial.self, from: Data((current["normalized"] as String).utf8))
            let raw = Deflate.decompress(current["rawJSON"], size: current["rawSize"]) ?? Data()
            let feeds = try String.fetchAll(db, sql: "SELECT feed FROM trialFeed WHERE nctID = ? ORDER BY feed", arguments: [id])
            return StoredTrial(
                trial: trial,
                versions: versionRows.map {
                    StoredTrial.Version(lastUpdatePostDate: $0["lastUpdatePosted"], fetchedAt: $0["fetchedAt"], rawSize: $0["rawSize"])
                },
                changes: try Self.fetchChanges(db, ChangeQuery(nctID: id, limit: 1_000_000)).reversed(),
                tags: RecordCoding.tags(from: row["tags"]), firstSeenAt: row["firstSeenAt"], feeds: feeds,
                rawJSON: String(decoding: raw, as: UTF8.self))
        }
    }

    public func trials(after nctID: String?, limit: Int) async throws -> [Trial] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT (\(Self.currentVersionSQL)) FROM trial WHERE nctID > ? ORDER BY nctID LIMIT ?",
                arguments: [nctID ?? "", max(limit, 0)]
            ).map { try RecordCoding.decoder.decode(Trial.self, from: Data($0.utf8)) }
        }
    }

    public func changes(_ query: ChangeQuery) async throws -> [TrialChangeRecord] {
        try await writer.read { db in try Self.fetchChanges(db, query) }
    }

    static func fetchChanges(_ db: Database, _ query: ChangeQuery) throws -> [TrialChangeRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("trialChange.detectedAt >= ?")
            arguments += [since]
        }
        if let until = query.until {
            conditions.append("trialChange.detectedAt < ?")
            arguments += [until]
        }
        if let ids = query.nctIDs {
            guard !ids.isEmpty else { return [] }
            conditions.append("trialChange.nctID IN (\(ids.map { _ in "?" }.joined(separator: ", ")))")
            for id in ids { arguments += [id.uppercased()] }
        }
        if !query.kinds.isEmpty {
            conditions.append("trialChange.kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ", ")))")
            for kind in query.kinds.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [kind.rawValue] }
        }
        if let feed = query.feed {
            let (condition, values) = feedCondition(
                feed: feed, groups: query.feedTags, kind: .trial, column: "trialChange.nctID", feedTable: "trialFeed", feedKey: "nctID")
            conditions.append(condition)
            arguments += values
        }
        var sql = "SELECT trialChange.*, trial.briefTitle FROM trialChange JOIN trial ON trial.nctID = trialChange.nctID"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY trialChange.toLastUpdatePosted DESC, trialChange.nctID, trialChange.id LIMIT ?"
        arguments += [max(query.limit, 0)]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            TrialChangeRecord(
                nctId: row["nctID"], title: row["briefTitle"], kind: TrialChange.Kind(rawValue: row["kind"]) ?? .status, field: row["field"],
                old: try value(row["old"]), new: try value(row["new"]), line: row["line"], detectedAt: row["detectedAt"],
                fromLastUpdatePostDate: row["fromLastUpdatePosted"], toLastUpdatePostDate: row["toLastUpdatePosted"])
        }
    }

    public func trialIDs(leadSponsor name: String) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT nctID FROM trial WHERE leadSponsor = ? COLLATE NOCASE ORDER BY nctID", arguments: [name])
        }
    }

    public func sponsors() async throws -> [(name: String, trials: Int)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT leadSponsor, COUNT(*) AS n FROM trial WHERE leadSponsor IS NOT NULL GROUP BY leadSponsor ORDER BY n DESC, leadSponsor"
            ).map { ($0["leadSponsor"], $0["n"]) }
        }
    }

    // MARK: - Encoding

    private static func json(_ value: ChangeValue?) throws -> String? {
        try value.map { String(decoding: try RecordCoding.encoder.encode($0), as: UTF8.self) }
    }

    private static func value(_ text: String?) throws -> ChangeValue? {
        try text.map { try RecordCoding.decoder.decode(ChangeValue.self, from: Data($0.utf8)) }
    }

    /// FNV-1a, 64 bits, over the canonical normalised JSON: an index key to find stored versions
    /// with the same content. Identity is decided by comparing the content itself.
    static func contentKey(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

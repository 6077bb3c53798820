import Foundation
import GRDB

extension SQLiteStore {
    // MARK: - Writing

    public func save(_ batch: TrialBatch) async throws -> TrialSaveSummary {
        let now = now()
        let stamp = now.databaseValue
        let prepared = try batch.records.map { record -> (TrialRecord, String, String) in
            let normalized = String(decoding: try Self.trialEncoder.encode(record.trial), as: UTF8.self)
            return (record, normalized, Self.hash(normalized))
        }
        return try await writer.write { db in
            var summary = TrialSaveSummary()
            var touched: [String] = []
            for (record, normalized, hash) in prepared {
                let trial = record.trial
                let known = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM trial WHERE nctID = ?"), arguments: [trial.nctID]) ?? false
                if !known {
                    summary.newTrials += 1
                    try Self.upsertTrialRow(db, trial, stamp: stamp)
                }
                if let tags = batch.tags[trial.nctID] { try Self.writeTags(db, kind: .trial, id: trial.nctID, tags: tags) }
                if let feed = batch.feed {
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO trialFeed (nctID, feed, firstSeenAt) VALUES (?, ?, ?)")
                        .execute(arguments: [trial.nctID, feed, stamp])
                }
                let exists =
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM trialVersion WHERE nctID = ? AND hash = ?", arguments: [trial.nctID, hash]) ?? false
                if exists {
                    summary.unchanged += 1
                    continue
                }
                let compressed = Deflate.compress(record.rawJSON)
                try db.cachedStatement(
                    sql: """
                        INSERT INTO trialVersion (nctID, sortDay, lastUpdatePosted, fetchedAt, hash, normalized, rawJSON, rawSize)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        trial.nctID, Self.sortDay(trial, fetchedAt: now).iso, trial.lastUpdatePosted?.raw, stamp, hash, normalized,
                        compressed, record.rawJSON.count,
                    ])
                summary.newVersions += 1
                if !touched.contains(trial.nctID) { touched.append(trial.nctID) }
            }
            for nctID in touched {
                summary.changes += try Self.rederiveChanges(db, nctID: nctID, now: now)
            }
            return summary
        }
    }

    /// The day a version sorts by: last update posted, else the data snapshot's day, else the
    /// day it was fetched. An older capture ingested late slots in where it belongs.
    static func sortDay(_ trial: Trial, fetchedAt: Date) -> CalendarDay {
        trial.lastUpdatePosted?.earliestDay ?? trial.versionHolder ?? CalendarDay(fetchedAt)
    }

    /// Recomputes a trial's changes from its ordered versions, keeping the detection time of
    /// changes already known; returns the ones seen for the first time.
    private static func rederiveChanges(_ db: Database, nctID: String, now: Date) throws -> [TrialChangeRecord] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, normalized FROM trialVersion WHERE nctID = ? ORDER BY sortDay, id"), arguments: [nctID])
        let versions = try rows.map { row -> (Int64, Trial) in
            (row["id"], try trialDecoder.decode(Trial.self, from: Data((row["normalized"] as String).utf8)))
        }
        guard let current = versions.last?.1 else { return [] }
        var known: [String: Date] = [:]
        // A change is the same change when it says the same thing about the same two postings;
        // version ids shift when an older capture slots in, so they are not part of the key.
        func key(_ kind: String, _ field: String, _ line: String, _ from: String?, _ to: String?) -> String {
            kind == TrialChange.Kind.new.rawValue ? kind : [kind, field, line, from ?? "", to ?? ""].joined(separator: "|")
        }
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT kind, field, line, fromLastUpdatePosted, toLastUpdatePosted, detectedAt FROM trialChange WHERE nctID = ?"),
            arguments: [nctID])
        {
            known[key(row["kind"], row["field"], row["line"], row["fromLastUpdatePosted"], row["toLastUpdatePosted"])] = row["detectedAt"]
        }
        try db.cachedStatement(sql: "DELETE FROM trialChange WHERE nctID = ?").execute(arguments: [nctID])
        var fresh: [TrialChangeRecord] = []
        var previous: (Int64, Trial)?
        for (id, trial) in versions {
            for change in TrialDiff.changes(from: previous?.1, to: trial) {
                let key = key(change.kind.rawValue, change.field, change.line, previous?.1.lastUpdatePosted?.raw, trial.lastUpdatePosted?.raw)
                let detectedAt = known[key] ?? now
                let record = TrialChangeRecord(
                    nctId: nctID, title: current.briefTitle, kind: change.kind, field: change.field, old: change.old, new: change.new,
                    line: change.line, detectedAt: detectedAt, fromLastUpdatePostDate: previous?.1.lastUpdatePosted?.raw,
                    toLastUpdatePostDate: trial.lastUpdatePosted?.raw)
                try db.cachedStatement(
                    sql: """
                        INSERT INTO trialChange (nctID, fromVersion, toVersion, kind, field, old, new, line, detectedAt, fromLastUpdatePosted, toLastUpdatePosted)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        nctID, previous?.0, id, change.kind.rawValue, change.field, try json(change.old), try json(change.new), change.line,
                        detectedAt, record.fromLastUpdatePostDate, record.toLastUpdatePostDate,
                    ])
                if known[key] == nil { fresh.append(record) }
            }
            previous = (id, trial)
        }
        try upsertTrialRow(db, current, stamp: now.databaseValue)
        return fresh
    }

    private static func upsertTrialRow(_ db: Database, _ trial: Trial, stamp: DatabaseValue) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO trial (nctID, briefTitle, officialTitle, conditions, interventions, overallStatus, phase, leadSponsor, lastUpdatePosted, eventDay, firstSeenAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(nctID) DO UPDATE SET
                    briefTitle = excluded.briefTitle, officialTitle = excluded.officialTitle, conditions = excluded.conditions,
                    interventions = excluded.interventions, overallStatus = excluded.overallStatus, phase = excluded.phase, leadSponsor = excluded.leadSponsor,
                    lastUpdatePosted = excluded.lastUpdatePosted, eventDay = excluded.eventDay, updatedAt = excluded.updatedAt
                """
        ).execute(
            arguments: [
                trial.nctID, trial.briefTitle, trial.officialTitle, trial.conditions.joined(separator: "; "),
                trial.interventions.map { ([$0.name] + $0.otherNames).joined(separator: ", ") }.joined(separator: "; "), trial.overallStatus,
                trial.phaseLabel, trial.leadSponsor?.name, trial.lastUpdatePosted?.raw, trial.lastUpdatePosted?.earliestDay.iso, stamp, stamp,
            ])
    }

    // MARK: - Reading

    public func trial(nctID: String) async throws -> StoredTrial? {
        let id = nctID.uppercased()
        return try await writer.read { db -> StoredTrial? in
            guard let row = try Row.fetchOne(db, sql: "SELECT firstSeenAt FROM trial WHERE nctID = ?", arguments: [id]) else { return nil }
            let versionRows = try Row.fetchAll(
                db, sql: "SELECT lastUpdatePosted, fetchedAt, rawSize, normalized, rawJSON FROM trialVersion WHERE nctID = ? ORDER BY sortDay, id",
                arguments: [id])
            guard let last = versionRows.last else { return nil }
            let trial = try Self.trialDecoder.decode(Trial.self, from: Data((last["normalized"] as String).utf8))
            let raw = Deflate.decompress(last["rawJSON"], size: last["rawSize"]) ?? Data()
            let feeds = try String.fetchAll(db, sql: "SELECT feed FROM trialFeed WHERE nctID = ? ORDER BY feed", arguments: [id])
            return StoredTrial(
                trial: trial,
                versions: versionRows.map {
                    StoredTrial.Version(lastUpdatePostDate: $0["lastUpdatePosted"], fetchedAt: $0["fetchedAt"], rawSize: $0["rawSize"])
                },
                changes: try Self.fetchChanges(db, ChangeQuery(nctID: id)).reversed(), firstSeenAt: row["firstSeenAt"], feeds: feeds,
                rawJSON: String(decoding: raw, as: UTF8.self))
        }
    }

    public func changes(_ query: ChangeQuery) async throws -> [TrialChangeRecord] {
        try await writer.read { db in try Self.fetchChanges(db, query) }
    }

    private static func fetchChanges(_ db: Database, _ query: ChangeQuery) throws -> [TrialChangeRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("trialChange.detectedAt >= ?")
            arguments += [since]
        }
        if let nct = query.nctID {
            conditions.append("trialChange.nctID = ?")
            arguments += [nct.uppercased()]
        }
        if !query.kinds.isEmpty {
            conditions.append("trialChange.kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ", ")))")
            for kind in query.kinds.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [kind.rawValue] }
        }
        if let feed = query.feed {
            conditions.append("trialChange.nctID IN (SELECT nctID FROM trialFeed WHERE feed = ?)")
            arguments += [feed]
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

    func searchTrials(_ query: SearchQuery) async throws -> [SearchHit] {
        guard let (sql, arguments) = Self.searchSQL(query, in: .trials) else { return [] }
        return try await writer.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> SearchHit? in
                let id: String = row["nctID"]
                guard
                    let normalized = try String.fetchOne(
                        db, sql: "SELECT normalized FROM trialVersion WHERE nctID = ? ORDER BY sortDay DESC, id DESC LIMIT 1", arguments: [id])
                else { return nil }
                let trial = try Self.trialDecoder.decode(Trial.self, from: Data(normalized.utf8))
                return SearchHit(trial: trial, score: row["score"], firstSeenAt: row["firstSeenAt"], eventDay: trial.lastUpdatePosted?.earliestDay)
            }
        }
    }

    // MARK: - Encoding

    static let trialEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let trialDecoder = JSONDecoder()

    private static func json(_ value: ChangeValue?) throws -> String? {
        try value.map { String(decoding: try trialEncoder.encode($0), as: UTF8.self) }
    }

    private static func value(_ text: String?) throws -> ChangeValue? {
        try text.map { try trialDecoder.decode(ChangeValue.self, from: Data($0.utf8)) }
    }

    /// FNV-1a, 64 bits, over the canonical normalised JSON: equal content, equal hash.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

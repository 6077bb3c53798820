import Foundation

/// Trials read from one chunk of input, stored together in one transaction.
public struct TrialBatch: Sendable {
    public var records: [TrialRecord]
    /// Tags by NCT id, stored in the same transaction.
    public var tags: [String: TagSet] = [:]
    /// The feed that found these trials; nil for plain ingests.
    public var feed: String?

    public init(records: [TrialRecord] = [], feed: String? = nil) {
        self.records = records
        self.feed = feed
    }
}

/// What saving a batch of trials changed.
public struct TrialSaveSummary: Sendable, Hashable {
    /// Trials seen for the first time.
    public var newTrials = 0
    /// New distinct versions stored (first sightings included).
    public var newVersions = 0
    /// Documents identical (after normalisation) to a stored version: nothing stored.
    public var unchanged = 0
    /// Changes detected by this batch.
    public var changes: [TrialChangeRecord] = []

    public init() {}

    /// Studies the batch held.
    public var stored: Int { newVersions + unchanged }

    public static func + (lhs: TrialSaveSummary, rhs: TrialSaveSummary) -> TrialSaveSummary {
        var sum = lhs
        sum.newTrials += rhs.newTrials
        sum.newVersions += rhs.newVersions
        sum.unchanged += rhs.unchanged
        sum.changes += rhs.changes
        return sum
    }
}

/// A detected change with the trial and versions it belongs to; what `bmfeed changes` prints.
public struct TrialChangeRecord: Sendable, Hashable, Codable {
    public var nctId: String
    public var title: String
    public var kind: TrialChange.Kind
    public var field: String
    public var old: ChangeValue?
    public var new: ChangeValue?
    public var line: String
    /// When bmfeed first saw this change.
    public var detectedAt: Date
    public var fromLastUpdatePostDate: String?
    public var toLastUpdatePostDate: String?

    public var change: TrialChange { TrialChange(kind: kind, field: field, old: old, new: new, line: line) }
}

/// Which changes to list.
public struct ChangeQuery: Sendable, Hashable {
    /// Changes detected at or after this instant.
    public var since: Date?
    public var nctID: String?
    public var kinds: Set<TrialChange.Kind>
    public var feed: String?
    public var limit: Int

    public init(since: Date? = nil, nctID: String? = nil, kinds: Set<TrialChange.Kind> = [], feed: String? = nil, limit: Int = 1000) {
        self.since = since
        self.nctID = nctID
        self.kinds = kinds
        self.feed = feed
        self.limit = limit
    }
}

/// A trial as stored: its current version, its version list and every change.
public struct StoredTrial: Sendable, Codable {
    /// One stored version.
    public struct Version: Sendable, Codable {
        public var lastUpdatePostDate: String?
        public var fetchedAt: Date
        public var rawSize: Int
    }

    public var trial: Trial
    public var versions: [Version]
    public var changes: [TrialChangeRecord]
    public var firstSeenAt: Date
    public var feeds: [String]
    /// The current version's raw JSON as received.
    public var rawJSON: String
}

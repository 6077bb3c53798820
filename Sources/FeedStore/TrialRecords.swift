import FeedModel
import Foundation

/// Trials read from one chunk of input, stored together in one transaction.
public struct TrialBatch: Sendable {
    /// One trial version to store, with the key it sorts by among the trial's versions.
    public struct Record: Sendable {
        public var trial: Trial
        public var rawJSON: Data
        /// Versions are ordered by this key, then by arrival; FeedKit sets it (the posting day).
        public var orderKey: String

        public init(trial: Trial, rawJSON: Data, orderKey: String) {
            self.trial = trial
            self.rawJSON = rawJSON
            self.orderKey = orderKey
        }
    }

    public var records: [Record]
    /// Tags by NCT id, stored in the same transaction.
    public var tags: [String: TagSet] = [:]
    /// The feed that found these trials; nil for plain ingests.
    public var feed: String?
    /// Derives a trial's changes and current version from its ordered versions: the store calls
    /// it, inside the transaction, for every trial that got a new version, and keeps the result.
    public var history: @Sendable (TrialHistory) -> DerivedHistory

    public init(records: [Record] = [], feed: String? = nil, history: @escaping @Sendable (TrialHistory) -> DerivedHistory) {
        self.records = records
        self.feed = feed
        self.history = history
    }
}

/// A trial's stored versions in order and the changes already known, for ``TrialBatch/history``.
public struct TrialHistory: Sendable {
    /// One stored version.
    public struct Version: Sendable {
        /// The store's id of the version.
        public var id: Int64
        public var trial: Trial
        public var fetchedAt: Date

        public init(id: Int64, trial: Trial, fetchedAt: Date) {
            self.id = id
            self.trial = trial
            self.fetchedAt = fetchedAt
        }
    }

    public var nctID: String
    /// Ordered by order key, then arrival.
    public var versions: [Version]
    /// The changes stored before this save, with their detection times.
    public var known: [TrialChangeRecord]
    /// The time of the save: detection time of changes seen now for the first time.
    public var now: Date

    public init(nctID: String, versions: [Version], known: [TrialChangeRecord], now: Date) {
        self.nctID = nctID
        self.versions = versions
        self.known = known
        self.now = now
    }
}

/// What ``TrialBatch/history`` derives: every change between versions, which of them are new,
/// and which version is the trial's current state.
public struct DerivedHistory: Sendable {
    /// A change between two versions (by store id; `from` is nil for the first).
    public struct Change: Sendable {
        public var record: TrialChangeRecord
        public var fromVersion: Int64?
        public var toVersion: Int64

        public init(record: TrialChangeRecord, fromVersion: Int64?, toVersion: Int64) {
            self.record = record
            self.fromVersion = fromVersion
            self.toVersion = toVersion
        }
    }

    /// Replaces the trial's stored changes.
    public var changes: [Change]
    /// The changes seen for the first time.
    public var fresh: [TrialChangeRecord]
    /// The version that is the trial's current state.
    public var current: Int64

    public init(changes: [Change], fresh: [TrialChangeRecord], current: Int64) {
        self.changes = changes
        self.fresh = fresh
        self.current = current
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

/// Which changes to list.
public struct ChangeQuery: Sendable, Hashable {
    /// Changes detected at or after this instant.
    public var since: Date?
    /// Changes detected before this instant.
    public var until: Date?
    /// Only these trials (any of them); nil for all.
    public var nctIDs: [String]?
    public var kinds: Set<TrialChange.Kind>
    /// Only changes of trials found by this feed.
    public var feed: String?
    /// With `feed`: entries carrying a tag of each of these groups (any tag within a group) belong
    /// to the feed too, fetched by it or not: a feed is a saved query over the store.
    public var feedTags: [[TagFilter]] = []
    public var limit: Int

    public init(
        since: Date? = nil, until: Date? = nil, nctID: String? = nil, nctIDs: [String]? = nil, kinds: Set<TrialChange.Kind> = [],
        feed: String? = nil, feedTags: [[TagFilter]] = [], limit: Int = 1000
    ) {
        self.feedTags = feedTags
        self.since = since
        self.until = until
        self.nctIDs = nctID.map { [$0] } ?? nctIDs
        self.kinds = kinds
        self.feed = feed
        self.limit = limit
    }
}

/// A trial as stored: its current version, its version list, every change and its tags.
public struct StoredTrial: Sendable, Codable {
    /// One stored version.
    public struct Version: Sendable, Codable {
        public var lastUpdatePostDate: String?
        public var fetchedAt: Date
        public var rawSize: Int

        public init(lastUpdatePostDate: String?, fetchedAt: Date, rawSize: Int) {
            self.lastUpdatePostDate = lastUpdatePostDate
            self.fetchedAt = fetchedAt
            self.rawSize = rawSize
        }
    }

    public var trial: Trial
    public var versions: [Version]
    /// Oldest first.
    public var changes: [TrialChangeRecord]
    public var tags: TagSet
    public var firstSeenAt: Date
    public var feeds: [String]
    /// The current version's raw JSON as received.
    public var rawJSON: String

    public init(
        trial: Trial, versions: [Version], changes: [TrialChangeRecord], tags: TagSet, firstSeenAt: Date, feeds: [String], rawJSON: String
    ) {
        self.trial = trial
        self.versions = versions
        self.changes = changes
        self.tags = tags
        self.firstSeenAt = firstSeenAt
        self.feeds = feeds
        self.rawJSON = rawJSON
    }
}

import Foundation

/// Where bmfeed keeps everything it has fetched: the one seam between the feed logic and a database.
///
/// ``SQLiteStore`` is the embedded default; a shared PostgreSQL store for teams would implement
/// this same protocol. Every method that writes is one transaction: a batch is stored whole or not
/// at all, and a feed's cursor moves in the same transaction as the run that earned it.
///
/// ## Topics
///
/// ### Writing
/// - ``save(_:)``
/// - ``record(_:advancingCursorTo:)``
///
/// ### Reading
/// - ``article(pmid:)``
/// - ``search(_:)``
/// - ``stats()``
/// - ``cursor(feed:source:)``
public protocol FeedStore: Sendable {
    /// Upserts a batch of records and applies its deletions, in one transaction.
    func save(_ batch: ArticleBatch) async throws -> SaveSummary
    /// One stored article with its raw XML and bookkeeping, or nil.
    func article(pmid: String) async throws -> StoredArticle?
    /// Full-text and filtered search, best matches first (newest first without text).
    func search(_ query: SearchQuery) async throws -> [SearchHit]
    /// Counts per source and the last run of each feed.
    func stats() async throws -> StoreStats
    /// The last day a feed's source was fetched through successfully, or nil before its first run.
    func cursor(feed: String, source: Source) async throws -> CalendarDay?
    /// Logs a fetch run and, when `day` is given, moves the feed's cursor to it, together.
    func record(_ run: FetchRun, advancingCursorTo day: CalendarDay?) async throws

    /// Stores new trial versions (identical ones store nothing) and detects their changes, in one transaction.
    func save(_ batch: TrialBatch) async throws -> TrialSaveSummary
    /// One trial with its versions and changes, or nil.
    func trial(nctID: String) async throws -> StoredTrial?
    /// Detected changes, newest first.
    func changes(_ query: ChangeQuery) async throws -> [TrialChangeRecord]
    /// The registry data version (`/api/v2/version` dataTimestamp) of a feed's last successful run.
    func lastDataVersion(feed: String, source: Source) async throws -> String?

    /// Replaces the tags of these entries, in one transaction (`bmfeed retag`).
    func replaceTags(_ entries: [EntryTags]) async throws
    /// Stored articles in PMID order after `pmid`, for re-deriving tags page by page.
    func articles(after pmid: String?, limit: Int) async throws -> [Article]
    /// Stored trials (current versions) in NCT order after `nctID`.
    func trials(after nctID: String?, limit: Int) async throws -> [Trial]

    /// Watch-lists: what is watched, and the watched changes (and new papers about watched trials).
    func addWatch(_ items: [WatchItem]) async throws
    func removeWatch(_ items: [WatchItem]) async throws -> Int
    func watchList() async throws -> [WatchItem]
    func lastWatchCheck() async throws -> Date?
    func markWatchChecked(at date: Date) async throws
    func watchedChanges(since: Date?, until: Date, kinds: Set<TrialChange.Kind>) async throws -> [TrialChangeRecord]
    /// PMIDs and titles of stored papers that name a trial (DataBankList or NCT ids in the text).
    func papers(about nctID: String) async throws -> [(pmid: String, title: String)]
    /// Stored articles that came back retracted or corrected in a window (a feed's, or watched ones).
    func articleEvents(since: Date?, until: Date, feed: String?, watchedOnly: Bool) async throws -> [ArticleEvent]
}

/// Whether an entry is a PubMed article or a ClinicalTrials.gov trial.
public enum EntryKind: String, Sendable, Codable {
    case article, trial
}

/// The tags of one entry.
public struct EntryTags: Sendable {
    public var kind: EntryKind
    public var id: String
    public var tags: TagSet

    public init(kind: EntryKind, id: String, tags: TagSet) {
        self.kind = kind
        self.id = id
        self.tags = tags
    }
}

/// A search filter on one tag: `drugs` = `Enhertu (fam-trastuzumab deruxtecan-nxki)`.
public struct TagFilter: Sendable, Hashable {
    /// genes, alterations, drugs, phases, types or nct.
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// The sources bmfeed reads.
public enum Source: String, Sendable, Codable, CaseIterable {
    case pubmed
    case clinicalTrials = "ctgov"
}

/// Records parsed from one chunk of input, stored together.
public struct ArticleBatch: Sendable {
    public var records: [(article: Article, rawXML: String)]
    /// Tags by PMID, stored with the records in the same transaction.
    public var tags: [String: TagSet] = [:]
    /// PMIDs from `DeleteCitation`: removed from the store.
    public var deletions: [String]
    /// The feed that found these records, remembered per article; nil for plain ingests.
    public var feed: String?

    public init(records: [(article: Article, rawXML: String)] = [], deletions: [String] = [], feed: String? = nil) {
        self.records = records
        self.deletions = deletions
        self.feed = feed
    }

    public var isEmpty: Bool { records.isEmpty && deletions.isEmpty }
}

/// What a ``FeedStore/save(_:)`` changed.
public struct SaveSummary: Sendable, Hashable, Codable {
    /// PMIDs never seen before.
    public var inserted = 0
    /// Known PMIDs whose record changed (a revision): updated in place.
    public var updated = 0
    /// Known PMIDs whose record came back identical.
    public var unchanged = 0
    /// Stored articles removed by DeleteCitation.
    public var deleted = 0

    public init() {}

    /// Records written or confirmed: everything the batch held.
    public var stored: Int { inserted + updated + unchanged }

    public static func + (lhs: SaveSummary, rhs: SaveSummary) -> SaveSummary {
        var sum = lhs
        sum.inserted += rhs.inserted
        sum.updated += rhs.updated
        sum.unchanged += rhs.unchanged
        sum.deleted += rhs.deleted
        return sum
    }
}

/// An article as stored: the normalised record, its source XML and bookkeeping.
public struct StoredArticle: Sendable, Codable {
    public var article: Article
    public var rawXML: String
    public var firstSeenAt: Date
    public var updatedAt: Date
    /// 1 for the first version; each changed re-fetch adds one.
    public var revision: Int
    public var feeds: [String]
}

/// A search over stored articles.
public struct SearchQuery: Sendable, Hashable {
    /// Free text; nil or blank lists everything, newest first.
    public var text: String?
    /// Only articles whose event day is on or after this day.
    public var since: CalendarDay?
    /// Only articles found by this feed.
    public var feed: String?
    /// Only entries carrying every one of these tags.
    public var tags: [TagFilter]
    /// Only entries bmfeed first stored in this interval (digests: "new since yesterday").
    public var firstSeen: Range<Date>?
    public var limit: Int
    /// Results to skip, for paging.
    public var offset = 0

    public init(
        text: String? = nil, since: CalendarDay? = nil, feed: String? = nil, tags: [TagFilter] = [], firstSeen: Range<Date>? = nil, limit: Int = 20
    ) {
        self.text = text
        self.since = since
        self.feed = feed
        self.tags = tags
        self.firstSeen = firstSeen
        self.limit = limit
    }
}

/// One search result: an article or a trial.
public struct SearchHit: Sendable, Codable {
    public var article: Article?
    public var trial: Trial?
    /// bm25 relevance, lower is better; nil when the search had no text.
    public var score: Double?
    public var firstSeenAt: Date
    /// The day the entry became news: entrez date for articles, last update posted for trials.
    public var eventDay: CalendarDay?

    public init(article: Article? = nil, trial: Trial? = nil, score: Double? = nil, firstSeenAt: Date, eventDay: CalendarDay? = nil) {
        self.article = article
        self.trial = trial
        self.score = score
        self.firstSeenAt = firstSeenAt
        self.eventDay = eventDay
    }
}

/// What the store holds.
public struct StoreStats: Sendable, Codable {
    public var articles: Int
    public var trials: Int
    public var deletedArticles: Int
    public var feeds: [FeedStatus]
}

/// One feed's state per source.
public struct FeedStatus: Sendable, Codable {
    public var feed: String
    public var source: Source
    public var articles: Int
    public var trials: Int
    public var cursor: CalendarDay?
    public var lastRun: FetchRun?
}

/// A fetch of one feed from one source, as logged.
public struct FetchRun: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Everything the source counted was stored; the cursor moved.
        case ok
        /// Fewer records stored than the source counted; the cursor stayed.
        case shortfall
        /// A request or parse failed; the cursor stayed.
        case failed
        /// The registry's data had not changed since the last successful run: nothing fetched.
        case skipped
    }

    public var feed: String
    public var source: Source
    public var startedAt: Date
    public var finishedAt: Date
    public var windowStart: CalendarDay
    public var windowEnd: CalendarDay
    /// What the source said it had for the window.
    public var expected: Int
    /// What was stored from it.
    public var stored: Int
    public var errors: [String]
    public var status: Status
    /// For ClinicalTrials.gov: the API's `dataTimestamp` when the run started.
    public var dataVersion: String?

    public init(
        feed: String, source: Source, startedAt: Date, finishedAt: Date, windowStart: CalendarDay, windowEnd: CalendarDay,
        expected: Int, stored: Int, errors: [String], status: Status, dataVersion: String? = nil
    ) {
        self.dataVersion = dataVersion
        self.feed = feed
        self.source = source
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.expected = expected
        self.stored = stored
        self.errors = errors
        self.status = status
    }

    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }
}

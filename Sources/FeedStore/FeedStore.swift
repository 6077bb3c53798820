import FeedModel
import Foundation

/// Where bmfeed keeps everything it has fetched: the one seam between the feed logic and a
/// database, cut into small protocols so each part of FeedKit asks only for what it uses.
///
/// ``FeedStore`` is all of them together: what a store (the embedded SQLite one, a shared one for
/// teams) implements. Stores hold no domain rules: which changes a new trial version makes,
/// which version is current, what a revised paper announces, are computed by FeedKit and handed
/// in (``TrialBatch/history``, ``ArticleBatch/notices``), so every store gets them alike.
/// Every method that writes is one transaction. FeedKitTesting's contract suite says what each
/// method must do.
public protocol FeedStore: ArticleStore, TrialStore, TagStore, WatchStore, RunLog, SearchIndex {}

/// PubMed records: stored normalised with their XML, revised, deleted.
public protocol ArticleStore: Sendable {
    /// Upserts a batch of records and applies its deletions, in one transaction. A record whose
    /// XML is identical to the stored one counts as unchanged and writes nothing but its feed link.
    func save(_ batch: ArticleBatch) async throws -> SaveSummary
    /// One stored article with its XML, tags and bookkeeping, or nil.
    func article(pmid: String) async throws -> StoredArticle?
    /// Stored articles in PMID order after `pmid` (re-deriving tags page by page).
    func articles(after pmid: String?, limit: Int) async throws -> [Article]
    /// Papers naming a trial (an `nct` tag), newest first; optionally only those first stored in a window.
    func papers(naming nctID: String, firstSeen: Range<Date>?) async throws -> [PaperReference]
    /// Retractions and corrections detected in a window, oldest first.
    func articleEvents(_ query: ArticleEventQuery) async throws -> [ArticleEvent]
}

/// ClinicalTrials.gov trials: every distinct version, and the changes between them.
public protocol TrialStore: Sendable {
    /// Stores new trial versions (content identical to a stored version stores nothing) and the
    /// history ``TrialBatch/history`` derives for every trial that got one, in one transaction.
    func save(_ batch: TrialBatch) async throws -> TrialSaveSummary
    /// One trial with its current version, versions, changes and tags, or nil.
    func trial(nctID: String) async throws -> StoredTrial?
    /// Current versions in NCT order after `nctID`.
    func trials(after nctID: String?, limit: Int) async throws -> [Trial]
    /// Detected changes, newest posting first.
    func changes(_ query: ChangeQuery) async throws -> [TrialChangeRecord]
    /// Trials whose lead sponsor is `name` (case-insensitive).
    func trialIDs(leadSponsor name: String) async throws -> [String]
    /// Lead sponsors stored, with how many trials each leads, most first.
    func sponsors() async throws -> [(name: String, trials: Int)]
}

/// Tags of entries, with their evidence.
public protocol TagStore: Sendable {
    /// Replaces the tags of these entries, in one transaction (`bmfeed retag`).
    func replaceTags(_ entries: [EntryTags]) async throws
    /// Ids of the entries of one kind that carry a tag.
    func entryIDs(_ kind: EntryKind, tagged filter: TagFilter) async throws -> [String]
}

/// Watch-lists and when they were last checked.
public protocol WatchStore: Sendable {
    func addWatch(_ items: [WatchItem]) async throws
    /// Removes watch items; returns how many were there.
    func removeWatch(_ items: [WatchItem]) async throws -> Int
    func watchList() async throws -> [WatchItem]
    /// When `watch check` last marked changes seen.
    func lastWatchCheck() async throws -> Date?
    /// Moves the mark to `date` (never back) and returns where it was, in one transaction: the
    /// claim that makes two checks at once report each change once.
    @discardableResult func markWatchChecked(at date: Date) async throws -> Date?
}

/// The log of fetch runs and the cursors they move.
public protocol RunLog: Sendable {
    /// The last day a feed's source was fetched through successfully, or nil before its first run.
    func cursor(feed: String, source: Source) async throws -> CalendarDay?
    /// Logs a fetch run and, when `day` is given, moves the feed's cursor to it, together.
    func record(_ run: FetchRun, advancingCursorTo day: CalendarDay?) async throws
    /// The registry data version of a feed's last successful (or skipped) run.
    func lastDataVersion(feed: String, source: Source) async throws -> String?
    /// Counts per source and the last run of each feed.
    func stats() async throws -> StoreStats
}

/// Full-text and filtered search over papers and trials.
public protocol SearchIndex: Sendable {
    /// Best matches first (newest first without text), each with its stored tags.
    func search(_ query: SearchQuery) async throws -> [SearchHit]
}

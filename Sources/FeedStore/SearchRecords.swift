import FeedModel
import Foundation

/// A search over stored papers and trials.
public struct SearchQuery: Sendable, Hashable {
    /// Free text; nil or blank lists everything, newest first.
    public var text: String?
    /// Only entries whose event day is on or after this day.
    public var since: CalendarDay?
    /// Only entries found by this feed.
    public var feed: String?
    /// With `feed`: entries carrying a tag of each of these groups (any tag within a group) belong
    /// to the feed too, fetched by it or not: a feed is a saved query over the store.
    public var feedTags: [[TagFilter]] = []
    /// Only entries carrying every one of these tags.
    public var tags: [TagFilter]
    /// Only entries bmfeed first stored in this interval (digests: "new since yesterday").
    public var firstSeen: Range<Date>?
    /// Only papers, or only trials; nil for both.
    public var kind: EntryKind?
    public var limit: Int
    /// Results to skip, for paging.
    public var offset = 0
    /// Other names of a word of `text` (lower-cased), any of which may match instead: `enhertu`
    /// → `trastuzumab deruxtecan`, `T-DXd`, `DS-8201a` … (FeedKit fills it from the ontology).
    public var synonyms: [String: [String]] = [:]

    public init(
        text: String? = nil, since: CalendarDay? = nil, feed: String? = nil, feedTags: [[TagFilter]] = [], tags: [TagFilter] = [],
        firstSeen: Range<Date>? = nil, kind: EntryKind? = nil, limit: Int = 20, offset: Int = 0
    ) {
        self.text = text
        self.since = since
        self.feed = feed
        self.feedTags = feedTags
        self.tags = tags
        self.firstSeen = firstSeen
        self.kind = kind
        self.limit = limit
        self.offset = offset
    }
}

/// One search result: an article or a trial, with its stored tags.
public struct SearchHit: Sendable, Codable {
    public var article: Article?
    public var trial: Trial?
    public var tags: TagSet
    /// Relevance, lower is better; nil when the search had no text.
    public var score: Double?
    public var firstSeenAt: Date
    /// The day the entry became news: entrez date for articles, last update posted for trials.
    public var eventDay: CalendarDay?

    public init(
        article: Article? = nil, trial: Trial? = nil, tags: TagSet = TagSet(), score: Double? = nil, firstSeenAt: Date, eventDay: CalendarDay? = nil
    ) {
        self.article = article
        self.trial = trial
        self.tags = tags
        self.score = score
        self.firstSeenAt = firstSeenAt
        self.eventDay = eventDay
    }

    /// PMID or NCT id.
    public var id: String { article?.pmid ?? trial?.nctID ?? "" }
}

/// What the store holds.
public struct StoreStats: Sendable, Codable {
    public var articles: Int
    public var trials: Int
    public var deletedArticles: Int
    public var feeds: [FeedStatus]

    public init(articles: Int, trials: Int, deletedArticles: Int, feeds: [FeedStatus]) {
        self.articles = articles
        self.trials = trials
        self.deletedArticles = deletedArticles
        self.feeds = feeds
    }
}

/// One feed's state per source.
public struct FeedStatus: Sendable, Codable {
    public var feed: String
    public var source: Source
    public var articles: Int
    public var trials: Int
    public var cursor: CalendarDay?
    public var lastRun: FetchRun?

    public init(feed: String, source: Source, articles: Int, trials: Int, cursor: CalendarDay?, lastRun: FetchRun?) {
        self.feed = feed
        self.source = source
        self.articles = articles
        self.trials = trials
        self.cursor = cursor
        self.lastRun = lastRun
    }
}

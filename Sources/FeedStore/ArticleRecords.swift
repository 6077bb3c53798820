import FeedModel
import Foundation

/// Records parsed from one chunk of input, stored together.
public struct ArticleBatch: Sendable {
    public var records: [PubMedRecord]
    /// Tags by PMID, stored with the records in the same transaction.
    public var tags: [String: TagSet] = [:]
    /// PMIDs from `DeleteCitation`: removed from the store.
    public var deletions: [String]
    /// The feed that found these records, remembered per article; nil for plain ingests.
    public var feed: String?
    /// What a revised record announces against the stored one (a retraction, a correction):
    /// the store calls it inside the transaction that replaces the record and keeps the events.
    public var notices: @Sendable (_ stored: Article, _ revised: Article) -> [ArticleNotice] = { _, _ in [] }

    public init(records: [PubMedRecord] = [], deletions: [String] = [], feed: String? = nil) {
        self.records = records
        self.deletions = deletions
        self.feed = feed
    }

    public var isEmpty: Bool { records.isEmpty && deletions.isEmpty }
}

/// What saving an ``ArticleBatch`` changed.
public struct SaveSummary: Sendable, Hashable, Codable {
    /// PMIDs never seen before.
    public var inserted = 0
    /// Known PMIDs whose record changed (a revision): updated in place.
    public var updated = 0
    /// Known PMIDs whose record came back identical.
    public var unchanged = 0
    /// Stored articles removed by DeleteCitation.
    public var deleted = 0
    /// Records the reader refused (no PMID, a PMID that is not a number, a DOCTYPE entity), each
    /// named with its file, line and reason; everything else was kept.
    public var rejected: [String] = []

    public init() {}

    /// Records written or confirmed: everything the batch held.
    public var stored: Int { inserted + updated + unchanged }

    public static func + (lhs: SaveSummary, rhs: SaveSummary) -> SaveSummary {
        var sum = lhs
        sum.inserted += rhs.inserted
        sum.updated += rhs.updated
        sum.unchanged += rhs.unchanged
        sum.deleted += rhs.deleted
        sum.rejected += rhs.rejected
        return sum
    }
}

/// An article as stored: the normalised record, its source XML, its tags and bookkeeping.
public struct StoredArticle: Sendable, Codable {
    public var article: Article
    public var rawXML: String
    public var tags: TagSet
    public var firstSeenAt: Date
    public var updatedAt: Date
    /// 1 for the first version; each changed re-fetch adds one.
    public var revision: Int
    public var feeds: [String]

    public init(
        article: Article, rawXML: String, tags: TagSet, firstSeenAt: Date, updatedAt: Date, revision: Int, feeds: [String]
    ) {
        self.article = article
        self.rawXML = rawXML
        self.tags = tags
        self.firstSeenAt = firstSeenAt
        self.updatedAt = updatedAt
        self.revision = revision
        self.feeds = feeds
    }
}

/// A stored paper that names something: its PMID, title and when it was first stored.
public struct PaperReference: Sendable, Hashable, Codable {
    public var pmid: String
    public var title: String
    public var firstSeenAt: Date

    public init(pmid: String, title: String, firstSeenAt: Date) {
        self.pmid = pmid
        self.title = title
        self.firstSeenAt = firstSeenAt
    }
}

/// Which retractions and corrections to list.
public struct ArticleEventQuery: Sendable, Hashable {
    /// Detected at or after this instant; nil from the beginning.
    public var since: Date?
    /// Detected before this instant.
    public var until: Date
    /// Only articles found by this feed.
    public var feed: String?
    /// With `feed`: entries carrying a tag of each of these groups (any tag within a group) belong
    /// to the feed too, fetched by it or not: a feed is a saved query over the store.
    public var feedTags: [[TagFilter]] = []
    /// When set, only articles carrying at least one of these tags (an empty list matches none).
    public var taggedAny: [TagFilter]?

    public init(since: Date? = nil, until: Date, feed: String? = nil, feedTags: [[TagFilter]] = [], taggedAny: [TagFilter]? = nil) {
        self.feedTags = feedTags
        self.since = since
        self.until = until
        self.feed = feed
        self.taggedAny = taggedAny
    }
}

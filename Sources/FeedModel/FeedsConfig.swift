import Foundation

/// What `feeds.yml` says to watch: one ``Feed`` per biomarker, plus where the store lives.
///
/// The schema is documented in the README ("feeds.yml"); ``ConfigLoader`` reads it strictly so a
/// typo is reported with its line rather than silently ignored.
public struct FeedsConfig: Sendable, Hashable {
    /// The file the configuration was read from; relative paths in it resolve beside it.
    public var file: URL
    /// `store:`, relative to the config file; default `data/bmfeed.sqlite`.
    public var store: String
    /// `lookback:` for feeds that set none; default 30 days.
    public var defaultLookback: Lookback
    public var feeds: [Feed]
    /// `watch:`: trials, drugs, biomarkers and sponsors kept under watch (merged into the store's list).
    public var watch: [WatchItem] = []

    public init(file: URL, store: String = "data/bmfeed.sqlite", defaultLookback: Lookback = .days(30), feeds: [Feed] = []) {
        self.file = file
        self.store = store
        self.defaultLookback = defaultLookback
        self.feeds = feeds
    }

    /// The folder holding the config file.
    public var directory: URL { file.deletingLastPathComponent() }

    /// The store path, resolved beside the config file.
    public var storeURL: URL {
        store.hasPrefix("/") ? URL(fileURLWithPath: store) : directory.appendingPathComponent(store)
    }

    /// The feed called `name`, compared case-insensitively.
    public func feed(named name: String) -> Feed? {
        feeds.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// One followed biomarker and the queries that find news about it.
public struct Feed: Sendable, Hashable {
    public var name: String
    /// The biomarker in the tag vocabulary, e.g. `HER-2 underexpression`.
    public var biomarker: String
    /// An Entrez query string, as typed into PubMed.
    public var pubmedQuery: String?
    public var clinicalTrials: ClinicalTrialsQuery?
    /// How far back the first run looks; nil means the config's default.
    public var lookback: Lookback?
    /// `drugs:`: when set, tag-matched entries must also carry one of these drugs.
    public var drugs: [String] = []
    /// `genes:`: when set, tag-matched entries must also carry one of these genes.
    public var genes: [String] = []

    public init(
        name: String, biomarker: String, pubmedQuery: String? = nil, clinicalTrials: ClinicalTrialsQuery? = nil,
        lookback: Lookback? = nil
    ) {
        self.name = name
        self.biomarker = biomarker
        self.pubmedQuery = pubmedQuery
        self.clinicalTrials = clinicalTrials
        self.lookback = lookback
    }
}

/// The ClinicalTrials.gov API v2 query of a feed: each field maps to one `/api/v2/studies` parameter.
public struct ClinicalTrialsQuery: Sendable, Hashable {
    /// `query.term`
    public var term: String?
    /// `query.cond`
    public var condition: String?
    /// `query.intr`
    public var intervention: String?
    /// `filter.overallStatus`, e.g. `RECRUITING`.
    public var overallStatus: [String]
    /// `filter.advanced`, Essie syntax.
    public var advanced: String?

    public init(term: String? = nil, condition: String? = nil, intervention: String? = nil, overallStatus: [String] = [], advanced: String? = nil) {
        self.term = term
        self.condition = condition
        self.intervention = intervention
        self.overallStatus = overallStatus
        self.advanced = advanced
    }
}

/// A span of whole days, written `30d`, `8w`, `6m` (30-day months) or `1y` in config and flags.
public struct Lookback: Sendable, Hashable, CustomStringConvertible {
    public var days: Int

    public static func days(_ count: Int) -> Lookback { Lookback(days: count) }

    public init(days: Int) { self.days = days }

    /// Parses `30d`, `8w`, `6m`, `1y` or a bare number of days.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let unit = trimmed.last.flatMap { $0.isLetter ? $0 : nil }
        let number = Int(unit == nil ? trimmed : String(trimmed.dropLast()))
        guard let number, number > 0 else { return nil }
        switch unit {
        case nil, "d": days = number
        case "w": days = number * 7
        case "m": days = number * 30
        case "y": days = number * 365
        default: return nil
        }
    }

    public var description: String { "\(days)d" }
}

import FeedModel
import FeedSources
import FeedStore
import FeedStoreSQLite
import FeedTagging
import Foundation
import Logging

/// Everything a command works with: the feeds file, the store, the tagger, the clock and the
/// logger, resolved the way every command resolves them, so a command is one call on this and
/// a render.
public struct Workspace: Sendable {
    /// `--config` (default `./feeds.yml`).
    public let configURL: URL
    /// The feeds file, when it exists.
    public let config: FeedsConfig?
    public let storePath: String
    public let store: SQLiteStore
    /// The entry tagger when the ontology is beside the feeds file; entries are stored untagged otherwise.
    public let tagger: EntryTagger?
    public let clock: any FeedClock
    public let logger: Logger
    public let environment: [String: String]

    /// - Parameters:
    ///   - db: `--db`; else `BMFEED_DB`, else the config's `store:`, else `data/bmfeed.sqlite` beside the config path.
    ///   - requireConfig: fail when the feeds file is missing (commands that need feeds).
    ///   - create: create the store when missing (commands that write); reading commands refuse.
    public static func open(
        configPath: String, db: String?, requireConfig: Bool, create: Bool, readOnly: Bool = false, clock: (any FeedClock)? = nil, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Workspace {
        let clock = try clock ?? Self.clock(environment: environment)
        let configURL = URL(fileURLWithPath: configPath)
        let config: FeedsConfig?
        if requireConfig || FileManager.default.fileExists(atPath: configURL.path) {
            config = try ConfigLoader.load(configURL)
        } else {
            config = nil
        }
        let path = storePath(db: db, config: config, configURL: configURL, environment: environment)
        let tagger = try loadTagger(configURL: configURL)
        // A command that stores entries tags them all: read the generated genes before the clock
        // of any fetch runs (reading commands never pay for them).
        if create { tagger?.tagger.prepare() }
        if tagger == nil && create {
            // Stored untagged, entries would never match a feed's tags: say so before anything is stored.
            logger.warning(
                "no ontology in \(ontologyURL(configURL: configURL).path) (data/ontology beside feeds.yml): entries are stored untagged; put it there and run bmfeed retag"
            )
        }
        let resolved = try config.map { config throws(ConfigError) in try FeedNames.resolve(config, tagger: tagger?.tagger) }
        let store = try StoreOpener.open(path: path, create: create, readOnly: readOnly, now: { clock.now() })
        return Workspace(
            configURL: configURL, config: resolved, storePath: path, store: store, tagger: tagger, clock: clock, logger: logger,
            environment: environment)
    }

    public init(
        configURL: URL, config: FeedsConfig?, storePath: String, store: SQLiteStore, tagger: EntryTagger?, clock: any FeedClock, logger: Logger,
        environment: [String: String]
    ) {
        self.configURL = configURL
        self.config = config
        self.storePath = storePath
        self.store = store
        self.tagger = tagger
        self.clock = clock
        self.logger = logger
        self.environment = environment
    }

    /// The real clock, or one pinned at `BMFEED_NOW` (ISO 8601) to replay a day: every stamp a
    /// command writes and every "now" it reads is then that instant.
    public static func clock(environment: [String: String]) throws -> any FeedClock {
        guard let text = environment["BMFEED_NOW"], !text.isEmpty else { return SystemClock() }
        guard let instant = Instant.parse(text) else {
            throw WorkspaceError(message: "BMFEED_NOW=\(text): write an ISO 8601 time, e.g. 2026-11-24T09:00:00Z")
        }
        return PinnedClock(instant)
    }

    /// `--db`, else `BMFEED_DB`, else the config's store, else `data/bmfeed.sqlite` beside the config path.
    public static func storePath(db: String?, config: FeedsConfig?, configURL: URL, environment: [String: String]) -> String {
        if let db { return db }
        if let env = environment["BMFEED_DB"], !env.isEmpty { return env }
        if let config { return config.storeURL.path }
        return configURL.deletingLastPathComponent().appendingPathComponent("data/bmfeed.sqlite").path
    }

    /// data/ontology beside the feeds file; else the one bmfeed was built with (beside the
    /// executable's checkout), so `bmfeed ingest --db x.sqlite` from any folder still tags.
    public static func ontologyURL(configURL: URL) -> URL {
        let beside = configURL.deletingLastPathComponent().appendingPathComponent("data/ontology")
        if FileManager.default.fileExists(atPath: beside.appendingPathComponent("genes.yml").path) { return beside }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("data/ontology")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("genes.yml").path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return beside
    }

    public var ontologyURL: URL { Self.ontologyURL(configURL: configURL) }

    /// The tagger over the ontology beside the feeds file, or nil when there is none.
    public static func loadTagger(configURL: URL) throws -> EntryTagger? {
        let folder = ontologyURL(configURL: configURL)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("genes.yml").path) else { return nil }
        return EntryTagger(tagger: Tagger(ontology: try Ontology.load(directory: folder)))
    }

    /// The feeds file, which this command needs.
    public func requiredConfig() throws -> FeedsConfig {
        guard let config else { return try ConfigLoader.load(configURL) }
        return config
    }

    /// Every feed, or the one named (case-insensitive); an unknown name lists the feeds there are.
    public func feeds(named name: String?) throws -> [Feed] {
        let config = try requiredConfig()
        guard let name else { return config.feeds }
        guard let match = config.feed(named: name) else {
            let names = config.feeds.map(\.name)
            let hint = Suggestions.closest(name.lowercased(), among: names.map { $0.lowercased() }).map { "; did you mean \($0)?" } ?? ""
            throw WorkspaceError(
                message: "no feed \"\(name.prefix(64))\" in \(config.file.path)\(hint) (feeds: \(names.joined(separator: ", ")))")
        }
        return [match]
    }

    public func pipeline() -> IngestPipeline {
        IngestPipeline(store: store, tagger: tagger, clock: clock, logger: logger)
    }

    /// The fetcher over both sources, with their URLs, keys and rate limits from the environment.
    /// `timeout` bounds one request, body included; `deadline` the whole run, in seconds from now.
    public func fetcher(transport: (any HTTPTransport)? = nil, timeout: Double = 120, deadline: Double = 3600) -> FeedFetcher {
        let eutils = EUtilities.fromEnvironment(environment)
        let retry = RetryPolicy(timeout: timeout)
        let end = ContinuousClock.now + .milliseconds(Int(min(deadline, 1e9) * 1000))
        let pubmed = PubMedSource(
            client: HTTPClient(
                limiter: RateLimiter(requestsPerSecond: eutils.requestsPerSecond, clock: clock), retry: retry, deadline: end, transport: transport,
                clock: clock, logger: logger),
            eutils: eutils, logger: logger)
        let trials = ClinicalTrialsSource(
            client: HTTPClient(
                limiter: RateLimiter(requestsPerSecond: ClinicalTrialsAPI.requestsPerSecond, clock: clock), retry: retry, deadline: end,
                transport: transport, clock: clock, logger: logger),
            api: ClinicalTrialsAPI.fromEnvironment(environment), logger: logger)
        return FeedFetcher(pipeline: pipeline(), pubmed: pubmed, clinicalTrials: trials, clock: clock, logger: logger)
    }

    public func watch() -> WatchService { WatchService(store: store, tagger: tagger) }

    /// Search with tag filters typed as users type them (any synonym; a misspelling is refused with a suggestion).
    public func search(_ query: SearchQuery, filters: [(TagKind, [String])]) async throws -> [SearchHit] {
        var query = query
        if let name = query.feed { (query.feed, query.feedTags) = try await feedScope(name) }
        if let text = query.text, let ontology = tagger?.tagger.ontology { query.synonyms = Self.synonyms(text, ontology: ontology) }
        query.tags += try TagResolver(tagger: tagger?.tagger).filters(filters, ontologyPath: ontologyURL.path)
        return try await store.search(query)
    }

    /// Every other name of each typed word that is a drug's name or a gene's symbol or alias, so
    /// `search Enhertu` finds papers that say "trastuzumab deruxtecan" or "T-DXd".
    static func synonyms(_ text: String, ontology: Ontology) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for word in text.split(whereSeparator: \.isWhitespace).map({ $0.lowercased() }) where word.count >= 3 && !word.hasSuffix("*") {
            if let drug = ontology.drugs.first(where: { $0.names.contains { $0.lowercased() == word } }) {
                result[word] = drug.names
            } else if let gene = ontology.genes.first(where: { !$0.needsContext && ([$0.symbol] + $0.aliases).contains { $0.lowercased() == word } })
            {
                result[word] = [gene.symbol] + gene.aliases
            }
        }
        return result
    }

    /// A feed named on the command line: one of feeds.yml's (with its tag groups: a saved query) or
    /// one the store has records for; anything else is a typo, refused with the names there are
    /// rather than answered with nothing.
    public func feedScope(_ name: String) async throws -> (name: String, tags: [[TagFilter]]) {
        let known = Set((config?.feeds.map(\.name) ?? []) + (try await store.stats().feeds.map(\.feed)))
        guard let match = known.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
            let hint = Suggestions.closest(name, among: known).map { "; did you mean \($0)?" } ?? ""
            throw WorkspaceError(message: "no feed \"\(name)\"\(hint) Feeds: \(known.sorted().joined(separator: ", "))")
        }
        return (match, config?.feed(named: match)?.tagGroups ?? [])
    }

    /// The digest of the named feed (or every feed) for `from..<to`.
    /// The digest of the window `after from through to`; with `alerts`, the watch alerts of the
    /// same window first (what `watch check` would report for it).
    public func digest(
        feed: String?, from: Date, to: Date, now: Date, alerts: Bool = false, notices: [String] = [], explain: Bool = false
    ) async throws -> Digest {
        let builder = DigestBuilder(store: store)
        var digest = try await builder.build(feeds: try feeds(named: feed), from: from, to: to, now: now, explain: explain)
        digest.notices = notices
        if alerts { digest.alerts = try await builder.alerts(watch: watch(), from: from, to: to) }
        return digest
    }
}

/// A command's request that the workspace cannot meet (an unknown feed, a missing ontology).
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

import ArgumentParser
import FeedKit
import Foundation
import Logging

extension BMFeed {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep watch on trials, drugs, biomarkers and sponsors; report their changes.",
            discussion: "Exit status of `watch check`: 0 nothing new, 10 new watched changes (printed, then marked seen), 1 failure.",
            subcommands: [Add.self, List.self, Remove.self, Check.self])

        /// What `add` and `remove` take.
        struct Items: ParsableArguments {
            @Argument(help: "Trial ids (NCT...).")
            var trials: [String] = []

            @Option(help: ArgumentHelp("A drug, any name (resolved to its tag).", valueName: "drug"))
            var drug: [String] = []

            @Option(help: ArgumentHelp("A biomarker, any wording (HER2-low …).", valueName: "biomarker"))
            var biomarker: [String] = []

            @Option(help: ArgumentHelp("A lead sponsor's name.", valueName: "name"))
            var sponsor: [String] = []

            func resolve(_ global: GlobalOptions) throws -> [WatchItem] {
                var items = trials.map { WatchItem(kind: .trial, value: $0.uppercased()) }
                items += drug.map { WatchItem(kind: .drug, value: $0) } + biomarker.map { WatchItem(kind: .biomarker, value: $0) }
                items += sponsor.map { WatchItem(kind: .sponsor, value: $0) }
                items = try Watch.resolved(items, global)
                if items.isEmpty { throw ValidationError("name something to watch: NCT ids, --drug, --biomarker or --sponsor") }
                if let bad = trials.first(where: { !$0.uppercased().hasPrefix("NCT") }) { throw ValidationError("\(bad) is not an NCT id") }
                return items
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Watch trials (fetched at once), drugs, biomarkers or sponsors.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var items: Items
            @Flag(help: "Do not fetch added trials now.")
            var noFetch = false

            func run() async throws {
                BMFeed.bootstrapLogging(verbose: global.verbose)
                try await reportingFailures {
                    let config = try global.optionalConfig()
                    let store = try global.openStore(config)
                    let list = try items.resolve(global)
                    try await store.addWatch(list)
                    for item in list { printStatus("watching \(item.kind.rawValue) \(item.value)") }
                    guard !noFetch else { return }
                    var fetcher = ClinicalTrialsFetcher(
                        client: HTTPClient(
                            limiter: RateLimiter(requestsPerSecond: ClinicalTrialsAPI.requestsPerSecond), logger: Logger(label: "bmfeed.http")),
                        api: ClinicalTrialsAPI.fromEnvironment(), store: store)
                    fetcher.tagger = try global.entryTagger()
                    for item in list where item.kind == .trial {
                        let summary = try await fetcher.fetchStudy(item.value)
                        printStatus("\(item.value): \(summary.newVersions > 0 ? "fetched" : "already up to date")")
                    }
                }
            }
        }

        /// `watch check --format json`: trial changes and paper notices.
        struct WatchReport: Encodable {
            var changes: [TrialChangeRecord]
            var articleEvents: [ArticleEvent]
        }

        /// Adds feeds.yml's `watch:` items to the store's list, names resolved through the tagger.
        static func syncConfig(_ config: FeedsConfig?, _ store: SQLiteStore, _ global: GlobalOptions) async throws {
            guard let config, !config.watch.isEmpty else { return }
            try await store.addWatch(try resolved(config.watch, global))
        }

        /// Drug and biomarker names resolved to their tags through the tagger ("AZD9291" → "Tagrisso (osimertinib)").
        static func resolved(_ items: [WatchItem], _ global: GlobalOptions) throws -> [WatchItem] {
            guard items.contains(where: { $0.kind == .drug || $0.kind == .biomarker }), let tagger = try global.entryTagger()?.tagger else {
                return items
            }
            return items.map { item in
                let kind = item.kind == .drug ? "drugs" : item.kind == .biomarker ? "alterations" : nil
                guard let kind, let display = tagger.tag(item.value).displays[kind]?.first else { return item }
                return WatchItem(kind: item.kind, value: display)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List what is watched.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "text or json.")
            var format: OutputFormat = .text

            func run() async throws {
                try await reportingFailures {
                    let config = try global.optionalConfig()
                    let store = try global.openStore(config)
                    try await Watch.syncConfig(config, store, global)
                    let items = try await store.watchList()
                    switch format {
                    case .json: try printJSON(items)
                    case .text: for item in items { print("\(item.kind.rawValue)\t\(item.value)") }
                    }
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop watching.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var items: Items

            func run() async throws {
                try await reportingFailures {
                    let removed = try await global.openStore(try global.optionalConfig()).removeWatch(try items.resolve(global))
                    printStatus("removed \(removed) watch \(removed == 1 ? "item" : "items")")
                }
            }
        }

        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print watched changes since the last check and mark them seen; exit 10 when there are some.")
            @OptionGroup var global: GlobalOptions
            @Option(help: ArgumentHelp("Look back from here instead of the last check: a day or a span (7d).", valueName: "day|Nd"))
            var since: String?
            @Option(help: ArgumentHelp("Only these kinds (repeatable).", valueName: "kind"))
            var kind: [TrialChange.Kind] = []
            @Option(help: "text or json.")
            var format: OutputFormat = .text

            func run() async throws {
                BMFeed.bootstrapLogging(verbose: global.verbose)
                var found = 0
                try await reportingFailures {
                    let config = try global.optionalConfig()
                    let store = try global.openStore(config, create: false)
                    try await Watch.syncConfig(config, store, global)
                    let now = Date()
                    let lastCheck = try await store.lastWatchCheck()
                    let from = try parseSince(since, today: CalendarDay(now))?.date ?? lastCheck
                    let changes = try await store.watchedChanges(since: from, until: now, kinds: Set(kind))
                    let events = kind.isEmpty ? try await store.articleEvents(since: from, until: now, feed: nil, watchedOnly: true) : []
                    switch format {
                    case .json: try printJSON(WatchReport(changes: changes, articleEvents: events))
                    case .text:
                        print(ChangeFormatter.render(changes), terminator: "")
                        if !events.isEmpty {
                            print((changes.isEmpty ? "" : "\n") + "Papers")
                            for event in events { print("  \(event.line)") }
                        }
                    }
                    try await store.markWatchChecked(at: now)
                    found = changes.count + events.count
                    printStatus(found == 0 ? "watch: nothing new" : "watch: \(found) new \(found == 1 ? "change" : "changes")")
                }
                if found > 0 { throw ExitCode(10) }
            }
        }
    }
}

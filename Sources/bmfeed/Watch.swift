import ArgumentParser
import FeedKit
import Foundation

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

            @Option(help: ArgumentHelp("A lead sponsor, by words of its name (Lilly matches Eli Lilly and Company).", valueName: "name"))
            var sponsor: [String] = []

            func validate() throws {
                if trials.isEmpty && drug.isEmpty && biomarker.isEmpty && sponsor.isEmpty {
                    throw ValidationError("name something to watch: NCT ids, --drug, --biomarker or --sponsor")
                }
                if let bad = trials.first(where: { !$0.uppercased().hasPrefix("NCT") }) { throw ValidationError("\(bad) is not an NCT id") }
            }

            var items: [WatchItem] {
                trials.map { WatchItem(kind: .trial, value: $0) } + drug.map { WatchItem(kind: .drug, value: $0) }
                    + biomarker.map { WatchItem(kind: .biomarker, value: $0) } + sponsor.map { WatchItem(kind: .sponsor, value: $0) }
            }
        }

        struct Add: BMFeedCommand {
            static let configuration = CommandConfiguration(abstract: "Watch trials (fetched at once), drugs, biomarkers or sponsors.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var items: Items
            @Flag(help: "Do not fetch added trials now.")
            var noFetch = false

            func execute() async throws {
                let workspace = try global.workspace()
                let watch = workspace.watch()
                let list = try await watch.checkSponsors(try watch.resolve(items.items))
                // Trials are fetched before they are watched: a trial the registry cannot give is
                // reported and not added (with --no-fetch it is added as typed).
                var failed: [String] = []
                if !noFetch {
                    let fetcher = workspace.fetcher()
                    for item in list where item.kind == .trial {
                        do {
                            let summary = try await fetcher.fetchStudy(item.value)
                            printStatus("\(item.value): \(summary.newVersions > 0 ? "fetched" : "already up to date")")
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            printError("\(item.value): not watched: \(error) (add it with --no-fetch to watch it anyway)")
                            failed.append(item.value)
                        }
                    }
                }
                let added = list.filter { !($0.kind == .trial && failed.contains($0.value)) }
                try await workspace.store.addWatch(added)
                for item in added {
                    var line = "watching \(item.kind.rawValue) \(item.value)"
                    if item.kind == .sponsor {
                        let names = SponsorMatch.names(item.value, in: try await workspace.store.sponsors().map(\.name))
                        line += " (\(names.prefix(3).joined(separator: "; "))\(names.count > 3 ? " and \(names.count - 3) more" : ""))"
                    }
                    printStatus(line)
                }
                if !failed.isEmpty { throw ExitCode(1) }
            }
        }

        struct List: BMFeedCommand {
            static let configuration = CommandConfiguration(abstract: "List what is watched.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "text or json.")
            var format: OutputFormat = .text

            func execute() async throws {
                // Read-only: the stored list with feeds.yml's items beside it, so a store the user
                // may not write still lists (the next check stores them).
                let workspace = try global.workspace(create: false, readOnly: true)
                let configured = try workspace.watch().resolve(workspace.config?.watch ?? [])
                let stored = try await workspace.store.watchList()
                let items = (stored + configured.filter { !stored.contains($0) }).sorted {
                    ($0.kind.rawValue, $0.value) < ($1.kind.rawValue, $1.value)
                }
                switch format {
                case .json: try printJSON(items)
                case .text: for item in items { printText("\(item.kind.rawValue)\t\(item.value)") }
                }
            }
        }

        struct Remove: BMFeedCommand {
            static let configuration = CommandConfiguration(abstract: "Stop watching.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var items: Items

            func execute() async throws {
                let workspace = try global.workspace()
                let removed = try await workspace.store.removeWatch(try workspace.watch().resolve(items.items))
                printStatus("removed \(removed) watch \(removed == 1 ? "item" : "items")")
            }
        }

        struct Check: BMFeedCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print watched changes since the last check and mark them seen; exit 10 when there are some.",
                discussion: "With --since or --kind it only shows (a part of the news), and marks nothing seen.")
            @OptionGroup var global: GlobalOptions
            @Option(help: ArgumentHelp("Look back from here instead of the last check: a day or a span (7d).", valueName: "day|Nd"))
            var since: Since?
            @Option(help: ArgumentHelp("Only these kinds (repeatable).", valueName: "kind"))
            var kind: [TrialChange.Kind] = []
            @Option(help: "text or json.")
            var format: OutputFormat = .text

            func execute() async throws {
                let workspace = try global.workspace(create: false)
                let watch = workspace.watch()
                try await watch.sync(workspace.config)
                let now = workspace.clock.now()
                let report = try await watch.check(since: since?.day(today: CalendarDay(now)).date, until: now, kinds: Set(kind))
                switch format {
                case .json: try printJSON(report)
                case .text:
                    printText(ChangeFormatter.render(report.changes), terminator: "")
                    if !report.articleEvents.isEmpty {
                        printText((report.changes.isEmpty ? "" : "\n") + "Papers")
                        for event in report.articleEvents { printText("  \(event.line)") }
                    }
                }
                let found = report.count
                printStatus(found == 0 ? "watch: nothing new" : "watch: \(found) new \(found == 1 ? "change" : "changes")")
                if found > 0 { throw ExitCode(10) }
            }
        }
    }
}

import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Changes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what changed in stored trials: dates, status, enrollment, phase, sponsor, interventions, results, new trials.",
            discussion: "--since filters on when bmfeed detected the change (default 7 days).")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Changes detected since a day or span: 2026-11-01, 7d.", valueName: "day|Nd"))
        var since: String = "7d"

        @Option(help: ArgumentHelp("Only this trial.", valueName: "NCT"))
        var nct: String?

        @Option(
            help: ArgumentHelp(
                "Only these kinds (repeatable): \(TrialChange.Kind.allCases.map(\.rawValue).joined(separator: "|")).", valueName: "kind"))
        var kind: [TrialChange.Kind] = []

        @Option(help: "Only trials found by this feed.")
        var feed: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let today = CalendarDay(Date())
                let day = try parseSince(since, today: today)
                let store = try global.openStore(try global.optionalConfig(), create: false)
                let changes = try await store.changes(ChangeQuery(since: day?.date, nctID: nct, kinds: Set(kind), feed: feed))
                switch format {
                case .json:
                    try printJSON(changes)
                case .text:
                    print(ChangeFormatter.render(changes), terminator: "")
                    if changes.isEmpty { printStatus("no changes detected since \(day?.iso ?? since)") }
                }
            }
        }
    }
}

extension TrialChange.Kind: ExpressibleByArgument {}

import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Changes: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what changed in stored trials: dates, status, enrollment, phase, sponsor, interventions, results, new trials.",
            discussion: "--since filters on when bmfeed detected the change (default 7 days).")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Changes detected since a day or span: 2026-11-01, 7d.", valueName: "day|Nd"))
        var since = Since(argument: "7d")!

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

        func execute() async throws {
            let workspace = try global.workspace(create: false, readOnly: true)
            let day = since.day(today: CalendarDay(workspace.clock.now()))
            // A misspelt feed or an id that is not stored is refused, never answered with "no changes".
            var scope: (name: String, tags: [[TagFilter]])?
            if let feed { scope = try await workspace.feedScope(feed) }
            if let nct, try await workspace.store.trial(nctID: nct) == nil {
                throw WorkspaceError(
                    message: "\(nct.uppercased()) is not in \(workspace.storePath); fetch it first (bmfeed fetch --nct \(nct.uppercased()))")
            }
            let changes = try await workspace.store.changes(
                ChangeQuery(since: day.date, nctID: nct, kinds: Set(kind), feed: scope?.name, feedTags: scope?.tags ?? []))
            switch format {
            case .json:
                try printJSON(changes)
            case .text:
                printText(ChangeFormatter.render(changes), terminator: "")
                if changes.isEmpty { printStatus("no changes detected since \(day.iso)") }
            }
        }
    }
}

extension Since: CustomStringConvertible {
    var description: String {
        switch value {
        case .day(let day): return day.iso
        case .instant(let instant): return instant.formatted(.iso8601)
        case .span(let span): return span.description
        }
    }
}

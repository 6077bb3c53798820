import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search everything fetched, by free text over titles and abstracts.",
            discussion: "Words must all match; \"quoted words\" match as a phrase; word* matches a prefix. Without TEXT, lists the newest.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Words to find, e.g. HER2-low trastuzumab.")
        var text: [String] = []

        @Option(help: ArgumentHelp("Only entries since a day or span: 2026-11-01, 7d, 2w.", valueName: "day|Nd"))
        var since: String?

        @Option(help: "Only entries found by this feed.")
        var feed: String?

        @Option(help: "At most this many results.")
        var limit = 20

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let today = CalendarDay(Date())
                let store = try global.openStore(try global.optionalConfig(), create: false)
                let query = SearchQuery(
                    text: text.isEmpty ? nil : text.joined(separator: " "), since: try parseSince(since, today: today),
                    feed: feed, limit: limit)
                let hits = try await store.search(query)
                switch format {
                case .json:
                    try printJSON(hits)
                case .text:
                    let formatter = EntryFormatter(today: today)
                    print(hits.map { formatter.entry($0) }.joined(separator: "\n"), terminator: "")
                    if hits.isEmpty { printStatus("no matches") }
                }
            }
        }
    }
}

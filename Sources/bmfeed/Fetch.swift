import ArgumentParser
import FeedKit
import Foundation
import Logging

extension BMFeed {
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch what is new for each feed in feeds.yml.",
            discussion: """
                Each feed's window starts where its last successful run ended (first run: its lookback). \
                Set NCBI_API_KEY for 10 requests/s instead of 3, and NCBI_EMAIL so NCBI can reach you.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only this feed.")
        var feed: String?

        @Option(help: "Only this source: pubmed or ctgov.")
        var source: Source?

        @Option(help: ArgumentHelp("Start the window here instead of at the cursor: a day or a span (2026-11-01, 7d).", valueName: "day|Nd"))
        var since: String?

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let config = try global.loadConfig()
                let today = CalendarDay(Date())
                let start = try parseSince(since, today: today)
                let feeds = try selectedFeeds(config)
                if source == .clinicalTrials {
                    throw ValidationError("--source ctgov: the ClinicalTrials.gov fetcher is not built yet; use --source pubmed")
                }
                let store = try global.openStore(config)
                let eutils = EUtilities.fromEnvironment()
                let client = HTTPClient(limiter: RateLimiter(requestsPerSecond: eutils.requestsPerSecond), logger: Logger(label: "bmfeed.http"))
                let fetcher = PubMedFetcher(client: client, eutils: eutils, store: store)
                var failed = false
                for feed in feeds where feed.pubmedQuery != nil {
                    let report = try await fetcher.fetch(feed: feed, since: start, today: today, lookback: config.defaultLookback)
                    let run = report.run
                    printStatus(
                        String(
                            format: "%@ pubmed %@..%@: %d counted, %d stored (%d new, %d updated) in %.1f s",
                            feed.name, run.windowStart.iso, run.windowEnd.iso, run.expected, run.stored,
                            report.summary.inserted, report.summary.updated, run.duration))
                    for warning in report.warnings { printStatus("  note: \(warning)") }
                    for error in run.errors { printError("\(feed.name): \(error)") }
                    if run.status != .ok { failed = true }
                }
                if failed { throw ExitCode(1) }
            }
        }

        private func selectedFeeds(_ config: FeedsConfig) throws -> [Feed] {
            guard let name = feed else { return config.feeds }
            guard let match = config.feed(named: name) else {
                throw ValidationError("no feed \"\(name)\" in \(config.file.path); feeds: \(config.feeds.map(\.name).joined(separator: ", "))")
            }
            return [match]
        }
    }
}

extension Source: ExpressibleByArgument {}

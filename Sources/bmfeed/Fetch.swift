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
                PubMed: entrez-date window. ClinicalTrials.gov: studies updated since the cursor, skipped when the \
                registry's data has not changed since the last run. \
                Set NCBI_API_KEY for 10 requests/s instead of 3, and NCBI_EMAIL so NCBI can reach you.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only this feed.")
        var feed: String?

        @Option(help: "Only this source: pubmed or ctgov.")
        var source: Source?

        @Option(
            name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Fetch these trials by id (/api/v2/studies/{NCT}) instead of the feeds.", valueName: "NCT"))
        var nct: [String] = []

        @Option(help: ArgumentHelp("Start the window here instead of at the cursor: a day or a span (2026-11-01, 7d).", valueName: "day|Nd"))
        var since: String?

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let config = try global.loadConfig()
                let today = CalendarDay(Date())
                let start = try parseSince(since, today: today)
                let feeds = try selectedFeeds(config)
                let store = try global.openStore(config)
                let eutils = EUtilities.fromEnvironment()
                var pubmed = PubMedFetcher(
                    client: HTTPClient(limiter: RateLimiter(requestsPerSecond: eutils.requestsPerSecond), logger: Logger(label: "bmfeed.http")),
                    eutils: eutils, store: store)
                var trials = ClinicalTrialsFetcher(
                    client: HTTPClient(
                        limiter: RateLimiter(requestsPerSecond: ClinicalTrialsAPI.requestsPerSecond), logger: Logger(label: "bmfeed.http")),
                    api: ClinicalTrialsAPI.fromEnvironment(), store: store)
                let tagger = try global.entryTagger()
                pubmed.tagger = tagger
                trials.tagger = tagger
                var failed = false
                if !nct.isEmpty {
                    for id in nct where !(try await fetchStudy(id, with: trials)) { failed = true }
                    if failed { throw ExitCode(1) }
                    return
                }
                for feed in feeds {
                    if source ?? .pubmed == .pubmed, feed.pubmedQuery != nil {
                        let report = try await pubmed.fetch(feed: feed, since: start, today: today, lookback: config.defaultLookback)
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
                    if source ?? .clinicalTrials == .clinicalTrials, feed.clinicalTrials != nil {
                        let report = try await trials.fetch(feed: feed, since: start, today: today, lookback: config.defaultLookback)
                        if !reportTrials(report, feed: feed) { failed = true }
                    }
                }
                if failed { throw ExitCode(1) }
            }
        }

        /// Prints a ClinicalTrials.gov run; false when it failed or fell short.
        private func reportTrials(_ report: ClinicalTrialsFetcher.Report, feed: Feed) -> Bool {
            let run = report.run
            if run.status == .skipped {
                printStatus("\(feed.name) ctgov: registry data unchanged since the last run (\(run.dataVersion ?? "?")); nothing fetched")
                return true
            }
            let summary = report.summary
            printStatus(
                String(
                    format: "%@ ctgov updated since %@: %d counted, %d stored (%d new trials, %d new versions, %d changes) in %.1f s",
                    feed.name, run.windowStart.iso, run.expected, run.stored, summary.newTrials, summary.newVersions,
                    summary.changes.count, run.duration))
            for error in run.errors { printError("\(feed.name): \(error)") }
            return run.status == .ok
        }

        /// Fetches one trial by id; false when the registry could not give it.
        private func fetchStudy(_ id: String, with trials: ClinicalTrialsFetcher) async throws -> Bool {
            do {
                let summary = try await trials.fetchStudy(id, feed: feed)
                let lines = summary.changes.map(\.line).joined(separator: "; ")
                let what = summary.newVersions == 0 ? "unchanged" : lines.isEmpty ? "new version, no reportable change" : lines
                printStatus("\(id.uppercased()): \(what)")
                return true
            } catch let error as HTTPError {
                printError("\(id.uppercased()): \(error)")
                return false
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

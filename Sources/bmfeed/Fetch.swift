import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Fetch: BMFeedCommand {
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
        var since: Since?

        @Option(help: ArgumentHelp("Give up on one request after this long, body included.", valueName: "seconds"))
        var timeout: Double = 120

        @Option(
            help: ArgumentHelp(
                "Stop the whole run after this long: the feed being fetched fails with its cursor kept, and so do the feeds after it.",
                valueName: "seconds"))
        var deadline: Double = 3600

        func validate() throws {
            guard timeout >= 1, timeout <= 3600 else { throw ValidationError("--timeout must be 1 to 3600 seconds") }
            guard deadline >= 1, deadline <= 86400 else { throw ValidationError("--deadline must be 1 to 86400 seconds") }
        }

        func execute() async throws {
            let workspace = try global.workspace(needsConfig: nct.isEmpty)
            let fetcher = workspace.fetcher(timeout: timeout, deadline: deadline)
            var failed = false
            if !nct.isEmpty {
                for id in nct where !(try await fetchStudy(id, with: fetcher)) { failed = true }
                if failed { throw ExitCode(1) }
                return
            }
            let config = try workspace.requiredConfig()
            let today = CalendarDay(workspace.clock.now())
            let succeeded = try await fetcher.fetch(
                try workspace.feeds(named: feed), only: source, since: since?.day(today: today), today: today, lookback: config.defaultLookback,
                started: { feed, source in printStatus("\(feed.name) \(source == .pubmed ? "pubmed" : "ctgov"): fetching …") }
            ) { feed, report in
                if report.run.source == .pubmed { printPubMed(report, feed: feed) } else { printTrials(report, feed: feed) }
            }
            if !succeeded { throw ExitCode(1) }
        }

        /// Prints a PubMed run.
        private func printPubMed(_ report: FeedFetcher.Report, feed: Feed) {
            let run = report.run
            if run.status == .failed {
                printFailure(run, feed: feed, source: "pubmed \(run.windowStart.iso)..\(run.windowEnd.iso)")
                return
            }
            let refused = report.refused.isEmpty ? "" : ", \(report.refused.count) refused (below)"
            printStatus(
                "\(feed.name) pubmed \(run.windowStart.iso)..\(run.windowEnd.iso): \(run.expected) counted, "
                    + "\(run.stored - report.refused.count) stored (\(report.articles.inserted) new, \(report.articles.updated) updated)\(refused) "
                    + "in \(String(format: "%.1f", run.duration)) s\(Self.short(run))")
            for warning in report.warnings { printStatus("  note: \(warning)") }
            for record in report.refused { printError("\(feed.name): \(record)") }
            for error in run.errors { printError("\(feed.name): \(error)") }
        }

        /// Prints a ClinicalTrials.gov run.
        private func printTrials(_ report: FeedFetcher.Report, feed: Feed) {
            let run = report.run
            if run.status == .skipped {
                printStatus("\(feed.name) ctgov: registry data unchanged since the last run (\(run.dataVersion ?? "?")); nothing fetched")
                return
            }
            if run.status == .failed {
                printFailure(run, feed: feed, source: "ctgov updated since \(run.windowStart.iso)")
                return
            }
            let summary = report.trials
            printStatus(
                "\(feed.name) ctgov updated since \(run.windowStart.iso): \(run.expected) counted, \(run.stored) stored ("
                    + "\(counted(summary.newTrials, "new trial")), \(counted(summary.newVersions, "new version")), "
                    + "\(counted(summary.changes.count, "change"))) in \(String(format: "%.1f", run.duration)) s\(Self.short(run))")
            for error in run.errors { printError("\(feed.name): \(error)") }
        }

        /// A failed run says so first, with what was kept, never as "0 counted, 0 stored".
        /// Marks a run that stored fewer than the source counted, on its own line.
        static func short(_ run: FetchRun) -> String {
            run.status == .shortfall ? "; SHORT: \(run.expected - run.stored) missing, the cursor stays" : ""
        }

        private func printFailure(_ run: FetchRun, feed: Feed, source: String) {
            let kept = run.stored > 0 ? "\(run.stored) records stored before it broke; " : ""
            printError("\(feed.name) \(source): FAILED; \(kept)the cursor stays, so the next run fetches this window again")
            for error in run.errors { printError("\(feed.name): \(error)") }
        }

        /// Fetches one trial by id; false when the registry could not give it.
        private func fetchStudy(_ id: String, with fetcher: FeedFetcher) async throws -> Bool {
            do {
                let summary = try await fetcher.fetchStudy(id, feed: feed)
                let lines = summary.changes.map(\.line).joined(separator: "; ")
                let what = summary.newVersions == 0 ? "unchanged" : lines.isEmpty ? "new version, no reportable change" : lines
                printStatus("\(id.uppercased()): \(what)")
                return true
            } catch let error as HTTPError {
                printError("\(id.uppercased()): \(error)")
                return false
            }
        }
    }
}

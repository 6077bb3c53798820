import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the bundled samples into a fresh store and print each feed; no network needed.",
            discussion: """
                Samples are data/samples/<feed>.xml (PubMed) and data/samples/<feed>.trials.jsonl (ClinicalTrials.gov, \
                several versions of a trial in order) beside feeds.yml. The store is data/demo.sqlite unless --db is given; it is recreated.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let config = try global.loadConfig()
                let path = global.db ?? config.directory.appendingPathComponent("data/demo.sqlite").path
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                let store = try SQLiteStore(path: path)
                let tagger = try global.entryTagger()
                let ingester = Ingester(store: store, tagger: tagger)
                let trialIngester = TrialIngester(store: store, tagger: tagger)
                let samples = config.directory.appendingPathComponent("data/samples")
                let today = CalendarDay(Date())
                let formatter = EntryFormatter(today: today, tagger: tagger)
                var loaded = 0
                for feed in config.feeds {
                    let papers = samples.appendingPathComponent("\(feed.name).xml").path
                    let trials = samples.appendingPathComponent("\(feed.name).trials.jsonl").path
                    if FileManager.default.fileExists(atPath: papers) {
                        loaded += try await ingester.ingest(file: papers, feed: feed.name).stored
                    }
                    if FileManager.default.fileExists(atPath: trials) {
                        loaded += try await trialIngester.ingest(file: trials, feed: feed.name).summary.stored
                    }
                    let hits = try await store.search(SearchQuery(feed: feed.name, limit: 50))
                    guard !hits.isEmpty else { continue }
                    let trialCount = hits.filter { $0.trial != nil }.count
                    print("== \(feed.name): \(feed.biomarker) — \(hits.count - trialCount) papers, \(trialCount) trials\n")
                    var entries: [String] = []
                    for hit in hits {
                        if let trial = hit.trial {
                            let latest = try await store.changes(ChangeQuery(nctID: trial.nctID, limit: 1)).first?.line
                            entries.append(formatter.entry(trial, latestChange: latest))
                        } else {
                            entries.append(formatter.entry(hit))
                        }
                    }
                    print(entries.joined(separator: "\n"))
                }
                guard loaded > 0 else {
                    printError("no samples found in \(samples.path) (expected <feed name>.xml for the feeds in \(config.file.path))")
                    throw ExitCode(1)
                }
                printStatus("demo: \(loaded) sample records in \(path); try: bmfeed search --db \(path) HER2-low")
            }
        }
    }
}

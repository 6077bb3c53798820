import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the bundled samples into a fresh store and print each feed; no network needed.",
            discussion: "Samples are data/samples/<feed>.xml beside feeds.yml. The store is data/demo.sqlite unless --db is given; it is recreated.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let config = try global.loadConfig()
                let path = global.db ?? config.directory.appendingPathComponent("data/demo.sqlite").path
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                let store = try SQLiteStore(path: path)
                let ingester = Ingester(store: store)
                let samples = config.directory.appendingPathComponent("data/samples")
                let today = CalendarDay(Date())
                let formatter = EntryFormatter(today: today)
                var loaded = 0
                for feed in config.feeds {
                    let file = samples.appendingPathComponent("\(feed.name).xml").path
                    guard FileManager.default.fileExists(atPath: file) else { continue }
                    loaded += try await ingester.ingest(file: file, feed: feed.name).stored
                    let hits = try await store.search(SearchQuery(feed: feed.name, limit: 50))
                    print("== \(feed.name): \(feed.biomarker) — \(hits.count) papers\n")
                    print(hits.map { formatter.entry($0) }.joined(separator: "\n"))
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

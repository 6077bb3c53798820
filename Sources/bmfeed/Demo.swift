import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Demo: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the bundled samples into a fresh store and print each feed; no network needed.",
            discussion: """
                Samples are data/samples/<feed>.xml (PubMed) and data/samples/<feed>.trials.jsonl (ClinicalTrials.gov, \
                several versions of a trial in order) beside feeds.yml. The store is data/demo.sqlite unless --db is given; it is recreated.
                """)

        @OptionGroup var global: GlobalOptions

        func execute() async throws {
            let config = try ConfigLoader.load(URL(fileURLWithPath: global.config))
            let path = global.db ?? config.directory.appendingPathComponent("data/demo.sqlite").path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            var options = global
            options.db = path
            let workspace = try options.workspace(needsConfig: true)
            let (loaded, sections) = try await DemoLoader.load(workspace.pipeline(), config: config)
            let builder = EntryBuilder(today: CalendarDay(workspace.clock.now()))
            let layout = EntryText(width: Terminal.width(), style: Terminal.style())
            for section in sections {
                let trialCount = section.hits.filter { $0.trial != nil }.count
                print("== \(section.feed.name): \(section.feed.biomarker) — \(section.hits.count - trialCount) papers, \(trialCount) trials\n")
                let entries = try await builder.entries(section.hits, store: workspace.store)
                print(entries.map(layout.render).joined(separator: "\n"))
            }
            guard loaded > 0 else {
                let samples = config.directory.appendingPathComponent("data/samples")
                printError("no samples found in \(samples.path) (expected <feed name>.xml for the feeds in \(config.file.path))")
                throw ExitCode(1)
            }
            printStatus("demo: \(loaded) sample records in \(path); try: bmfeed search --db \(path) HER2-low")
        }
    }
}

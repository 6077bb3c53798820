import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Demo: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the bundled samples into a fresh store and print each feed; no network needed.",
            discussion: """
                Samples are data/samples/<feed>.xml (PubMed) and data/samples/<feed>.trials.jsonl (ClinicalTrials.gov, \
                several versions of a trial in order) beside feeds.yml. The store is data/demo.sqlite unless --db is given; it is recreated, and only a store demo made itself is ever replaced.
                """)

        @OptionGroup var global: GlobalOptions

        func execute() async throws {
            let config = try ConfigLoader.load(URL(fileURLWithPath: global.config))
            let path = global.db ?? config.directory.appendingPathComponent("data/demo.sqlite").path
            try Self.checkReplaceable(path)
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
            try await workspace.store.markAsDemo()
            printStatus("demo: \(loaded) sample records in \(path); try: bmfeed search --db \(path) HER2-low")
        }

        /// Demo recreates its store: only a missing path, an empty file or a store demo made
        /// itself may be replaced. Anything else (a user's store, a database, a folder) is refused.
        static func checkReplaceable(_ path: String) throws {
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) else { return }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if !folder.boolValue && (size == 0 || SQLiteStore.isDemoStore(path: path)) { return }
            let what = folder.boolValue ? "a folder" : "a file demo did not make (a store with your data, a database, a document)"
            throw WorkspaceError(message: "\(path) is \(what); demo replaces only its own stores: pass --db with a new path")
        }
    }
}

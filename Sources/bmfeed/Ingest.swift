import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load PubMed XML or ClinicalTrials.gov JSON files into the store.",
            discussion: """
                --pubmed: efetch output, baseline or update files, .xml or .xml.gz of any size, streamed. \
                --ctgov: API v2 JSON (a study, a list page with studies, JSONL with one study per line, streamed) or \
                classic full_studies JSON. A file that breaks keeps its complete records and makes the exit code 1.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("PubMed XML files.", valueName: "file"))
        var pubmed: [String] = []

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("ClinicalTrials.gov API v2 JSON or JSONL files.", valueName: "file"))
        var ctgov: [String] = []

        @Option(name: .long, help: "Remember the articles as found by this feed.")
        var feed: String?

        @Flag(name: .long, help: "Parse and count the records without storing them (checks files; measures the parser).")
        var dryRun = false

        func validate() throws {
            if pubmed.isEmpty && ctgov.isEmpty {
                throw ValidationError("name at least one file: bmfeed ingest --pubmed FILE... or --ctgov FILE...")
            }
            if dryRun && !ctgov.isEmpty { throw ValidationError("--dry-run applies to --pubmed files only") }
        }

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let store = dryRun ? nil : try global.openStore(try global.optionalConfig())
                let tagger = dryRun ? nil : try global.entryTagger()
                let ingester = Ingester(store: store, tagger: tagger)
                var failed = 0
                for file in pubmed {
                    var lastReport = ContinuousClock.now
                    do {
                        let summary = try await ingester.ingest(file: file, feed: feed) { progress in
                            guard lastReport.duration(to: .now) > .seconds(2) else { return }
                            lastReport = .now
                            printStatus(
                                String(
                                    format: "%@: %d records, %.0f records/s, %.1f MB/s", progress.file, progress.records,
                                    progress.recordsPerSecond, progress.megabytesPerSecond))
                        }
                        printStatus(describe(summary, file: file))
                    } catch let error as PubMedParseError {
                        printError(error.description)
                        failed += 1
                    }
                }
                if let store, !ctgov.isEmpty {
                    let trials = TrialIngester(store: store, tagger: tagger)
                    for file in ctgov {
                        do {
                            let outcome = try await trials.ingest(file: file, feed: feed)
                            let summary = outcome.summary
                            printStatus(
                                "\(file): \(summary.stored) studies (\(summary.newTrials) new trials, \(summary.newVersions) new versions, "
                                    + "\(summary.unchanged) unchanged, \(summary.changes.count) changes)")
                            for problem in outcome.problems { printError(problem.description) }
                            if !outcome.problems.isEmpty { failed += 1 }
                        } catch let error as TrialParseError {
                            printError(error.description)
                            failed += 1
                        }
                    }
                }
                if failed > 0 { throw ExitCode(1) }
            }
        }

        private func describe(_ summary: SaveSummary, file: String) -> String {
            if dryRun { return "\(file): \(summary.stored) records (dry run: nothing stored)" }
            var text = "\(file): \(summary.stored) records (\(summary.inserted) new, \(summary.updated) updated, \(summary.unchanged) unchanged)"
            if summary.deleted > 0 { text += ", \(summary.deleted) deleted" }
            return text
        }
    }
}

import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load PubMed XML files (efetch output, baseline or update files) into the store.",
            discussion:
                "Files may be .xml or .xml.gz of any size; they are streamed. A file that breaks keeps its complete records and makes the exit code 1."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("PubMed XML files.", valueName: "file"))
        var pubmed: [String] = []

        @Option(name: .long, help: "Remember the articles as found by this feed.")
        var feed: String?

        @Flag(name: .long, help: "Parse and count the records without storing them (checks files; measures the parser).")
        var dryRun = false

        func validate() throws {
            if pubmed.isEmpty { throw ValidationError("name at least one file: bmfeed ingest --pubmed FILE...") }
        }

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let ingester = Ingester(store: dryRun ? nil : try global.openStore(try global.optionalConfig()))
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

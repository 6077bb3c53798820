import ArgumentParser
import FeedKit
import Logging

/// The `bmfeed` command: PubMed and ClinicalTrials.gov as a biomarker news feed.
@main
struct BMFeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bmfeed",
        abstract: "A biomarker news feed from PubMed and ClinicalTrials.gov.",
        discussion: """
            Environment: NCBI_API_KEY, NCBI_EMAIL (sent to NCBI), BMFEED_DB (store path), \
            BMFEED_PUBMED_URL, BMFEED_CTGOV_URL (API base URLs).
            The store defaults to data/bmfeed.sqlite beside feeds.yml.
            """,
        version: BMFeed.version,
        subcommands: [
            Fetch.self, Ingest.self, Search.self, Show.self, Stats.self, Changes.self, DigestCommand.self, Watch.self, Tag.self, Retag.self,
            Demo.self,
        ])

    static let version = "0.2.0"

    /// Runs the command line; an unknown subcommand is refused with the nearest one
    /// (`bmfeed serch` → "did you mean search?") instead of argument-parser's bare message.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName }
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !names.contains(first) {
            let hint = Suggestions.closest(first, among: names).map { "; did you mean \($0)?" } ?? ""
            printError("no command \"\(first)\"\(hint) Commands: \(names.joined(separator: ", "))")
            Self.exit(withError: ExitCode(64))
        }
        await main(arguments)
    }

    /// Sends FeedKit's log lines to stderr so stdout carries only results.
    static func bootstrapLogging(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
    }
}

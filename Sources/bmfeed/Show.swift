import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one stored article in full.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The article's PMID.")
        var pmid: String

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Also print the stored PubMed XML.")
        var raw = false

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let store = try global.openStore(try global.optionalConfig(), create: false)
                guard let stored = try await store.article(pmid: pmid) else {
                    printError("PMID \(pmid) is not in \(global.storePath(try global.optionalConfig())); fetch or ingest it first")
                    throw ExitCode(1)
                }
                switch format {
                case .json: try printJSON(stored)
                case .text: print(ArticleDetail.render(stored, includeRaw: raw), terminator: "")
                }
            }
        }
    }
}

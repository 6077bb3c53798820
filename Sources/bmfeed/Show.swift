import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one stored article (PMID) or trial (NCT id) in full.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A PMID, or a trial's NCT id.")
        var pmid: String

        @Flag(help: "For a trial: also list every stored version.")
        var history = false

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Also print the stored PubMed XML.")
        var raw = false

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let store = try global.openStore(try global.optionalConfig(), create: false)
                if pmid.uppercased().hasPrefix("NCT") {
                    guard let trial = try await store.trial(nctID: pmid) else {
                        printError("\(pmid.uppercased()) is not in \(global.storePath(try global.optionalConfig())); fetch or ingest it first")
                        throw ExitCode(1)
                    }
                    let papers = try await store.papers(about: trial.trial.nctID)
                    switch format {
                    case .json: try printJSON(trial)
                    case .text:
                        print(TrialDetail.render(trial, history: history, includeRaw: raw), terminator: "")
                        if !papers.isEmpty {
                            print("\nPapers about this trial")
                            for paper in papers { print("  PMID \(paper.pmid)  \(paper.title)") }
                        }
                    }
                    return
                }
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

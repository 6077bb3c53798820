import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Show: BMFeedCommand {
        static let configuration = CommandConfiguration(abstract: "Show one stored article (PMID) or trial (NCT id) in full.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A PMID, or a trial's NCT id.")
        var pmid: String

        @Flag(help: "For a trial: also list every stored version.")
        var history = false

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Also print the stored PubMed XML (or the trial's raw JSON).")
        var raw = false

        func execute() async throws {
            let workspace = try global.workspace(create: false)
            let store = workspace.store
            if pmid.uppercased().hasPrefix("NCT") {
                guard let trial = try await store.trial(nctID: pmid) else {
                    printError("\(pmid.uppercased()) is not in \(workspace.storePath); fetch or ingest it first")
                    throw ExitCode(1)
                }
                let papers = try await store.papers(naming: trial.trial.nctID, firstSeen: nil)
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
                printError("PMID \(pmid) is not in \(workspace.storePath); fetch or ingest it first")
                throw ExitCode(1)
            }
            switch format {
            case .json: try printJSON(stored)
            case .text: print(ArticleDetail.render(stored, includeRaw: raw), terminator: "")
            }
        }
    }
}

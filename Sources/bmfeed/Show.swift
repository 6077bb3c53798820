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

        @Flag(help: "Show why each tag was given: the text span and the rule.")
        var explain = false

        func execute() async throws {
            let workspace = try global.workspace(create: false, readOnly: true)
            let store = workspace.store
            if pmid.uppercased().hasPrefix("NCT") {
                guard let trial = try await store.trial(nctID: pmid) else {
                    printError("\(pmid.uppercased()) is not in \(workspace.storePath); fetch or ingest it first")
                    throw ExitCode(1)
                }
                let papers = try await store.papers(naming: trial.trial.nctID, firstSeen: nil)
                let entry = builder(workspace).trial(
                    trial.trial, tags: trial.tags, changes: Array(trial.changes.suffix(1)), papers: papers.map(\.pmid),
                    updated: trial.changes.last?.detectedAt ?? trial.firstSeenAt)
                switch format {
                case .json: try printJSON(Shown(record: trial, entry: entry))
                case .text:
                    printText(TrialDetail.render(trial, history: history, includeRaw: raw), terminator: "")
                    printText(TagDetail.render(entry), terminator: "")
                    printText("\nPapers about this trial" + (papers.isEmpty ? ": none stored" : ""))
                    for paper in papers { printText("  PMID \(paper.pmid)  \(DigestRenderer.clean(paper.title))") }
                }
                return
            }
            guard let stored = try await store.article(pmid: pmid) else {
                printError("PMID \(pmid) is not in \(workspace.storePath); fetch or ingest it first")
                throw ExitCode(1)
            }
            let entry = builder(workspace).article(stored.article, tags: stored.tags, seen: stored.firstSeenAt)
            switch format {
            case .json: try printJSON(Shown(record: stored, entry: entry))
            case .text:
                printText(ArticleDetail.render(stored, includeRaw: raw), terminator: "")
                printText(TagDetail.render(entry), terminator: "")
                printText("\nTrials this paper names" + (entry.links.isEmpty ? ": none" : ""))
                for nct in entry.links {
                    let title = try await store.trial(nctID: nct).map { DigestRenderer.clean($0.trial.briefTitle) } ?? "(not in the store)"
                    printText("  \(nct)  \(title)")
                }
            }
        }

        private func builder(_ workspace: Workspace) -> EntryBuilder {
            EntryBuilder(today: CalendarDay(workspace.clock.now()), explain: explain)
        }
    }
}

/// `show --format json`: the stored record's fields as before, plus `entry`, the one entry layout
/// every command shares (tags by category, links, and with `--explain` the evidence).
struct Shown<Record: Encodable>: Encodable {
    var record: Record
    var entry: FeedKit.Digest.Entry

    enum Key: String, CodingKey { case entry }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(entry, forKey: .entry)
    }
}

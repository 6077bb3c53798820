import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Retag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-derive the tags of every stored article and trial (after an ontology change).",
            discussion: "Articles are re-read from their stored PubMed XML, trials from their current version.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let store = try global.openStore(try global.optionalConfig(), create: false)
                guard let tagger = try global.entryTagger() else {
                    throw ValidationError("no ontology in \(global.ontologyURL.path)")
                }
                let start = ContinuousClock.now
                var articles = 0
                var last: String?
                while true {
                    let page = try await store.articles(after: last, limit: 2000)
                    guard let final = page.last else { break }
                    try await store.replaceTags(page.map { EntryTags(kind: .article, id: $0.pmid, tags: tagger.tags(for: $0)) })
                    articles += page.count
                    last = final.pmid
                }
                var trials = 0
                last = nil
                while true {
                    let page = try await store.trials(after: last, limit: 1000)
                    guard let final = page.last else { break }
                    try await store.replaceTags(page.map { EntryTags(kind: .trial, id: $0.nctID, tags: tagger.tags(for: $0)) })
                    trials += page.count
                    last = final.nctID
                }
                let elapsed = start.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                printStatus(
                    String(
                        format: "retagged %d articles and %d trials in %.1f s (%.0f entries/s)", articles, trials, seconds,
                        Double(articles + trials) / max(seconds, 0.001)))
            }
        }
    }
}

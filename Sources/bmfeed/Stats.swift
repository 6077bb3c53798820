import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Stats: BMFeedCommand {
        static let configuration = CommandConfiguration(abstract: "Count what the store holds and show each feed's last run.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func execute() async throws {
            let workspace = try global.workspace(create: false, readOnly: true)
            let stats = try await workspace.store.stats()
            switch format {
            case .json: try printJSON(stats)
            case .text: printText(render(stats, path: workspace.storePath), terminator: "")
            }
        }

        private func render(_ stats: StoreStats, path: String) -> String {
            var text = "store     \(path)\narticles  \(stats.articles)\ntrials    \(stats.trials)\n"
            if stats.deletedArticles > 0 { text += "deleted   \(stats.deletedArticles) (withdrawn by PubMed)\n" }
            for feed in stats.feeds {
                let count = feed.source == .pubmed ? "\(feed.articles) articles" : "\(feed.trials) trials"
                text += "\nfeed \(feed.feed) (\(feed.source.rawValue)): \(count)"
                text += feed.cursor.map { ", fetched through \($0)" } ?? ", never fetched through"
                if let run = feed.lastRun {
                    text += String(
                        format: "\n  last run %@: %@, window %@..%@, expected %d, stored %d, %.1f s",
                        run.finishedAt.formatted(.iso8601), run.status.rawValue, run.windowStart.iso, run.windowEnd.iso,
                        run.expected, run.stored, run.duration)
                    for error in run.errors { text += "\n  ! \(error)" }
                }
                text += "\n"
            }
            return text
        }
    }
}

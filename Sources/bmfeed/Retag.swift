import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Retag: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-derive the tags of every stored article and trial (after an ontology change).",
            discussion: "Articles are re-read from their stored normalised records, trials from their current version.")

        @OptionGroup var global: GlobalOptions

        func execute() async throws {
            let workspace = try global.workspace(create: false)
            guard let tagger = workspace.tagger else { throw WorkspaceError(message: "no ontology in \(workspace.ontologyURL.path)") }
            let start = ContinuousClock.now
            let (articles, trials) = try await Retagger(store: workspace.store, tagger: tagger).run()
            let elapsed = start.duration(to: .now).inSeconds
            printStatus(
                String(
                    format: "retagged %d articles and %d trials in %.1f s (%.0f entries/s)", articles, trials, elapsed,
                    Double(articles + trials) / max(elapsed, 0.001)))
        }
    }
}

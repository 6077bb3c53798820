import FeedModel
import FeedStore
import Foundation

/// `bmfeed demo`: the bundled samples (`data/samples/<feed>.xml`, `<feed>.trials.jsonl`) through
/// the ingest pipeline, then each feed's entries.
public enum DemoLoader {
    /// One feed's part of the demo.
    public struct Section: Sendable {
        public var feed: Feed
        public var hits: [SearchHit]
    }

    /// - Returns: how many sample records were loaded, and the feeds that have entries.
    public static func load(_ pipeline: IngestPipeline, config: FeedsConfig) async throws -> (loaded: Int, sections: [Section]) {
        let samples = config.directory.appendingPathComponent("data/samples")
        var loaded = 0
        var sections: [Section] = []
        for feed in config.feeds {
            let papers = samples.appendingPathComponent("\(feed.name).xml").path
            let trials = samples.appendingPathComponent("\(feed.name).trials.jsonl").path
            if FileManager.default.fileExists(atPath: papers) {
                loaded += try await pipeline.ingestPubMed(file: papers, feed: feed.name).stored
            }
            if FileManager.default.fileExists(atPath: trials) {
                loaded += try await pipeline.ingestTrials(file: trials, feed: feed.name).summary.stored
            }
            let hits = try await pipeline.store.search(SearchQuery(feed: feed.name, limit: 50))
            guard !hits.isEmpty else { continue }
            sections.append(Section(feed: feed, hits: hits))
        }
        return (loaded, sections)
    }
}

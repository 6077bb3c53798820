import FeedKit
import FeedModel
import Logging

/// Pipelines over fresh in-memory stores, for tests that ingest.
public enum TestPipelines {
    /// A fresh in-memory store and the pipeline into it (untagged unless a tagger is given).
    public static func make(tagger: EntryTagger? = nil, clock: any FeedClock = SystemClock()) throws -> (store: SQLiteStore, pipeline: IngestPipeline)
    {
        let store = try SQLiteStore.inMemory(now: { clock.now() })
        return (store, IngestPipeline(store: store, tagger: tagger, clock: clock, logger: Logger(label: "test")))
    }
}

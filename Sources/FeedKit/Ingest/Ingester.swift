import Foundation

/// Streams PubMed XML into a store in batches, each batch one transaction.
///
/// A file that breaks mid-way keeps every complete record before the break: they are saved before
/// the error is rethrown.
public struct Ingester: Sendable {
    /// Where ingestion stands, for progress lines.
    public struct Progress: Sendable {
        public var file: String
        public var records: Int
        public var bytes: Int
        public var elapsed: Double

        public var recordsPerSecond: Double { elapsed > 0 ? Double(records) / elapsed : 0 }
        public var megabytesPerSecond: Double { elapsed > 0 ? Double(bytes) / 1_048_576 / elapsed : 0 }
    }

    /// Where batches go; nil parses and counts without storing (`bmfeed ingest --dry-run`).
    public let store: (any FeedStore)?
    public var batchSize: Int
    /// Tags every article before it is stored, when given.
    public var tagger: EntryTagger?

    public init(store: (any FeedStore)?, batchSize: Int = 500, tagger: EntryTagger? = nil) {
        self.store = store
        self.batchSize = batchSize
        self.tagger = tagger
    }

    /// Ingests one PubMed XML file (`.xml` or `.xml.gz`).
    ///
    /// - Parameters:
    ///   - feed: remembered as the feed that found these articles, when given.
    ///   - progress: called after every batch.
    /// - Returns: what the file changed in the store.
    /// - Throws: ``PubMedParseError`` naming the file and the break, after the records before it are saved.
    public func ingest(
        file path: String, feed: String? = nil, progress: (Progress) -> Void = { _ in }
    ) async throws -> SaveSummary {
        let reader = try PubMedReader(path: path)
        return try await drain(reader, feed: feed, file: path, progress: progress)
    }

    /// Ingests a response body already in memory.
    public func ingest(data: Data, source: String, feed: String? = nil) async throws -> SaveSummary {
        try await drain(try PubMedReader(data: data, source: source), feed: feed, file: source, progress: { _ in })
    }

    /// Parses batch N+1 while batch N is written: the store works on its own queue, so the two
    /// overlap and ingest runs at the pace of the slower, not of both added up.
    private func drain(
        _ reader: PubMedReader, feed: String?, file: String, progress: (Progress) -> Void
    ) async throws -> SaveSummary {
        let start = ContinuousClock.now
        var total = SaveSummary()
        var batch = ArticleBatch(feed: feed)
        var pending: Task<SaveSummary, any Error>?
        func settle() async throws {
            if let saving = pending {
                pending = nil
                total = total + (try await saving.value)
            }
        }
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let ready = batch
            batch = ArticleBatch(feed: feed)
            try await settle()
            if let store {
                pending = Task { try await store.save(ready) }
            } else {
                total.inserted += ready.records.count
            }
            let elapsed = start.duration(to: .now)
            progress(
                Progress(
                    file: file, records: reader.recordCount, bytes: reader.bytesConsumed,
                    elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        do {
            while let item = try reader.next() {
                switch item {
                case .article(let article, let rawXML):
                    batch.records.append((article, rawXML))
                    if let tagger { batch.tags[article.pmid] = tagger.tags(for: article) }
                case .deletion(let pmids): batch.deletions += pmids
                }
                if batch.records.count >= batchSize { try await flush() }
            }
        } catch {
            try await flush()
            try await settle()
            throw error
        }
        try await flush()
        try await settle()
        return total
    }
}

import Foundation

/// Loads ClinicalTrials.gov API v2 documents into a store: a single study, a list page, or JSONL
/// with one study per line (streamed, in batches, memory flat).
///
/// A study that cannot be read is reported with its file and line (or list index) and skipped;
/// every good study is kept.
public struct TrialIngester: Sendable {
    public let store: any FeedStore
    public var batchSize: Int
    /// Tags every trial before it is stored, when given.
    public var tagger: EntryTagger?

    public init(store: any FeedStore, batchSize: Int = 200, tagger: EntryTagger? = nil) {
        self.store = store
        self.batchSize = batchSize
        self.tagger = tagger
    }

    private func batch(_ records: [TrialRecord], feed: String?) -> TrialBatch {
        tagger?.batch(records, feed: feed) ?? TrialBatch(records: records, feed: feed)
    }

    /// What one file gave.
    public struct Outcome: Sendable {
        public var summary = TrialSaveSummary()
        public var problems: [TrialParseError] = []
    }

    /// Ingests one file; `.jsonl`/`.ndjson` (optionally `.gz`) is read line by line.
    ///
    /// - Throws: ``TrialParseError`` when the file cannot be read at all.
    public func ingest(file path: String, feed: String? = nil) async throws -> Outcome {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl.gz") || lower.hasSuffix(".ndjson.gz") {
            return try await ingestLines(path, feed: feed)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TrialParseError(source: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        let page = try TrialDocuments.parse(data, source: path)
        var outcome = Outcome(problems: page.problems)
        for start in stride(from: 0, to: page.records.count, by: batchSize) {
            let slice = Array(page.records[start..<min(start + batchSize, page.records.count)])
            outcome.summary = outcome.summary + (try await store.save(batch(slice, feed: feed)))
        }
        return outcome
    }

    /// Parses the next batch while the previous one is written, as ``Ingester`` does for PubMed.
    private func ingestLines(_ path: String, feed: String?) async throws -> Outcome {
        guard let reader = LineReader(path: path) else { throw TrialParseError(source: path, message: "cannot open the file") }
        var outcome = Outcome()
        var batch = TrialBatch(feed: feed)
        var pending: Task<TrialSaveSummary, any Error>?
        func flush() async throws {
            if let saving = pending {
                pending = nil
                outcome.summary = outcome.summary + (try await saving.value)
            }
            guard !batch.records.isEmpty else { return }
            let ready = self.batch(batch.records, feed: feed)
            batch = TrialBatch(feed: feed)
            pending = Task { [store] in try await store.save(ready) }
        }
        do {
            while let line = try reader.next(source: path) {
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                do {
                    batch.records.append(try TrialDocuments.record(line, source: path, label: "line \(reader.lineNumber)"))
                } catch {
                    outcome.problems.append(error)
                }
                if batch.records.count >= batchSize { try await flush() }
            }
        } catch let error as TrialParseError {
            outcome.problems.append(error)
        }
        try await flush()
        try await flush()
        return outcome
    }
}

import FeedModel
import FeedSources
import FeedStore
import FeedTagging
import Foundation
import Logging

/// The one way records reach a store, for `fetch`, `ingest` and `demo` alike: parsed records
/// are tagged, handed to the store with the pure derivations of what they change (trial history,
/// retraction notices), and saved a batch per transaction.
public struct IngestPipeline: Sendable {
    public let store: any FeedStore
    /// Tags every entry before it is stored, when given.
    public var tagger: EntryTagger?
    /// Records per transaction when streaming files.
    public var batchSize: Int
    let clock: any FeedClock
    public let logger: Logger

    public init(store: any FeedStore, tagger: EntryTagger?, batchSize: Int = 500, clock: any FeedClock = SystemClock(), logger: Logger) {
        self.store = store
        self.tagger = tagger
        self.batchSize = batchSize
        self.clock = clock
        self.logger = logger
    }

    // MARK: - One batch

    /// The batch the store saves for these PubMed records: tags, and the notices of revisions.
    public func articleBatch(_ records: [PubMedRecord], deletions: [String] = [], feed: String?) -> ArticleBatch {
        var batch = ArticleBatch(records: records, deletions: deletions, feed: feed)
        if let tagger { for record in records { batch.tags[record.article.pmid] = tagger.tags(for: record.article) } }
        batch.notices = ArticleNotices.between
        return batch
    }

    /// The batch the store saves for these trial versions: order keys, tags and the history deriver.
    public func trialBatch(_ records: [TrialRecord], feed: String?) -> TrialBatch {
        let now = clock.now()
        var batch = TrialBatch(
            records: records.map {
                TrialBatch.Record(trial: $0.trial, rawJSON: $0.rawJSON, orderKey: TrialHistoryDeriver.orderKey($0.trial, fetchedAt: now))
            }, feed: feed, history: TrialHistoryDeriver.derive)
        if let tagger { for record in records { batch.tags[record.trial.nctID] = tagger.tags(for: record.trial) } }
        return batch
    }

    public func save(_ records: [PubMedRecord], deletions: [String] = [], feed: String?) async throws -> SaveSummary {
        try await store.save(articleBatch(records, deletions: deletions, feed: feed))
    }

    public func save(_ records: [TrialRecord], feed: String?) async throws -> TrialSaveSummary {
        guard !records.isEmpty else { return TrialSaveSummary() }
        return try await store.save(trialBatch(records, feed: feed))
    }

    // MARK: - Files

    /// Where a file ingest stands, for progress lines.
    public struct Progress: Sendable {
        public var file: String
        public var records: Int
        public var bytes: Int
        public var elapsed: Double
        /// Bytes of the file as stored read so far, and its size (nil when unknown).
        public var fileOffset = 0
        public var fileSize: Int?

        /// 0…1 through the file, when its size is known.
        public var fraction: Double? { fileSize.flatMap { $0 > 0 ? min(1, Double(fileOffset) / Double($0)) : nil } }
        /// Seconds left at the rate so far.
        public var secondsLeft: Double? {
            guard let fraction, fraction > 0.01, elapsed > 0 else { return nil }
            return elapsed * (1 - fraction) / fraction
        }

        public var recordsPerSecond: Double { elapsed > 0 ? Double(records) / elapsed : 0 }
        public var megabytesPerSecond: Double { elapsed > 0 ? Double(bytes) / 1_048_576 / elapsed : 0 }
    }

    /// Streams a PubMed XML file (`.xml` or `.xml.gz`, any size) into the store; with `dryRun`
    /// it parses and counts without tagging or storing.
    ///
    /// - Throws: ``PubMedParseError`` naming the file and the break, after every complete record
    ///   before it is saved.
    public func ingestPubMed(
        file path: String, feed: String? = nil, dryRun: Bool = false, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> SaveSummary {
        let reader = try PubMedReader(path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let start = clock.uptime()
        var pending: [PubMedRecord] = []
        var pendingBytes = 0
        var deletions: [String] = []
        var rejections: [String] = []
        var summary = try await overlapped(SaveSummary.self) { save in
            func flush() async throws {
                guard !pending.isEmpty || !deletions.isEmpty else { return }
                if dryRun {
                    let count = pending.count
                    try await save {
                        var counted = SaveSummary()
                        counted.inserted = count
                        return counted
                    }
                } else {
                    let batch = articleBatch(pending, deletions: deletions, feed: feed)
                    try await save { [store] in try await store.save(batch) }
                }
                pending = []
                pendingBytes = 0
                deletions = []
                let elapsed = clock.uptime() - start
                progress(
                    Progress(
                        file: path, records: reader.recordCount, bytes: reader.bytesConsumed,
                        elapsed: elapsed.inSeconds,
                        fileOffset: reader.fileOffset, fileSize: size))
            }
            do {
                while let item = try reader.next() {
                    switch item {
                    case .article(let article, let rawXML):
                        pending.append(PubMedRecord(article: article, rawXML: rawXML))
                        pendingBytes += rawXML.utf8.count
                    case .deletion(let pmids): deletions += pmids
                    case .rejected(let record): rejections.append(record.description)
                    }
                    if pending.count >= batchSize || pendingBytes >= Self.batchBytes { try await flush() }
                }
            } catch {
                // Keep every complete record before the break; the parse error is the one reported.
                do { try await flush() } catch let saveError {
                    logger.error("\(path): the records before the break could not be saved: \(saveError)")
                }
                throw error
            }
            try await flush()
        }
        summary.rejected = rejections
        return summary
    }

    /// What one trials file gave.
    public struct TrialOutcome: Sendable {
        public var summary = TrialSaveSummary()
        /// Studies that could not be read, each naming file and record; the rest were kept.
        public var problems: [TrialParseError] = []
    }

    /// Ingests one ClinicalTrials.gov file: a study, a list page, classic full_studies JSON, or
    /// JSONL (`.jsonl`/`.ndjson`, optionally `.gz`) streamed line by line.
    ///
    /// - Throws: ``TrialParseError`` when the file cannot be read at all.
    public func ingestTrials(file path: String, feed: String? = nil) async throws -> TrialOutcome {
        let lower = path.lowercased()
        if [".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"].contains(where: lower.hasSuffix) {
            return try await ingestTrialLines(path, feed: feed)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maxDocumentBytes else {
            throw TrialParseError(
                source: path,
                message:
                    "the file is \(size >> 20) MB, over the \(Self.maxDocumentBytes >> 20) MB read at once; split it or write one study a line (.jsonl)"
            )
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TrialParseError(source: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        let page = try TrialDocuments.parse(data, source: path)
        var outcome = TrialOutcome(problems: page.problems)
        for start in stride(from: 0, to: page.records.count, by: batchSize) {
            let slice = Array(page.records[start..<min(start + batchSize, page.records.count)])
            outcome.summary = outcome.summary + (try await save(slice, feed: feed))
        }
        return outcome
    }

    /// Input a batch holds at most, whatever its count: 500 ordinary records are about 1.5 MB,
    /// but 500 records of 1 MB each would hold gigabytes (two batches are in flight at once).
    static let batchBytes = 8 << 20

    /// The largest JSON document read whole: a full API page of 1,000 studies is about 50 MB.
    static let maxDocumentBytes = 64 << 20

    private func ingestTrialLines(_ path: String, feed: String?) async throws -> TrialOutcome {
        guard let reader = LineReader(path: path) else { throw TrialParseError(source: path, message: "cannot open the file") }
        if let head = FileHandle(forReadingAtPath: path).map({ handle in
            defer { try? handle.close() }; return handle.readData(ofLength: 2)
        }),
            head == Data([0xFF, 0xFE]) || head == Data([0xFE, 0xFF])
        {
            throw TrialParseError(source: path, message: "UTF-16 text; JSON Lines are UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)")
        }
        var problems: [TrialParseError] = []
        var pending: [TrialRecord] = []
        var pendingBytes = 0
        let trialBatchSize = min(batchSize, 200)
        let summary = try await overlapped(TrialSaveSummary.self) { save in
            func flush() async throws {
                guard !pending.isEmpty else { return }
                let batch = trialBatch(pending, feed: feed)
                pending = []
                pendingBytes = 0
                try await save { [store] in try await store.save(batch) }
            }
            while true {
                let next: Data?
                do throws(LineReadError) { next = try reader.next() } catch {
                    problems.append(TrialParseError(source: path, record: "line \(error.line)", message: error.message))
                    if error.recoverable { continue }
                    break
                }
                guard let line = next else { break }
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                do throws(TrialParseError) {
                    pending.append(try TrialDocuments.record(line, source: path, label: "line \(reader.lineNumber)"))
                    pendingBytes += line.count
                } catch {
                    problems.append(error)
                }
                if pending.count >= trialBatchSize || pendingBytes >= Self.batchBytes { try await flush() }
            }
            try await flush()
        }
        return TrialOutcome(summary: summary, problems: problems)
    }

    /// Runs `body`, which parses and hands each batch's save to `save`: batch N is saved in a
    /// child task while batch N+1 is parsed, so ingest runs at the pace of the slower of the two.
    /// Saves run in order, one at a time; when the body fails, the saves already handed over
    /// finish first (nothing parsed is lost), and the body's error is the one thrown.
    private func overlapped<Summary: Sendable & Summable>(
        _ type: Summary.Type, _ body: (_ save: (@escaping @Sendable () async throws -> Summary) async throws -> Void) async throws -> Void
    ) async throws -> Summary {
        try await withThrowingTaskGroup(of: Summary.self) { group in
            var total = Summary.zero
            var running = false
            func save(_ work: @escaping @Sendable () async throws -> Summary) async throws {
                if running, let done = try await group.next() { total = total + done }
                group.addTask(operation: work)
                running = true
            }
            do {
                try await body(save)
            } catch {
                do {
                    while let done = try await group.next() { total = total + done }
                } catch let saveError {
                    // The same cause twice (a full disk fails both) is said once, by the caller.
                    let reason = { (error: any Error) in "\(error)".components(separatedBy: " - while executing").first ?? "" }
                    if reason(saveError) != reason(error) {
                        logger.error("a batch before the failure could not be saved either: \(reason(saveError))")
                    }
                }
                throw error
            }
            while let done = try await group.next() { total = total + done }
            return total
        }
    }
}

/// Summaries that add up batch by batch.
protocol Summable {
    static var zero: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
}

extension SaveSummary: Summable {
    static var zero: SaveSummary { SaveSummary() }
}

extension TrialSaveSummary: Summable {
    static var zero: TrialSaveSummary { TrialSaveSummary() }
}

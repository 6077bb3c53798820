import FeedKit
import FeedModel
import FeedStore
import Foundation
import Logging

/// What every ``FeedStore`` must do, as cases any store's test target runs against a fresh store:
///
/// ```swift
/// @Test(arguments: StoreContract.cases)
/// func contract(_ item: StoreContract.Case) async throws {
///     try await item.run { now in try SQLiteStore.inMemory(now: now) }
/// }
/// ```
///
/// Records go in through the real pipeline's batches (tags, trial history, retraction notices),
/// so a store is checked with the derivations it will get in use. A failed expectation throws
/// ``ContractFailure`` naming the case and what differed.
public enum StoreContract {
    /// Makes a fresh, empty store whose clock is `now`.
    public typealias Factory = @Sendable (_ now: @escaping @Sendable () -> Date) throws -> any FeedStore

    /// One named case.
    public struct Case: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (Context) async throws -> Void

        public var description: String { name }

        /// Runs the case on a fresh store from `factory`.
        public func run(_ factory: Factory) async throws {
            let clock = TestClock(start: Date(timeIntervalSince1970: 1_795_000_000))
            let store = try factory { clock.now() }
            try await body(Context(store: store, clock: clock, caseName: name))
        }
    }

    /// What a case works with: the store, its clock and record builders.
    public struct Context: Sendable {
        public let store: any FeedStore
        public let clock: TestClock
        let caseName: String

        var pipeline: IngestPipeline {
            IngestPipeline(store: store, tagger: EntryTagger(tagger: TaggingFiles.tagger), clock: clock, logger: Logger(label: "contract"))
        }

        /// The store's idea of now, moved on by `seconds` (detection and first-seen times).
        func later(_ seconds: Double) { clock.advance(by: .milliseconds(Int(seconds * 1000))) }

        func expect(_ condition: Bool, _ message: @autoclosure () -> String, line: Int = #line) throws {
            guard condition else { throw ContractFailure(caseName: caseName, line: line, message: message()) }
        }

        func equal<T: Equatable>(_ actual: T, _ expected: T, _ what: String, line: Int = #line) throws {
            try expect(actual == expected, "\(what): got \(actual), expected \(expected)", line: line)
        }

        /// Saves PubMed records (and deletions) for a feed, tagged, with notices.
        @discardableResult
        func saveArticles(_ records: [PubMedRecord], deletions: [String] = [], feed: String? = "feed-a") async throws -> SaveSummary {
            try await pipeline.save(records, deletions: deletions, feed: feed)
        }

        /// Saves trial versions for a feed, tagged, with the real history deriver.
        @discardableResult
        func saveTrials(_ studies: [TrialFixtures.Study], feed: String? = "feed-a") async throws -> TrialSaveSummary {
            try await pipeline.save(try studies.map(TrialFixtures.record), feed: feed)
        }
    }

    static func article(
        _ pmid: String, title: String? = nil, abstract: String? = nil, entrez: CalendarDay = day, extra: String = ""
    ) throws -> PubMedRecord {
        var xml = PubMedFixtures.article(pmid: pmid, entrez: entrez, title: title, abstract: abstract)
        if !extra.isEmpty { xml = xml.replacingOccurrences(of: "</MedlineCitation>", with: extra + "</MedlineCitation>") }
        let reader = try PubMedReader(data: Data(PubMedFixtures.set([xml]).utf8), source: "contract fixture")
        guard case .article(let article, let raw) = try reader.next() else { throw CocoaError(.fileReadCorruptFile) }
        return PubMedRecord(article: article, rawXML: raw)
    }

    static let day = CalendarDay(year: 2026, month: 11, day: 1)

    /// Ten unrelated papers, newest first by entrez day, so that bm25 has term statistics.
    static func corpus() throws -> [PubMedRecord] {
        let titles = [
            "Trastuzumab deruxtecan in HER2-low breast cancer", "HER2 low expression and prognosis",
            "Osimertinib in EGFR-mutated lung cancer", "PD-L1 scoring in gastric cancer", "BRAF V600E in melanoma",
            "KRAS G12C inhibitors", "Immune checkpoint toxicity", "Circulating tumour DNA methods",
            "Radiotherapy fractionation", "Low-dose aspirin and colorectal adenoma",
        ]
        return try titles.enumerated().map { index, title in
            try article(String(40_000_000 + index), title: title, abstract: "Study \(index) of patients.", entrez: day.adding(days: -index))
        }
    }

    static func run(_ feed: String, _ source: Source, status: FetchRun.Status, end: CalendarDay, version: String? = nil) -> FetchRun {
        FetchRun(
            feed: feed, source: source, startedAt: Date(timeIntervalSince1970: 1_795_000_000), finishedAt: Date(timeIntervalSince1970: 1_795_000_010),
            windowStart: end.adding(days: -7), windowEnd: end, expected: 3, stored: status == .ok ? 3 : 1,
            errors: status == .ok || status == .skipped ? [] : ["esearch: HTTP 500"], status: status, dataVersion: version)
    }

    /// Every case, in order.
    public static let cases: [Case] = articleCases + searchCases + trialCases + runLogCases + watchCases
}

/// A store that broke the contract: the case, the line in StoreContract*.swift and what differed.
public struct ContractFailure: Error, CustomStringConvertible {
    public var caseName: String
    public var line: Int
    public var message: String

    public var description: String { "\(caseName) (line \(line)): \(message)" }
}

import FeedKit
import FeedKitTesting
import Foundation
import Testing

/// Ingest progress knows how far through the file it is (compressed bytes against the size on
/// disk), so the terminal line can show a percentage and the time left (issue 9, item 8).
@Suite struct IngestProgressTests {
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [IngestPipeline.Progress] = []
        func add(_ progress: IngestPipeline.Progress) { lock.withLock { items.append(progress) } }
        var all: [IngestPipeline.Progress] { lock.withLock { items } }
    }

    @Test func progressRunsFromNearZeroToTheWholeFile() async throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let day = CalendarDay(year: 2026, month: 11, day: 1)
        let records = (0..<6000).map { PubMedFixtures.article(pmid: String(31_000_000 + $0), entrez: day) }
        let plain = folder.appendingPathComponent("records.xml")
        try Data(PubMedFixtures.set(records).utf8).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let file = plain.path + ".gz"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let (_, pipeline) = try TestPipelines.make()
        let collector = Collector()
        let summary = try await pipeline.ingestPubMed(file: file) { collector.add($0) }
        #expect(summary.inserted == 6000)
        let reports = collector.all
        #expect(reports.count >= 2)
        #expect(reports.allSatisfy { $0.fileSize == size })
        let fractions = reports.compactMap(\.fraction)
        #expect(fractions == fractions.sorted())
        #expect((fractions.first ?? 1) < 0.9)
        #expect(reports.contains { $0.secondsLeft != nil })
    }
}

import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Testing

@Suite struct ArticleEventTests {
    private func record(_ xml: String) throws -> PubMedRecord {
        let reader = try PubMedReader(data: Data(PubMedFixtures.set([xml]).utf8), source: "fixture")
        guard case .article(let article, let raw) = try reader.next() else { throw CocoaError(.fileReadCorruptFile) }
        return PubMedRecord(article: article, rawXML: raw)
    }

    @Test func aRetractionOfAStoredPaperIsReportedInTheDigest() async throws {
        let (store, pipeline) = try TestPipelines.make()
        let original = PubMedFixtures.article(pmid: "7", entrez: CalendarDay(year: 2026, month: 11, day: 1))
        let retracted = original.replacingOccurrences(
            of: "</MedlineCitation>",
            with:
                "<CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionIn\"><RefSource>Ex J Oncol. 2026;2:1</RefSource><PMID Version=\"1\">8</PMID></CommentsCorrections></CommentsCorrectionsList></MedlineCitation>"
        )
        let before = Date()
        _ = try await pipeline.save([try record(original)], feed: "her2-low")
        #expect(try await store.articleEvents(ArticleEventQuery(since: nil, until: Date().addingTimeInterval(60), feed: nil)).isEmpty)
        let summary = try await pipeline.save([try record(retracted)], feed: "her2-low")
        #expect(summary.updated == 1)
        let events = try await store.articleEvents(ArticleEventQuery(since: before, until: Date().addingTimeInterval(60), feed: "her2-low"))
        #expect(events.map(\.kind) == [.retracted])
        #expect(events.first?.detail == "RetractionIn PMID 8")
        #expect(events.first?.line.hasPrefix("Retracted: Trastuzumab deruxtecan in HER2-low breast cancer, report 7. (PMID 7)") == true)

        let feed = Feed(name: "her2-low", biomarker: "HER-2 underexpression", pubmedQuery: "x")
        let digest = try await DigestBuilder(store: store).build(
            feeds: [feed], from: Date().addingTimeInterval(5), to: Date().addingTimeInterval(60), now: Date().addingTimeInterval(60))
        #expect(digest.sections.first?.entries.isEmpty == true)
        let window = try await DigestBuilder(store: store).build(
            feeds: [feed], from: before, to: Date().addingTimeInterval(60), now: Date().addingTimeInterval(60))
        let entry = try #require(window.sections.first?.entries.first)
        #expect(entry.types.first == "Newly retracted")
        #expect(entry.changes == ["RetractionIn PMID 8"])
        #expect(DigestRenderer.text(window).contains("     RetractionIn PMID 8"))
    }
}

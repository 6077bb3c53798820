import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Testing

@Suite struct TagStoreTests {
    let tagger = EntryTagger(tagger: TaggingFiles.tagger)

    private func article(_ pmid: String, title: String, types: [String] = ["Journal Article"]) throws -> PubMedRecord {
        let xml = PubMedFixtures.article(pmid: pmid, entrez: CalendarDay(year: 2026, month: 11, day: 1), title: title, abstract: "An abstract.")
            .replacingOccurrences(
                of: "<PublicationType UI=\"D016428\">Journal Article</PublicationType>",
                with: types.map { "<PublicationType>\($0)</PublicationType>" }.joined())
        let reader = try PubMedReader(data: Data(PubMedFixtures.set([xml]).utf8), source: "fixture")
        guard case .article(let article, let raw) = try reader.next() else { throw CocoaError(.fileReadCorruptFile) }
        return PubMedRecord(article: article, rawXML: raw)
    }

    @Test func tagsAreStoredWithEntriesAndFilterSearch() async throws {
        let (store, pipeline) = try TestPipelines.make(tagger: tagger)
        let records = [
            try article("1", title: "Trastuzumab deruxtecan in HER2-low breast cancer", types: ["Clinical Trial, Phase III", "Journal Article"]),
            try article("2", title: "T-DM1 in HER2-positive breast cancer", types: ["Review"]),
            try article("3", title: "Osimertinib in EGFR-mutant lung cancer"),
        ]
        _ = try await pipeline.save(records, feed: nil)
        // Read back with their evidence, as written: nothing is computed again on read.
        let stored = try #require(try await store.article(pmid: "1"))
        #expect(stored.tags == tagger.tags(for: records[0].article))
        #expect(stored.tags.drugs.first?.evidence.first?.text == "Trastuzumab deruxtecan")

        func pmids(_ filters: [TagFilter], text: String? = nil) async throws -> [String] {
            try await store.search(SearchQuery(text: text, tags: filters, limit: 10)).compactMap(\.article?.pmid).sorted()
        }
        #expect(try await pmids([TagFilter(kind: .drugs, value: "Enhertu (fam-trastuzumab deruxtecan-nxki)")]) == ["1"])
        #expect(try await pmids([TagFilter(kind: .genes, value: "HER-2 (Human epidermal growth factor receptor 2)")]) == ["1", "2"])
        #expect(try await pmids([TagFilter(kind: .alterations, value: "HER-2 underexpression")]) == ["1"])
        #expect(try await pmids([TagFilter(kind: .phases, value: "P3"), TagFilter(kind: .types, value: "P3 data")]) == ["1"])
        #expect(try await pmids([TagFilter(kind: .types, value: "Review")]) == ["2"])
        #expect(try await pmids([TagFilter(kind: .genes, value: "EGFR (Epidermal growth factor receptor)")], text: "lung") == ["3"])
        #expect(
            try await pmids([TagFilter(kind: .drugs, value: "Kadcyla (ado-trastuzumab emtansine)"), TagFilter(kind: .types, value: "Review")]) == [
                "2"
            ])
    }

    @Test func retagPagesThroughEverything() async throws {
        let (store, pipeline) = try TestPipelines.make()
        let records = try (1...5).map { try article(String(100 + $0), title: "Pembrolizumab in PD-L1-positive NSCLC \($0)") }
        _ = try await pipeline.save(records, feed: nil)
        #expect(try await store.search(SearchQuery(tags: [TagFilter(kind: .drugs, value: "Keytruda (pembrolizumab)")])).isEmpty)
        var last: String?
        var seen = 0
        while true {
            let page = try await store.articles(after: last, limit: 2)
            guard let final = page.last else { break }
            try await store.replaceTags(page.map { EntryTags(kind: .article, id: $0.pmid, tags: tagger.tags(for: $0)) })
            seen += page.count
            last = final.pmid
        }
        #expect(seen == 5)
        #expect(try await store.search(SearchQuery(tags: [TagFilter(kind: .drugs, value: "Keytruda (pembrolizumab)")])).count == 5)
    }

    @Test func trialsAreTaggedFromInterventionsConditionsAndPhases() throws {
        var study = TrialFixtures.Study(title: "A Study of Drug X", phases: ["PHASE2", "PHASE3"], interventions: [("DRUG", "Drug X", ["DS-8201a"])])
        study.conditions = ["HER2-low Breast Cancer"]
        let tags = tagger.tags(for: try TrialFixtures.trial(study)).displays
        #expect(tags["drugs"] == ["Enhertu (fam-trastuzumab deruxtecan-nxki)"])
        #expect(tags["alterations"] == ["HER-2 underexpression"])
        #expect(tags["phases"] == ["P2/3"])
        #expect(tags["nct"] == ["NCT09990001"])
    }
}

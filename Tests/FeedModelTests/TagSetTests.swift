import FeedModel
import Testing

@Suite struct TagSetTests {
    @Test func kindsReadAndWriteTheirOwnList() {
        var tags = TagSet()
        let evidence = TagSet.Evidence(start: 0, end: 4, text: "HER2", rule: "gene")
        tags.add(\.genes, "HER-2", evidence)
        tags[.drugs] = [TagSet.Tag(display: "Enhertu", evidence: [])]
        #expect(tags.genes.map(\.display) == ["HER-2"])
        #expect(tags[.drugs].map(\.display) == ["Enhertu"])
        #expect(tags.all.map(\.kind) == [.genes, .drugs])
        #expect(tags.displays["drugs"] == ["Enhertu"])
        #expect(!tags.isEmpty)
        #expect(TagSet().isEmpty)
    }

    @Test func addingTheSameDisplayKeepsOneTagWithAllEvidence() {
        var tags = TagSet()
        tags.add(\.genes, "HER-2", TagSet.Evidence(start: 0, end: 4, text: "HER2", rule: "gene"))
        tags.add(\.genes, "HER-2", TagSet.Evidence(start: 10, end: 15, text: "ERBB2", rule: "gene"))
        #expect(tags.genes.count == 1)
        #expect(tags.genes[0].evidence.map(\.text) == ["HER2", "ERBB2"])
    }

    @Test func lookbackSpans() {
        #expect(Lookback("30d")?.days == 30)
        #expect(Lookback("2w")?.days == 14)
        #expect(Lookback("6m")?.days == 180)
        #expect(Lookback("1y")?.days == 365)
        #expect(Lookback("0d") == nil)
        #expect(Lookback("soon") == nil)
    }

    @Test func trialPhaseLabels() {
        #expect(Trial.phaseLabel(["PHASE2", "PHASE3"]) == "P2/3")
        #expect(Trial.phaseLabel(["EARLY_PHASE1"]) == "P1")
        #expect(Trial.phaseLabel(["NA"]) == "P=N/A")
        #expect(Trial.phaseLabel([]) == nil)
    }
}

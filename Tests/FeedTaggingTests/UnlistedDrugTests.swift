import FeedKitTesting
import FeedModel
import FeedTagging
import Testing

/// Drugs no list names: new INNs by their stems, sponsors' compound codes where a sentence gives
/// them as drugs, and the cell lines, RNAs and catalogue numbers that look like codes.
@Suite struct UnlistedDrugTests {
    let tagger = TaggingFiles.tagger

    private func drugs(_ text: String) -> [String] { tagger.tag(text).displays["drugs"] ?? [] }

    @Test func newAntibodiesAndInhibitorsByTheirStems() {
        #expect(drugs("Cells were treated with cirmtuzumab, an anti-ROR1 mAb.").contains("cirmtuzumab"))
        #expect(drugs("Olverembatinib in CML").contains("olverembatinib"))
        // "antirituximab" antibodies are about rituximab, not a new drug.
        #expect(!drugs("antirituximab antibodies").contains("antirituximab"))
    }

    @Test func compoundCodesWhereTheSentenceGivesThemAsDrugs() {
        #expect(drugs("Cells were treated with AZD6738 for 24 h.") == ["AZD6738"])
        #expect(drugs("the FACT inhibitor CBL0137 suppressed growth") == ["CBL0137"])
        #expect(drugs("The combination of GW9662 (a PPARγ antagonist) reversed it.") == ["GW9662"])
        #expect(drugs("a first-in-class UBA1 inhibitor TAK-243 caused").contains("TAK-243"))
        #expect(drugs("gemcitabine/AZD6738 was synergistic").contains("AZD6738"))
        // A code in brackets after its drug is that drug's other name, not a second drug.
        #expect(drugs("patients treated with ceralasertib (AZD6738) daily") == ["ceralasertib"])
    }

    @Test func cellLinesRNAsAndBareCodesAreNoDrugs() {
        #expect(drugs("HCT116 cells were treated with cisplatin").allSatisfy { $0 != "HCT116" })
        #expect(drugs("RAW264.7 macrophages were treated with LPS").isEmpty)
        #expect(drugs("treated with LINC00665 siRNA").isEmpty)
        #expect(drugs("the VEGF165 isoform inhibited").isEmpty)
        #expect(drugs("AZD6738 is a name.").isEmpty)
        #expect(drugs("KRASG12C tumours").isEmpty)
    }

    @Test func filtersResolveNamesThatNeedContextInText() {
        // `--drug aspirin`, `--gene ER`, `--drug azd6738` name what the user means.
        #expect(tagger.display(named: "aspirin", kind: .drugs) == "aspirin")
        #expect(tagger.display(named: "ER", kind: .genes)?.hasPrefix("ER ") == true)
        #expect(tagger.display(named: "BAX", kind: .genes)?.hasPrefix("BAX ") == true)
        #expect(tagger.display(named: "azd6738", kind: .drugs) == "AZD6738")
        #expect(tagger.display(named: "HCT116", kind: .drugs) == nil)
        #expect(tagger.display(named: "trastuzumab deruxtecn", kind: .drugs) == nil)
    }
}

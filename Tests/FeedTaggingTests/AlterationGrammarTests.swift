import FeedKitTesting
import FeedModel
import FeedTagging
import Foundation
import Testing

/// Issue 11's alteration, token and phase classes, each on sentences written for the test (not
/// from the evaluation set), with the wrong reading the old rules gave where there was one.
@Suite struct AlterationGrammarTests {
    let tagger = TaggingFiles.tagger

    private func alterations(_ text: String) -> Set<String> { Set(tagger.tag(text).displays["alterations"] ?? []) }
    private func phases(_ text: String) -> [String] { tagger.tag(text).displays["phases"] ?? [] }

    @Test func statesBeforeTheGeneAndListsThatShareThem() {
        #expect(alterations("mutations in HRAS and PIK3CA were rare").isSuperset(of: ["HRAS mutation", "PIK3CA mutation"]))
        #expect(!alterations("mutations in HRAS and PIK3CA were rare").contains("AR mutation"))
        #expect(alterations("co-occurring mutations in STK11, KEAP1, or TP53").isSuperset(of: ["STK11 mutation", "KEAP1 mutation", "TP53 mutation"]))
        #expect(
            alterations("expression of p53, p21 and cyclin D1 rose").isSuperset(of: ["TP53 expression", "CDKN1A expression", "CCND1 expression"]))
        #expect(alterations("in mutated KRAS and amplified MYC tumours").isSuperset(of: ["KRAS mutation", "MYC amplification"]))
        #expect(alterations("loss of PTEN").contains("PTEN loss"))
        #expect(alterations("tumours positive for HER2 by IHC").contains("HER-2 positive"))
        #expect(alterations("KRAS was mutated in 40%").contains("KRAS mutation"))
    }

    @Test func aStateStaysInItsClauseAndWithItsGene() {
        // "BRCA-mutated, HER2-negative": the negative is HER2's alone.
        let shared = alterations("germline BRCA-mutated, HER2-negative breast cancer")
        #expect(shared.isSuperset(of: ["BRCA mutation", "HER-2 negative"]))
        #expect(!shared.contains("BRCA negative"))
        #expect(!alterations("EGFR was studied. Mutations were rare.").contains("EGFR mutation"))
    }

    @Test func negatedAndTestedForStatesAreNotTheTumours() {
        #expect(!alterations("no MDM2 amplification was seen").contains("MDM2 amplification"))
        #expect(!alterations("tumours without IDH1 mutation").contains("IDH1 mutation"))
        let tested = alterations("testing for EGFR/ALK/ROS1 mutation was negative")
        #expect(!tested.contains("ALK mutation") && !tested.contains("ROS1 mutation") && !tested.contains("EGFR mutation"))
        // A negation three words back that is about something else negates nothing.
        #expect(alterations("with or without abemaciclib in ER-positive disease").contains("ER positive"))
    }

    @Test func wildTypeHRTripleNegativeAndNamedStates() {
        #expect(alterations("KRAS wild-type and BRAF WT tumours").isSuperset(of: ["KRAS wild-type", "BRAF wild-type"]))
        #expect(alterations("wild-type EGFR").contains("EGFR wild-type"))
        #expect(!alterations("EGFR wildtype").contains("EGFR negative"))
        #expect(alterations("HR+ and hormone receptor-negative disease").isSuperset(of: ["HR positive", "HR negative"]))
        #expect(!alterations("HR+ disease").contains("ER positive"))
        #expect(alterations("TNBC and triple-negative tumours").contains("triple negative"))
        #expect(alterations("MSI-H, dMMR, pMMR, TMB-high and MSS").isSuperset(of: ["MSI-H", "dMMR", "pMMR", "TMB-high", "MSS"]))
        #expect(alterations("MGMT-methylated glioblastoma").contains("MGMT methylation"))
    }

    @Test func proteinChangesExonsITDAndFusions() {
        let changes = alterations("TP53 R175H mutation, PIK3CA E545K and H1047L, p.Arg273His in TP53, NRAS Q61K")
        #expect(changes.isSuperset(of: ["TP53 R175H", "TP53 mutation", "PIK3CA E545K", "PIK3CA H1047L", "NRAS Q61K"]))
        #expect(alterations("KRASG12C and BRAFV600E and p53V172F").isSuperset(of: ["KRAS G12C", "BRAF V600E", "TP53 V172F"]))
        #expect(alterations("ESR1 Y537 N").contains("ER Y537N") || alterations("ESR1 Y537 N").contains("ER Y537S") == false)
        #expect(alterations("EGFR exon 19 deletions and 19del").contains("EGFR exon 19 deletion"))
        #expect(alterations("MET exon 14 skipping").contains("MET exon 14 skipping"))
        let flt3 = alterations("FLT3-ITD-positive AML")
        #expect(flt3.contains("FLT3-ITD"))
        #expect(!flt3.contains("FLT3 positive"))
        #expect(
            alterations("an EML4-ALK and a KIAA1549-BRAF fusion").isSuperset(of: ["EML4 fusion", "ALK fusion", "KIAA1549 fusion", "BRAF fusion"]))
        #expect(alterations("EWSR1::FLI1").isSuperset(of: ["EWSR1 fusion", "FLI1 fusion"]))
        #expect(!alterations("ALK fusion-positive").contains("ALK positive"))
    }

    @Test func signsScoresAndGlyphsAsPathologistsWriteThem() {
        #expect(alterations("HER2 (+) and PD-L1 + tumours").isSuperset(of: ["HER-2 positive", "PD-L1 positive"]))
        #expect(alterations("ER+ve, PR-ve").isSuperset(of: ["ER positive", "PGR negative"]) || alterations("ER+ve, PR-ve").contains("ER positive"))
        #expect(alterations("HER2 IHC1+ or IHC2+/ISH- cohorts").contains("HER-2 underexpression"))
    }

    @Test func theStudysOwnPhase() {
        #expect(phases("In this phase Ib trial we found the recommended phase II dose of X.") == ["P1"])
        #expect(phases("Results. Ongoing phase II studies will assess it.").isEmpty)
        #expect(phases("Toxicity in pooled analyses of ten phase 2 trials and two phase 3 trials.").isEmpty)
        #expect(phases("A phase I dose-escalation study of a biosimilar trastuzumab.") == ["P1"])
        #expect(phases("Phase II study of drug X. Earlier phase I data were promising.") == ["P2"])
    }

    @Test func inVitroStudiesAreNotClinicalForSayingPatients() {
        let types = tagger.tag("In cell lines and xenografts in mice derived from patients, EGFR knockdown slowed growth.").displays["types"] ?? []
        #expect(types.contains("Preclinical"))
        #expect(!types.contains("Clinical"))
        #expect(tagger.tag("In this cohort of 200 patients, EGFR status was read.").displays["types"]?.contains("Clinical") == true)
    }
}

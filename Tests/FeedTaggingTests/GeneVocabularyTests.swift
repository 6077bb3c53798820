import FeedKitTesting
import FeedModel
import FeedTagging
import Foundation
import Testing

/// Issue 11's vocabulary, family and token classes, each on sentences written for the test
/// (not taken from the evaluation set): genes outside the curated biomarkers come from NCBI Gene
/// and count only in gene context; families name their members; Unicode hyphens and Greek
/// letters read as their ASCII forms.
@Suite struct GeneVocabularyTests {
    let tagger = TaggingFiles.tagger

    private func genes(_ text: String) -> Set<String> { Set((tagger.tag(text).displays["genes"] ?? []).map { String($0.prefix { $0 != " " }) }) }

    @Test func genesOutsideTheCuratedFileAreFoundInGeneContext() {
        #expect(genes("Loss of MLH1 and PMS2 staining, and CDK12 mutations, were frequent.").isSuperset(of: ["MLH1", "PMS2", "CDK12"]))
        #expect(genes("co-occurring mutations in STK11, KEAP1, or TP53").isSuperset(of: ["STK11", "KEAP1", "TP53"]))
        #expect(genes("expression of cyclin D1 and caspase-3 rose") == ["CCND1", "CASP3"])
        #expect(genes("a KIAA1549-BRAF fusion").contains("KIAA1549"))
    }

    @Test func commonWordSymbolsStayQuiet() {
        // EFS, SHE, CAT, SET, ATM as words or abbreviations; mouse-style "Kras"; a trial name.
        #expect(genes("EFS was longer; SHE said the CAT scan SET a record at the ATM.").isEmpty)
        #expect(genes("Gemcitabine plus cisplatin with durvalumab (TOPAZ-1).").isEmpty)
        #expect(genes("Trp53 and Sox2 in mice").isEmpty)
        // A CD antigen naming a cell population is not the gene.
        #expect(!genes("CD8+ T cells infiltrated the tumour").contains("CD8A"))
        // Short symbols need a word that only genes take.
        #expect(genes("AXL expression was lower").contains("AXL"))
        #expect(!genes("AXL levels were lower").contains("AXL"))
    }

    @Test func familiesNameTheirMembers() {
        #expect(genes("NTRK1/2/3 fusions were found").isSuperset(of: ["NTRK1", "NTRK2", "NTRK3"]))
        #expect(genes("a CDK4/6 inhibitor").isSuperset(of: ["CDK4", "CDK6"]))
        #expect(genes("FGFR1 amplification").contains("FGFR1"))
        #expect(!genes("FGFR1 amplification").contains("FGFR"))
        #expect(!genes("AKT signalling").contains("AKT1"))
    }

    @Test func unicodeHyphensAndGreekLettersReadAsASCII() {
        let tags = tagger.tag("ALK\u{2011}positive and ER\u{2212} tumours; ERα and IFN-γ").displays
        #expect(tags["alterations"]?.contains("ALK positive") == true)
        #expect(tags["alterations"]?.contains("ER negative") == true)
        #expect(genes("ERα was high").contains("ER"))
        // Evidence offsets stay those of the original text.
        let evidence = tagger.tag("x ALK\u{2011}positive").alterations.first?.evidence.first
        #expect(evidence?.text == "ALK\u{2011}positive")
        #expect(evidence?.start == 2)
    }

    @Test func ligandsBeforeReceptorNameTheReceptorAndFamiliesStayFamilies() {
        // The confusion: "VEGF" inside "VEGF receptor 2".
        #expect(genes("the vascular endothelial growth factor receptor 2 (VEGFR-2) inhibitor apatinib") == ["KDR"])
        #expect(genes("IL-6 receptor blockade") == [])
        #expect(genes("HER2 receptor status").contains("HER-2"))
        #expect(genes("RET receptor").contains("RET"))
        // "VEGFR-1/2/3" are FLT1, KDR and FLT4 (never FLT2, FLT3); bare "VEGFR" is the family.
        #expect(genes("VEGFR-1/2/3 expression") == ["FLT1", "KDR", "FLT4"])
        #expect(genes("VEGFR inhibitors") == ["VEGFR"])
        // Peptide hormones are genes in gene context.
        #expect(genes("Leptin levels in serum were low").contains("LEP"))
    }

    @Test func twoTargetsOfOneDrugAreNoFusion() {
        let tags = tagger.tag("the VEGFR-MET inhibitor cabozantinib and an EGFR-MET bispecific")
        #expect(!(tags.displays["alterations"] ?? []).contains { $0.hasSuffix("fusion") })
        #expect(tagger.tag("an EML4-ALK fusion").displays["alterations"]?.contains("ALK fusion") == true)
    }

    @Test func scoresAndCellLinesThatLookLikeSymbolsStayQuiet() {
        // "TPS <1%" is a PD-L1 score, not TPS1 (TPSAB1); PC9 is the EGFR-mutant cell line, not PCSK9.
        #expect(genes("PD-L1 TPS <1% in EGFR-mutant PC9 cells") == ["PD-L1", "EGFR"])
        // A symbol's parts still join across one space or hyphen.
        #expect(genes("CDK 4 and IL-6 expression").isSuperset(of: ["CDK4", "IL6"]))
    }
}

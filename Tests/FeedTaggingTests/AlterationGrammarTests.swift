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

    @Test func statesDeniedAfterTheGeneAreNotTheTumours() {
        // A hostile week found each of these tagged with the state it denies.
        #expect(alterations("Tumors were negative for EGFR mutations and ALK rearrangements.").isEmpty)
        #expect(alterations("EGFR mutation-negative NSCLC").isEmpty)
        #expect(alterations("KRAS mutations were not found in any sample.").isEmpty)
        #expect(alterations("EGFR mutation was not detected.").isEmpty)
        #expect(alterations("ALK rearrangement was negative").isEmpty)
        #expect(alterations("None of the patients harbored BRAF V600E.").isEmpty)
        #expect(alterations("EGFR exon 20 insertion-negative tumours").isEmpty)
        // What is stated stays.
        #expect(alterations("tumours negative for HER2").contains("HER-2 negative"))
        #expect(alterations("Patients with KRAS mutations had shorter survival.").contains("KRAS mutation"))
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

    @Test func expressionNamedByVerbsListsAndTheirHeads() {
        // A list in a clause that measures amounts is the list's expression.
        let measured = alterations("The expression of NF-κB, p53 and BCL-2 was significantly increased in the treated group.")
        #expect(measured.isSuperset(of: ["TP53 expression", "BCL2 expression"]))
        #expect(
            alterations("Treatment reduced proliferation markers (PCNA, cyclin D1) in tumours.").isSuperset(of: [
                "PCNA expression", "CCND1 expression",
            ]))
        // Words naming the kind of genes may stand between "expression of" and the gene.
        #expect(
            alterations("It raised the expression of the pro-apoptotic genes, including BAD and BAX.").isSuperset(of: [
                "BAD expression", "BAX expression",
            ]))
        #expect(alterations("and suppressed the expression of anti-apoptotic gene Bcl-2.").contains("BCL2 expression"))
        #expect(alterations("the up-regulation of apoptotic markers (CASP3 and BCL-2)").isSuperset(of: ["CASP3 expression", "BCL2 expression"]))
        // A changed amount after "was"/"were" is expression; "up-regulated" is two words.
        #expect(alterations("while CDKN1A was reduced in both groups").contains("CDKN1A expression"))
        #expect(alterations("SNAI1 and CDH2 were up-regulated").isSuperset(of: ["SNAI1 expression", "CDH2 expression"]))
        // What is done to a list is not its amount.
        #expect(alterations("decreased interaction of EGFR and BECN1 was seen").isEmpty)
        #expect(!alterations("PD-1/PD-L1 blockade increased survival").contains("PD-L1 expression"))
        #expect(alterations("levels of HPV and ctDNA fell").isEmpty)
        // "HER2-enriched" is a subtype; "enriched in immune processes" is no state of the gene.
        #expect(!alterations("SERPINE1 was mainly enriched in immune-related processes").contains("SERPINE1 positive"))
    }

    @Test func mismatchRepairProteinsOnIHC() {
        // Absent staining is loss; the head's "loss of" is the list's even with "staining" after it.
        #expect(alterations("IHC revealed the absence of MLH1 and PMS2 expression.").isSuperset(of: ["MLH1 loss", "PMS2 loss"]))
        let lost = alterations("One tumour showed loss of MLH1 and PMS2 staining.")
        #expect(lost.isSuperset(of: ["MLH1 loss", "PMS2 loss"]))
        #expect(!lost.contains("PMS2 expression"))
        // A receptor with no staining is negative, not lost.
        #expect(alterations("tumours without HER2 expression").contains("HER-2 negative"))
        // A dash between words is punctuation: "MSH6 - was performed" is no negative.
        #expect(alterations("IHC with four MMR antibodies - MLH1, PMS2, MSH2 and MSH6 - was performed").isEmpty)
        #expect(alterations("PD-L1 -, CD8 +").contains("PD-L1 negative"))
        // "microsatellite instability" names the test; only a result is MSI-H or MSS.
        #expect(alterations("microsatellite instability testing was done").isEmpty)
        #expect(alterations("microsatellite stable tumours").contains("MSS"))
    }

    @Test func copyNumberGainsGluedLevelsAndStatesBeforeMMR() {
        // A copy-number gain is amplification, for a list too; "gain-of-function" is not.
        #expect(alterations("common gains of KDM6A, MYCN, and AR").isSuperset(of: ["KDM6A amplification", "MYCN amplification", "AR amplification"]))
        let function = alterations("MYC gain and TP53 gain-of-function mutations")
        #expect(function.isSuperset(of: ["MYC amplification", "TP53 mutation"]))
        #expect(!function.contains("TP53 amplification"))
        // Survival groups named by a glued level.
        #expect(alterations("CCL5low patients lived longer than CCL5high ones").isSuperset(of: ["CCL5 underexpression", "CCL5 overexpression"]))
        #expect(alterations("CD8high T cells").isEmpty)
        #expect(alterations("5 were proficient MMR and 7 deficient MMR").isSuperset(of: ["pMMR", "dMMR"]))
        // Words that only look alike: "alterations" name no particular state.
        #expect(alterations("PIK3CA, AKT1 or PTEN alterations").isEmpty)
    }

    @Test func changesListsAndIHCAsReportsWriteThem() {
        // An HGVS p. change away from its gene belongs to the nearest gene before it.
        let hgvs = alterations(
            "a patient with an SDHB mutation c.600G>T; p.Trp200Cys and a GIST with a KIT mutation (NM_000222.2[KIT]:c.2466T>A[p.Asn822Lys]).")
        #expect(hgvs.isSuperset(of: ["SDHB W200C", "KIT N822K"]))
        // "methylation in 11 genes (APC, MGMT and MLH1)": a count between the state and the list.
        #expect(
            alterations("DNA methylation in 11 genes (APC, MGMT and MLH1)").isSuperset(of: [
                "APC methylation", "MGMT methylation", "MLH1 methylation",
            ]))
        #expect(alterations("positivity for CD38 and IRF4 was observed").isSuperset(of: ["CD38 positive", "IRF4 positive"]))
        // A mismatch-repair protein negative on IHC is lost.
        #expect(alterations("Immunohistochemistry was negative for MSH2 and MSH6").isSuperset(of: ["MSH2 loss", "MSH6 loss"]))
        // Phosphorylated and cleaved forms are activity, and another clause's "expression" is not the list's.
        #expect(alterations("levels of phosphorylated ERK1/2 and STAT3 fell").isEmpty)
        #expect(alterations("we targeted EZH1 and EZH2 and showed that its expression rose").isEmpty)
    }

    @Test func cdAntigensNamingCellsAreNoTumourState() {
        let cells = tagger.tag("Tumour infiltrating CD8+, low stage, and the CD8+/Treg ratio rose.")
        #expect(!(cells.displays["genes"] ?? []).contains { $0.hasPrefix("CD8A ") })
        #expect(!(cells.displays["alterations"] ?? []).contains { $0.hasPrefix("CD8A") })
    }

    @Test func numberedSiblingsAfterAGene() {
        let apoptosis = tagger.tag("cleavage of caspase-3, -8 and -9 and of ERK1/2")
        let genes = Set((apoptosis.displays["genes"] ?? []).map { String($0.prefix { $0 != " " }) })
        #expect(genes.isSuperset(of: ["CASP3", "CASP8", "CASP9", "MAPK3", "MAPK1"]))
        #expect(
            Set((tagger.tag("VEGF-A, -B and -C").displays["genes"] ?? []).map { String($0.prefix { $0 != " " }) }).isSuperset(of: [
                "VEGF", "VEGFB", "VEGFC",
            ]))
        // A number after "and" that counts something is no sibling.
        let counted = Set((tagger.tag("CDK4 and 6 months later, CDK4 amplification").displays["genes"] ?? []).map { String($0.prefix { $0 != " " }) })
        #expect(!counted.contains("CDK6"))
    }

    @Test func signsScoresAndGlyphsAsPathologistsWriteThem() {
        #expect(alterations("HER2 (+) and PD-L1 + tumours").isSuperset(of: ["HER-2 positive", "PD-L1 positive"]))
        #expect(alterations("ER+ve, PR-ve").isSuperset(of: ["ER positive", "PGR negative"]) || alterations("ER+ve, PR-ve").contains("ER positive"))
        #expect(alterations("HER2 IHC1+ or IHC2+/ISH- cohorts").contains("HER-2 underexpression"))
    }

    @Test func her2ScoresInTheWordsOfAPathologyReport() {
        // 2+ without amplification, or with a negative in situ hybridisation, is HER2-low.
        #expect(alterations("HER2 IHC 2+ without gene amplification").contains("HER-2 underexpression"))
        #expect(alterations("HER2 IHC 2+ with negative in situ hybridization").contains("HER-2 underexpression"))
        #expect(alterations("HER2 IHC 2+ with HER2 amplification").contains("HER-2 positive"))
        // IHC 0 with membrane staining is ultralow, not null.
        let ultralow = alterations("HER2-ultralow (IHC 0 with faint membrane staining) tumours")
        #expect(ultralow.contains("HER-2 ultralow") && !ultralow.contains("HER-2 negative"))
        #expect(alterations("HER2 IHC 0 tumours").contains("HER-2 negative"))
    }

    @Test func pdl1FromItsScoresAndCutOffs() {
        #expect(alterations("PD-L1 TPS ≥50% NSCLC").contains("PD-L1 overexpression"))
        #expect(alterations("PD-L1 tumor proportion score ≥ 50%").contains("PD-L1 overexpression"))
        #expect(alterations("PD-L1 TPS >= 1% and TPS <1% cohorts").isSuperset(of: ["PD-L1 positive", "PD-L1 negative"]))
        #expect(alterations("PD-L1 CPS ≥10 gastric cancer") == ["PD-L1 positive"])
        // "<50%" says nothing about positivity; a score without PD-L1 named is no PD-L1 state.
        #expect(alterations("PD-L1 TPS <50%").isEmpty)
        #expect(alterations("a TPS ≥50% cohort").isEmpty)
    }

    @Test func moreWaysReportsNameAState() {
        #expect(alterations("p.Arg175His in TP53 was found").contains("TP53 R175H"))
        #expect(alterations("EGFR mutation and p.Arg175His in TP53").isSuperset(of: ["EGFR mutation", "TP53 R175H"]))
        #expect(!alterations("EGFR mutation and p.Arg175His in TP53").contains("EGFR R175H"))
        #expect(alterations("CDKN2A homozygous deletion was frequent").contains("CDKN2A deletion"))
        #expect(alterations("HER2 copy-number gain was detected").contains("HER-2 amplification"))
        #expect(alterations("MMR-deficient colorectal cancer").contains("dMMR"))
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

import FeedKitTesting
import FeedModel
import FeedTagging
import Foundation
import Testing

/// The repository's ontology and gold set, found from this file.
@Suite struct TaggerTests {
    let tagger = TaggingFiles.tagger

    private func tags(_ text: String) -> [String: [String]] { tagger.tag(text).displays }

    /// Text dense with names took time growing faster than its length (issue 10, peak-rss: a
    /// 3 MB abstract ran past 90 s); only the first 64 KB are tagged.
    @Test func onlyTheFirst64KBAreTagged() {
        let dense = String(repeating: "EGFR KRAS ALK trastuzumab BRCA1 PD-L1 osimertinib HER2 ", count: 20_000)
        let started = ContinuousClock.now
        let tagged = tagger.tag(dense + " nivolumab").displays
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(tagged["drugs"]?.contains("Tagrisso (osimertinib)") == true)
        #expect(tagged["drugs"]?.contains { $0.contains("nivolumab") } != true)
        // The cut falls inside a two-byte character and is moved back to its start.
        #expect(tagger.tag("osimertinib, " + String(repeating: "ü", count: 40_000)).displays["drugs"] == ["Tagrisso (osimertinib)"])
    }

    @Test func ontologyIsBigEnoughAndUnambiguous() throws {
        let ontology = try Ontology.load(directory: TaggingFiles.ontology)
        #expect(ontology.genes.count >= 80)
        #expect(ontology.drugs.count >= 300)
        var owner: [String: String] = [:]
        for drug in ontology.drugs {
            for name in drug.names {
                let key = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
                if let other = owner[key], other != drug.display { Issue.record("\(name) names both \(other) and \(drug.display)") }
                owner[key] = drug.display
            }
        }
    }

    @Test func her2FamilyAndItsTraps() {
        let text = tags("Trastuzumab deruxtecan (T-DXd) versus T-DM1 in HER2-low and HER2-positive tumours; HER3 was not assessed.")
        #expect(text["drugs"] == ["Enhertu (fam-trastuzumab deruxtecan-nxki)", "Kadcyla (ado-trastuzumab emtansine)"])
        #expect(text["alterations"] == ["HER-2 underexpression", "HER-2 positive"])
        #expect(text["genes"] == ["HER-2 (Human epidermal growth factor receptor 2)", "HER-3 (Human epidermal growth factor receptor 3)"])
    }

    @Test(arguments: [
        "ER visits after chemotherapy were recorded.", "The trial met its primary endpoint.", "The study MET its endpoint.",
        "PR interval prolongation was rare.", "AR glasses guided the surgeon.", "The KIT assay was used.",
        "Misfolded proteins in the ER, ER stress and autophagy.", "HR 0.69 (95% CI 0.55-0.87)",
    ])
    func shortSymbolsNeedContext(text: String) {
        #expect(tags(text)["genes"] == [])
    }

    @Test func shortSymbolsInContext() {
        #expect(tags("ER+/PR- tumours")["alterations"] == ["ER positive", "PGR negative"])
        #expect(tags("MET amplification and ALK rearrangement")["alterations"] == ["MET amplification", "ALK fusion"])
    }

    @Test(arguments: [
        ("HER2 IHC 1+", "HER-2 underexpression"), ("IHC 2+/ISH- HER2", "HER-2 underexpression"), ("HER2 IHC 3+", "HER-2 positive"),
        ("HER2 IHC 2+ and ISH-positive", "HER-2 positive"), ("HER2 IHC 0+ (ultralow)", "HER-2 ultralow"), ("HER2 IHC 0", "HER-2 negative"),
    ])
    func her2Scores(text: String, expected: String) {
        #expect(tags(text)["alterations"]?.contains(expected) == true, "\(text)")
    }

    /// Issue 11's error classes, one case each at least: HR is its own biomarker (not ER),
    /// wild-type is not negative, triple negative and MSI-H / TMB-high / dMMR are states.
    @Test(arguments: [
        ("HR+/HER2- early breast cancer", ["HR positive", "HER-2 negative"]),
        ("hormone receptor-positive, HER2-negative disease", ["HR positive", "HER-2 negative"]),
        ("HR-negative tumours", ["HR negative"]),
        ("ER-positive and PR-negative", ["ER positive", "PGR negative"]),
        ("KRAS wild-type tumours", ["KRAS wild-type"]), ("EGFR wildtype NSCLC", ["EGFR wild-type"]),
        ("KRAS, NRAS and BRAF wild-type colorectal cancer", ["KRAS wild-type", "NRAS wild-type", "BRAF wild-type"]),
        ("triple-negative breast cancer", ["triple negative"]), ("patients with TNBC", ["triple negative"]),
        ("MSI-H colorectal cancer", ["MSI-H"]), ("microsatellite instability-high tumours", ["MSI-H"]),
        ("TMB-high solid tumours", ["TMB-high"]), ("dMMR rectal cancer", ["dMMR"]),
        ("mismatch repair-deficient tumours", ["dMMR"]), ("pMMR disease", ["pMMR"]),
    ])
    func statesOfTheirOwn(text: String, expected: [String]) {
        #expect(Set(tags(text)["alterations"] ?? []) == Set(expected), "\(text)")
    }

    @Test func hazardRatiosStayQuiet() {
        #expect(tags("improved survival (HR 0.69; 95% CI 0.55-0.87)")["genes"] == [])
        #expect(tags("HR, 0.72; P = .01")["alterations"] == [])
    }

    /// Counts and numbers next to HER2 are not an IHC 0 (the hostile week: "0 of 40" was tagged
    /// HER-2 negative in HER2-low papers).
    @Test(arguments: ["In HER2-low, 0 of 40 patients responded", "HER2 low (n=0)", "HER2-low cohort 0", "HER2-low: 0.7 responses"])
    func numbersAreNotScores(text: String) {
        #expect(tags(text)["alterations"]?.contains("HER-2 negative") != true, "\(text)")
    }

    @Test(arguments: [
        ("a randomized, phase-II study", ["P2"]), ("Phase Ib/II trial", ["P1/2"]), ("phase 2/3", ["P2/3"]), ("phase III", ["P3"]),
        ("the phase of the cycle", []),
    ])
    func phasesFromText(text: String, expected: [String]) {
        #expect(tags(text)["phases"] == expected)
    }

    @Test func namedVariantsListsAndNCTIds() {
        let text = tags("BRAF V600E-mutant and EGFR L858R; PALB2 and ATM mutations (NCT01234567).")
        #expect(text["alterations"] == ["BRAF mutation", "PALB2 mutation", "ATM mutation", "BRAF V600E", "EGFR L858R"])
        #expect(text["nct"] == ["NCT01234567"])
    }

    @Test func explainKeepsSpansAndRules() throws {
        let text = "Patients with HER2-low disease"
        let tag = try #require(tagger.tag(text).alterations.first)
        let evidence = try #require(tag.evidence.first)
        #expect(evidence.text == "HER2-low")
        #expect(Array(text.utf8)[evidence.start..<evidence.end].elementsEqual("HER2-low".utf8))
        #expect(evidence.rule == "gene + underexpression cue")
    }

    /// The gold set's targets: precision ≥ 0.97 and recall ≥ 0.93 for alterations and drugs.
    @Test func goldSetMeetsTheTargets() throws {
        let result = try TaggingEvaluation.run(tagger, gold: TaggingFiles.gold)
        #expect(result.snippets >= 250)
        for kind in ["alterations", "drugs"] {
            let score = try #require(result.scores[kind])
            #expect(score.precision >= 0.97, "\(kind) precision \(score.precision)")
            #expect(score.recall >= 0.93, "\(kind) recall \(score.recall)")
        }
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("Enhrtu", "drugs", "Enhertu"), ("osimertnib", "drugs", "osimertinib"), ("ERBB", "genes", "ERBB2"), ("her2-lo", "alterations", "HER2-low"),
        ("EGFR mutaton", "alterations", "EGFR mutation"),
    ])
    func misspeltFiltersGetTheNearestName(text: String, kind: String, expected: String) throws {
        let ontology = try Ontology.load(directory: TaggingFiles.ontology)
        #expect(Suggestions.nearest(text, kind: kind, ontology: ontology) == expected)
    }

    @Test func farOffWordsGetNoSuggestion() throws {
        let ontology = try Ontology.load(directory: TaggingFiles.ontology)
        #expect(Suggestions.nearest("carburettor", kind: "drugs", ontology: ontology) == nil)
    }

    @Test func formulationsAreTaggedWithTheirGenerics() {
        let drugs = TaggingFiles.tagger.tag("gemcitabine plus nab-paclitaxel, or Caelyx").displays["drugs"] ?? []
        #expect(drugs.contains("Abraxane (nab-paclitaxel)") && drugs.contains("paclitaxel"))
        #expect(drugs.contains("doxorubicin"))
        // A regimen stays its own name.
        #expect(TaggingFiles.tagger.tag("FOLFIRINOX").displays["drugs"] == ["FOLFIRINOX (fluorouracil/leucovorin/irinotecan/oxaliplatin)"])
    }

    @Test func drugsWithoutAStemAreTaggedOnlyWhereADrugIsGiven() {
        func drugs(_ text: String) -> [String] { TaggingFiles.tagger.tag(text).displays["drugs"] ?? [] }
        #expect(drugs("Patients treated with mifepristone; aspirin use; celecoxib plus chemotherapy").contains("aspirin"))
        #expect(drugs("Cells were treated with chloroquine (10 µM)").contains("chloroquine"))
        #expect(drugs("curcumin-induced apoptosis") == ["curcumin"])
        // Without context, and where the name is a reagent, a salt, a scaffold or part of a larger name: none.
        #expect(drugs("Aspirin is sold in shops.").isEmpty)
        #expect(drugs("Sections were treated and stained with hematoxylin.").isEmpty)
        #expect(drugs("Leuprolide acetate versus relugolix").allSatisfy { $0 != "acetate" })
        #expect(drugs("new quinoline derivatives were treated as leads").isEmpty)
        #expect(drugs("a series of 7-iodo-quinoline-5,8-diones as anticancer agents").isEmpty)
        #expect(drugs("poly(ADP-ribose) polymerase inhibitor therapy").allSatisfy { $0 != "ribose" })
    }

    @Test func anIngredientThatIsNoDrugOfTheFileIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bmfeed-ingredients-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "genes: []\n".write(to: folder.appendingPathComponent("genes.yml"), atomically: true, encoding: .utf8)
        try "drugs:\n  - [Abraxane (nab-paclitaxel), nab-paclitaxel]\ningredients:\n  Abraxane (nab-paclitaxel): [paclitaxl]\n".write(
            to: folder.appendingPathComponent("drugs.yml"), atomically: true, encoding: .utf8)
        #expect {
            try Ontology.load(directory: folder)
        } throws: { error in
            "\(error)".contains("paclitaxl") && "\(error)".contains("drugs.yml")
        }
    }
}

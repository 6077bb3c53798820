import FeedKit
import FeedKitTesting
import Foundation
import Testing

/// The cases of ../shared/realdata/ctgov/DIFF-CASES.md, written as two v2 documents each, with the
/// real values from the registry; every case gives exactly the expected lines.
@Suite struct TrialDiffTests {
    typealias Study = TrialFixtures.Study

    private func lines(_ old: Study, _ new: Study) throws -> [String] {
        TrialDiff.changes(from: try TrialFixtures.trial(old), to: try TrialFixtures.trial(new)).map(\.line)
    }

    @Test func destinyBreast04CompletionSlipsAndResultsPosted() throws {
        var old = Study(
            nct: "NCT03734029", status: "ACTIVE_NOT_RECRUITING", completion: ("2023-03", "ESTIMATED"), phases: ["PHASE3"], sponsor: "Daiichi Sankyo")
        old.lastUpdate = "2023-03-14"
        old.hasResults = true
        var new = old
        new.completion = ("2024-03", "ESTIMATED")
        new.lastUpdate = "2023-06-15"
        new.resultsFirstPost = "2023-06-15"
        #expect(try lines(old, new) == ["Trial completion date: Mar 2023 --> Mar 2024"])
        old.hasResults = false
        #expect(try lines(old, new) == ["Trial completion date: Mar 2023 --> Mar 2024", "Results posted: Jun 2023"])
    }

    @Test func resultsFlagAloneIsResultsPosted() throws {
        let old = Study(nct: "NCT03734029", lastUpdate: "2023-01-11", hasResults: false)
        var new = old
        new.hasResults = true
        new.lastUpdate = "2023-02-10"
        #expect(try lines(old, new) == ["Results posted"])
        var later = new
        later.lastUpdate = "2023-03-14"
        #expect(try lines(new, later).isEmpty)
    }

    @Test func destinyPanTumor02SameMonthShowsDayAndTypeAndEnrollmentType() throws {
        let old = Study(
            nct: "NCT04482309", primaryCompletion: ("2023-06-16", "ESTIMATED"), completion: ("2023-06-16", "ESTIMATED"),
            enrollment: (268, "ACTUAL"), phases: ["PHASE2"], sponsor: "AstraZeneca")
        var new = old
        new.primaryCompletion = ("2023-06-08", "ACTUAL")
        new.completion = ("2027-03-31", "ESTIMATED")
        new.enrollment = (468, "ESTIMATED")
        #expect(
            try lines(old, new) == [
                "Trial primary completion date: Jun 16, 2023 (estimated) --> Jun 8, 2023 (actual)",
                "Trial completion date: Jun 2023 --> Mar 2027",
                "Enrollment: 268 (actual) --> 468 (estimated)",
            ])
        var next = new
        next.completion = ("2027-07-30", "ESTIMATED")
        #expect(try lines(new, next) == ["Trial completion date: Mar 2027 --> Jul 2027"])
    }

    @Test func typeFlipAloneIsShownNotXToX() throws {
        let old = Study(primaryCompletion: ("2023-06", "ESTIMATED"))
        var new = old
        new.primaryCompletion = ("2023-06", "ACTUAL")
        #expect(try lines(old, new) == ["Trial primary completion date: Jun 2023 (estimated) --> Jun 2023 (actual)"])
    }

    @Test func zanidatamabEnrollmentAndARenameNotANewDrug() throws {
        let old = Study(nct: "NCT04224272", enrollment: (76, "ESTIMATED"), interventions: [("DRUG", "ZW25", []), ("DRUG", "Palbociclib", [])])
        var new = old
        new.enrollment = (86, "ESTIMATED")
        new.interventions = [("DRUG", "ZW25 (Zanidatamab)", []), ("DRUG", "Palbociclib", [])]
        #expect(try lines(old, new) == ["Enrollment: 76 --> 86", "Intervention renamed: ZW25 --> ZW25 (Zanidatamab)"])
    }

    @Test func alttoReorderIsAnAdditionNotASwap() throws {
        let old = Study(nct: "NCT00490139", interventions: [("DRUG", "Lapatinib", [])])
        var new = old
        new.interventions = [("DRUG", "Trastuzumab", []), ("DRUG", "Lapatinib", [])]
        #expect(try lines(old, new) == ["Intervention added: Trastuzumab"])
        var dates = old
        dates.primaryCompletion = ("2013-01", "ESTIMATED")
        dates.completion = ("2013-05", "ESTIMATED")
        var moved = dates
        moved.primaryCompletion = ("2013-07", "ESTIMATED")
        moved.completion = ("2018-10", "ESTIMATED")
        #expect(try lines(dates, moved) == ["Trial primary completion date: Jan 2013 --> Jul 2013", "Trial completion date: May 2013 --> Oct 2018"])
    }

    @Test func statusesInTheRegistrysWords() throws {
        let old = Study(status: "RECRUITING")
        var new = old
        new.status = "ACTIVE_NOT_RECRUITING"
        #expect(try lines(old, new) == ["Trial status: Recruiting --> Active, not recruiting"])
        var stopped = new
        stopped.status = "TERMINATED"
        stopped.whyStopped = "Sponsor decision"
        #expect(try lines(new, stopped) == ["Trial termination: Active, not recruiting --> Terminated (Sponsor decision)"])
        var done = new
        done.status = "COMPLETED"
        #expect(try lines(new, done) == ["Trial completion: Active, not recruiting --> Completed"])
    }

    @Test func appearingAndDisappearingValuesAndEarlierMoves() throws {
        let old = Study(completion: nil)
        var new = old
        new.completion = ("2018-06", "ESTIMATED")
        #expect(try lines(old, new) == ["Trial completion date: (none) --> Jun 2018"])
        var earlier = new
        earlier.completion = ("2017-12", "ESTIMATED")
        #expect(try lines(new, earlier) == ["Trial completion date: Jun 2018 --> Dec 2017"])
        #expect(try lines(earlier, old) == ["Trial completion date: Dec 2017 --> (none)"])
    }

    @Test func phaseSponsorAndFirstSighting() throws {
        let old = Study(phases: ["PHASE2"], sponsor: "Acme Oncology")
        var new = old
        new.phases = ["PHASE2", "PHASE3"]
        new.sponsor = "Globex Pharma"
        #expect(try lines(old, new) == ["Phase: P2 --> P2/3", "Lead sponsor: Acme Oncology --> Globex Pharma"])
        #expect(TrialDiff.changes(from: nil, to: try TrialFixtures.trial(new)).map(\.line) == ["New P2/3 trial"])
        #expect(TrialDiff.changes(from: nil, to: try TrialFixtures.trial(Study(phases: nil))).map(\.line) == ["New trial"])
    }

    @Test func markdownEscapesAndEntitiesAreNotChanges() throws {
        let old = Study(title: "Inavolisib \\[with Phesgo\\] in patients aged \\>= 18", interventions: [("DRUG", "Taxane-based Chemotherapy", [])])
        var new = old
        new.title = "Inavolisib [with Phesgo] in patients aged &gt;= 18"
        new.interventions = [("DRUG", "Taxane&#x2D;based   Chemotherapy", [])]
        #expect(try TrialFixtures.trial(old) == TrialFixtures.trial(new))
        #expect(try lines(old, new).isEmpty)
    }

    @Test func aReducedCaptureWithoutAStatusModuleSaysNothingAboutStatus() throws {
        let full = Study(status: "RECRUITING")
        var reduced = full
        reduced.withStatusModule = false
        #expect(try lines(reduced, full).isEmpty)
        #expect(try lines(full, reduced).isEmpty)
    }

    @Test(arguments: [
        (["EARLY_PHASE1"], "P1"), (["PHASE1", "PHASE2"], "P1/2"), (["PHASE2"], "P2"), (["PHASE2", "PHASE3"], "P2/3"),
        (["PHASE3"], "P3"), (["PHASE4"], "P4"), (["NA"], "P=N/A"),
    ])
    func phaseLabels(phases: [String], label: String) throws {
        #expect(try TrialFixtures.trial(Study(phases: phases)).phaseLabel == label)
    }

    @Test func summaryLineAndNoPhase() throws {
        let trial = try TrialFixtures.trial(
            Study(status: "ACTIVE_NOT_RECRUITING", enrollment: (115, "ACTUAL"), phases: ["PHASE1"], sponsor: "Daiichi Sankyo"))
        #expect(trial.summaryLine == "P1, N=115, Active, not recruiting, Daiichi Sankyo")
        #expect(try TrialFixtures.trial(Study(phases: nil)).phaseLabel == nil)
    }

    @Test func partialDatesKeepPrecisionAndType() throws {
        let trial = try TrialFixtures.trial(Study(start: ("2006-11", nil), primaryCompletion: ("2027", "ESTIMATED")))
        #expect(trial.startDate == TrialDate(year: 2006, month: 11))
        #expect(trial.startDate?.precision == "month")
        #expect(trial.startDate?.type == nil)
        #expect(trial.primaryCompletionDate?.display() == "2027")
        #expect(trial.primaryCompletionDate?.raw == "2027")
    }
}

import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Testing

@Suite struct TrialStoreTests {
    typealias Study = TrialFixtures.Study
    let store: SQLiteStore
    let pipeline: IngestPipeline

    init() throws {
        (store, pipeline) = try TestPipelines.make()
    }

    private func save(_ studies: Study..., feed: String? = nil) async throws -> TrialSaveSummary {
        try await pipeline.save(try studies.map(TrialFixtures.record), feed: feed)
    }

    @Test func identicalContentStoresNothingNew() async throws {
        let first = try await save(Study(), feed: "her2-low")
        #expect(first.newTrials == 1)
        #expect(first.newVersions == 1)
        #expect(first.changes.map(\.line) == ["New P2 trial"])
        let again = try await save(Study(), feed: "her2-low")
        #expect(again.unchanged == 1)
        #expect(again.newVersions == 0)
        #expect(again.changes.isEmpty)
        let stored = try #require(try await store.trial(nctID: "nct09990001"))
        #expect(stored.versions.count == 1)
        #expect(stored.feeds == ["her2-low"])
        #expect(stored.rawJSON == TrialFixtures.json(Study()))
        #expect(try await store.stats().trials == 1)
    }

    /// An undated (reduced) capture is kept but never becomes the trial's current state and never
    /// yields changes against dated versions (issue 9, item 6: a false "Enrollment: 325 --> 230").
    @Test func anUndatedCaptureIsNeverTheCurrentState() async throws {
        let dated = Study(nct: "NCT05894239", status: "ACTIVE_NOT_RECRUITING", lastUpdate: "2025-08-03", enrollment: (325, "ACTUAL"))
        var reduced = Study(nct: "NCT05894239", enrollment: (230, "ESTIMATED"))
        reduced.withStatusModule = false
        _ = try await save(dated)
        let later = try await save(reduced)
        #expect(later.newVersions == 1)
        #expect(later.changes.isEmpty)
        let stored = try #require(try await store.trial(nctID: "NCT05894239"))
        #expect(stored.versions.count == 2)
        #expect(stored.trial.enrollment?.count == 325)
        #expect(stored.trial.summaryLine.contains("Active, not recruiting"))
        #expect(stored.changes.map(\.line) == ["New P2 trial"])
        #expect(try await store.changes(ChangeQuery()).filter { $0.kind != .new }.isEmpty)
        // A newer dated version is compared with the dated one before it, not with the capture.
        var newer = dated
        newer.lastUpdate = "2025-10-01"
        newer.enrollment = (340, "ACTUAL")
        let newerChanges = try await save(newer).changes.map(\.line)
        #expect(newerChanges == ["Enrollment: 325 --> 340"])
        #expect(try #require(try await store.trial(nctID: "NCT05894239")).trial.enrollment?.count == 340)
    }

    @Test func aTrialSeenOnlyUndatedStillHasItsState() async throws {
        var reduced = Study(nct: "NCT05894240")
        reduced.withStatusModule = false
        #expect(try await save(reduced).changes.count == 1)
        #expect(try await store.trial(nctID: "NCT05894240")?.trial.enrollment?.count == 240)
    }

    @Test func aNewVersionYieldsItsChangesOnce() async throws {
        _ = try await save(Study())
        var slipped = Study()
        slipped.completion = ("2027-03", "ESTIMATED")
        slipped.lastUpdate = "2026-02-01"
        let summary = try await save(slipped)
        #expect(summary.changes.map(\.line) == ["Trial completion date: Oct 2025 --> Mar 2027"])
        let change = try #require(summary.changes.first)
        #expect(change.old == ChangeValue(date: "2025-10", precision: "month", type: "ESTIMATED"))
        #expect(change.new == ChangeValue(date: "2027-03", precision: "month", type: "ESTIMATED"))
        #expect(change.fromLastUpdatePostDate == "2026-01-10")
        #expect(change.toLastUpdatePostDate == "2026-02-01")
        #expect(try await save(slipped).changes.isEmpty)
    }

    @Test func anOlderCaptureIngestedLateSlotsIntoPlace() async throws {
        var january = Study()
        january.enrollment = (100, "ESTIMATED")
        var march = Study()
        march.lastUpdate = "2026-03-01"
        march.enrollment = (300, "ESTIMATED")
        _ = try await save(january)
        _ = try await save(march)
        #expect(try await store.changes(ChangeQuery(kinds: [.enrollment])).map(\.line) == ["Enrollment: 100 --> 300"])
        var february = Study()
        february.lastUpdate = "2026-02-01"
        february.enrollment = (200, "ESTIMATED")
        let late = try await save(february)
        #expect(Set(late.changes.map(\.line)) == ["Enrollment: 100 --> 200", "Enrollment: 200 --> 300"])
        let stored = try #require(try await store.trial(nctID: "NCT09990001"))
        #expect(stored.versions.map(\.lastUpdatePostDate) == ["2026-01-10", "2026-02-01", "2026-03-01"])
        #expect(stored.trial.enrollment?.count == 300)
        #expect(stored.changes.map(\.line) == ["New P2 trial", "Enrollment: 100 --> 200", "Enrollment: 200 --> 300"])
    }

    @Test func changesFilterByKindTrialFeedAndDetectionTime() async throws {
        _ = try await save(Study(), feed: "her2-low")
        _ = try await save(Study(nct: "NCT09990002", title: "EGFR study"), feed: "egfr")
        var stopped = Study()
        stopped.status = "TERMINATED"
        stopped.lastUpdate = "2026-02-01"
        _ = try await save(stopped)
        #expect(try await store.changes(ChangeQuery(kinds: [.status])).map(\.line) == ["Trial termination: Recruiting --> Terminated"])
        #expect(try await store.changes(ChangeQuery(kinds: [.new])).count == 2)
        #expect(try await store.changes(ChangeQuery(nctID: "NCT09990002")).map(\.line) == ["New P2 trial"])
        #expect(try await store.changes(ChangeQuery(feed: "egfr")).count == 1)
        #expect(try await store.changes(ChangeQuery(since: Date().addingTimeInterval(3600))).isEmpty)
    }

    @Test func searchFindsTrialsByTitleConditionAndIntervention() async throws {
        _ = try await save(
            Study(
                title: "Zanidatamab in biliary tract cancer", interventions: [("DRUG", "ZW25", ["zanidatamab"])], conditions: ["Biliary Tract Cancer"]
            ))
        #expect(try await store.search(SearchQuery(text: "biliary")).compactMap(\.trial?.nctID) == ["NCT09990001"])
        #expect(try await store.search(SearchQuery(text: "ZW25")).compactMap(\.trial?.nctID) == ["NCT09990001"])
        #expect(try await store.search(SearchQuery(text: "osimertinib")).isEmpty)
    }

    @Test func runsRecordTheRegistryDataVersion() async throws {
        let run = FetchRun(
            feed: "her2-low", source: .clinicalTrials, startedAt: Date(), finishedAt: Date(), windowStart: CalendarDay(year: 2026, month: 1, day: 1),
            windowEnd: CalendarDay(year: 2026, month: 1, day: 2), expected: 0, stored: 0, errors: [], status: .ok, dataVersion: "2026-11-24T09:00:05")
        try await store.record(run, advancingCursorTo: run.windowEnd)
        #expect(try await store.lastDataVersion(feed: "her2-low", source: .clinicalTrials) == "2026-11-24T09:00:05")
        #expect(try await store.lastDataVersion(feed: "her2-low", source: .pubmed) == nil)
    }
}

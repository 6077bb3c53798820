import FeedKit
import FeedKitTesting
import Foundation
import Testing

/// A sponsor watch matches on words of the stored sponsor names, and an unknown sponsor is refused
/// with the nearest stored one (issue 9, item 2: `watch add --sponsor Lilly` never fired).
@Suite struct SponsorWatchTests {
    typealias Study = TrialFixtures.Study

    @Test(arguments: [
        ("Lilly", "Eli Lilly and Company", true), ("lilly", "Lilly Research Laboratories", true), ("Eli Lilly", "Eli Lilly and Company", true),
        ("Astra", "AstraZeneca", true), ("Roche", "Hoffmann-La Roche", true), ("Lily", "Eli Lilly and Company", false),
        ("Pfizer", "Eli Lilly and Company", false), ("and", "Eli Lilly and Company", true), ("", "Eli Lilly and Company", false),
    ])
    func wordsMatch(watch: String, sponsor: String, expected: Bool) {
        #expect(SponsorMatch.matches(watch, sponsor) == expected)
    }

    @Test func aWatchOnLillyFiresForEliLillyAndCompany() async throws {
        let clock = TestClock()
        let (store, pipeline) = try TestPipelines.make(clock: clock)
        let watch = WatchService(store: store, tagger: nil)
        let lilly = Study(nct: "NCT04305496", sponsor: "Eli Lilly and Company")
        _ = try await pipeline.save(
            [try TrialFixtures.record(lilly), try TrialFixtures.record(Study(nct: "NCT04305497", sponsor: "Pfizer"))], feed: nil)
        let items = try await watch.checkSponsors([WatchItem(kind: .sponsor, value: "Lilly")])
        try await store.addWatch(items)
        #expect(try await watch.watchedTrials() == ["NCT04305496"])
        let start = clock.now()
        clock.advance(by: .seconds(60))
        var slipped = lilly
        slipped.completion = ("2027-03", "ESTIMATED")
        slipped.lastUpdate = "2026-02-01"
        _ = try await pipeline.save([try TrialFixtures.record(slipped)], feed: nil)
        let report = try await watch.check(since: start, until: clock.now(), kinds: [])
        #expect(report.changes.map(\.line) == ["Trial completion date: Oct 2025 --> Mar 2027"])

        await #expect(throws: TagResolver.Failure.self) { try await watch.checkSponsors([WatchItem(kind: .sponsor, value: "Pfzer")]) }
        do {
            _ = try await watch.checkSponsors([WatchItem(kind: .sponsor, value: "Lily and Co")])
            Issue.record("a sponsor no stored trial has was accepted")
        } catch let failure as TagResolver.Failure {
            #expect(failure.message.contains("did you mean \"Eli Lilly and Company\"?"))
        }
    }
}

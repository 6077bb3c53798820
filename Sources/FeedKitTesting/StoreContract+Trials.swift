import FeedKit
import FeedModel
import FeedStore
import Foundation

extension StoreContract {
    typealias Study = TrialFixtures.Study

    static func slipped(_ completion: String, posted: String) -> Study {
        Study(completion: (completion, "ESTIMATED"), lastUpdate: posted)
    }

    static let trialCases: [Case] = [
        Case(name: "trials: a first version is a new trial with its first change") { c in
            let summary = try await c.saveTrials([Study()])
            try c.equal(summary.newTrials, 1, "newTrials")
            try c.equal(summary.newVersions, 1, "newVersions")
            try c.equal(summary.changes.map(\.line), ["New P2 trial"], "changes")
            let stored = try await c.store.trial(nctID: "nct09990001")
            try c.equal(stored?.trial, try TrialFixtures.trial(Study()), "trial")
            try c.equal(stored?.rawJSON, TrialFixtures.json(Study()), "raw JSON")
            try c.equal(stored?.feeds, ["feed-a"], "feeds")
            try c.equal(try await c.store.stats().trials, 1, "trials")
        },
        Case(name: "trials: identical content stores no version") { c in
            try await c.saveTrials([Study()])
            let again = try await c.saveTrials([Study()])
            try c.equal(again.unchanged, 1, "unchanged")
            try c.equal(again.newVersions, 0, "newVersions")
            try c.equal(again.changes.count, 0, "changes")
            try c.equal(try await c.store.trial(nctID: "NCT09990001")?.versions.count, 1, "versions")
        },
        Case(name: "trials: a new version's changes are reported once") { c in
            try await c.saveTrials([Study()])
            let summary = try await c.saveTrials([slipped("2027-03", posted: "2026-02-01")])
            try c.equal(summary.changes.map(\.line), ["Trial completion date: Oct 2025 --> Mar 2027"], "changes")
            try c.equal(try await c.saveTrials([slipped("2027-03", posted: "2026-02-01")]).changes.count, 0, "again")
            let stored = try await c.store.trial(nctID: "NCT09990001")
            try c.equal(stored?.changes.map(\.line), ["New P2 trial", "Trial completion date: Oct 2025 --> Mar 2027"], "stored changes")
            try c.equal(stored?.trial.completionDate?.raw, "2027-03", "current version")
        },
        Case(name: "trials: versions order by posting, a late older capture slots in and keeps detection times") { c in
            try await c.saveTrials([Study()])
            c.later(60)
            try await c.saveTrials([slipped("2027-03", posted: "2026-03-01")])
            let known = try await c.store.changes(ChangeQuery(kinds: [.dates])).first?.detectedAt
            c.later(3600)
            let late = try await c.saveTrials([slipped("2026-06", posted: "2026-02-01")])
            try c.equal(
                late.changes.map(\.line).sorted(), ["Trial completion date: Jun 2026 --> Mar 2027", "Trial completion date: Oct 2025 --> Jun 2026"],
                "fresh")
            let stored = try await c.store.trial(nctID: "NCT09990001")
            try c.equal(stored?.versions.map(\.lastUpdatePostDate), ["2026-01-10", "2026-02-01", "2026-03-01"], "version order")
            try c.equal(stored?.trial.completionDate?.raw, "2027-03", "current stays the newest posting")
            let lines = try await c.store.changes(ChangeQuery(kinds: [.dates])).map(\.line)
            try c.equal(lines.count, 2, "changes re-derived")
            try c.expect(known != nil, "a detection time before")
        },
        Case(name: "trials: a known change keeps its first detection time") { c in
            try await c.saveTrials([Study()])
            try await c.saveTrials([slipped("2027-03", posted: "2026-03-01")])
            let first = try await c.store.changes(ChangeQuery(kinds: [.dates])).first?.detectedAt
            c.later(86_400)
            try await c.saveTrials([Study(lastUpdate: "2026-01-05")])
            let again = try await c.store.changes(ChangeQuery(kinds: [.dates])).first { $0.line.hasSuffix("Mar 2027") }
            try c.equal(again?.detectedAt, first, "detectedAt")
        },
        Case(name: "trials: undated captures sort by their own order key") { c in
            var undated = Study()
            undated.withStatusModule = false
            try await c.saveTrials([Study()])
            try await c.saveTrials([undated])
            let stored = try await c.store.trial(nctID: "NCT09990001")
            try c.equal(stored?.versions.count, 2, "versions")
            try c.equal(stored?.versions.first?.lastUpdatePostDate, "2026-01-10", "dated version first")
        },
        Case(name: "trials: the history function decides the current version") { c in
            try await c.saveTrials([Study()])
            var batch = c.pipeline.trialBatch([try TrialFixtures.record(slipped("2027-03", posted: "2026-03-01"))], feed: nil)
            batch.history = { history in
                var derived = TrialHistoryDeriver.derive(history)
                derived.current = history.versions[0].id
                return derived
            }
            _ = try await c.store.save(batch)
            try c.equal(try await c.store.trial(nctID: "NCT09990001")?.trial.completionDate?.raw, "2025-10", "chosen current")
            try c.equal(try await c.store.trials(after: nil, limit: 10).first?.completionDate?.raw, "2025-10", "pages use it")
            try c.equal(try await c.store.search(SearchQuery(text: "HER2")).first?.trial?.completionDate?.raw, "2025-10", "search uses it")
        },
        Case(name: "trials: ids read case-insensitively, unknown ones as nil") { c in
            try await c.saveTrials([Study()])
            try c.expect(try await c.store.trial(nctID: "nct09990001") != nil, "lower case id")
            try c.expect(try await c.store.trial(nctID: "NCT00000000") == nil, "unknown id")
        },
        Case(name: "trials: changes filter by time, trial, kind and feed, newest posting first") { c in
            try await c.saveTrials([Study(), Study(nct: "NCT09990002", status: "RECRUITING")], feed: "a")
            c.later(60)
            let cut = c.clock.now()
            try await c.saveTrials(
                [Study(nct: "NCT09990002", status: "TERMINATED", whyStopped: "Sponsor decision", lastUpdate: "2026-02-01")], feed: "b")
            try c.equal(try await c.store.changes(ChangeQuery(kinds: [.new])).count, 2, "new")
            try c.equal(try await c.store.changes(ChangeQuery(since: cut)).map(\.nctId), ["NCT09990002"], "since")
            try c.equal(try await c.store.changes(ChangeQuery(until: cut)).count, 2, "until")
            try c.equal(try await c.store.changes(ChangeQuery(nctIDs: ["nct09990001"])).map(\.line), ["New P2 trial"], "ids")
            try c.equal(try await c.store.changes(ChangeQuery(nctIDs: [])).count, 0, "no ids")
            try c.equal(try await c.store.changes(ChangeQuery(feed: "b")).count, 2, "feed")
            try c.equal(try await c.store.changes(ChangeQuery()).first?.toLastUpdatePostDate, "2026-02-01", "order")
            try c.equal(try await c.store.changes(ChangeQuery(limit: 1)).count, 1, "limit")
        },
        Case(name: "trials: by lead sponsor, case-insensitive; sponsors counted") { c in
            try await c.saveTrials([
                Study(sponsor: "Eli Lilly and Company"), Study(nct: "NCT09990002", sponsor: "Eli Lilly and Company"),
                Study(nct: "NCT09990003", sponsor: "AstraZeneca"),
            ])
            try c.equal(try await c.store.trialIDs(leadSponsor: "eli lilly and company"), ["NCT09990001", "NCT09990002"], "ids")
            let sponsors = try await c.store.sponsors()
            try c.equal(sponsors.map(\.name), ["Eli Lilly and Company", "AstraZeneca"], "sponsors")
            try c.equal(sponsors.map(\.trials), [2, 1], "counts")
        },
        Case(name: "trials: page in NCT order with their current versions") { c in
            try await c.saveTrials([Study(nct: "NCT09990003"), Study(nct: "NCT09990001"), Study(nct: "NCT09990002")])
            try await c.saveTrials([Study(nct: "NCT09990001", completion: ("2027-03", "ESTIMATED"), lastUpdate: "2026-02-01")])
            let page = try await c.store.trials(after: nil, limit: 2)
            try c.equal(page.map(\.nctID), ["NCT09990001", "NCT09990002"], "first page")
            try c.equal(page.first?.completionDate?.raw, "2027-03", "current version")
            try c.equal(try await c.store.trials(after: "NCT09990002", limit: 2).map(\.nctID), ["NCT09990003"], "second page")
        },
        Case(name: "trials: tags stored with the trial and read back") { c in
            try await c.saveTrials([Study(interventions: [("DRUG", "Drug X", ["DS-8201a"])])])
            let tags = try await c.store.trial(nctID: "NCT09990001")?.tags
            try c.equal(tags?.drugs.map(\.display), ["Enhertu (fam-trastuzumab deruxtecan-nxki)"], "drugs")
            try c.equal(tags?.nct.map(\.display), ["NCT09990001"], "nct")
        },
    ]
}

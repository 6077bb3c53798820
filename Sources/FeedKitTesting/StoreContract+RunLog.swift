import FeedKit
import FeedModel
import FeedStore
import Foundation

extension StoreContract {
    static let runLogCases: [Case] = [
        Case(name: "runs: the cursor moves only with a run that earned it") { c in
            try c.expect(try await c.store.cursor(feed: "her2", source: .pubmed) == nil, "no cursor before a run")
            try await c.store.record(run("her2", .pubmed, status: .ok, end: day), advancingCursorTo: day)
            try c.equal(try await c.store.cursor(feed: "her2", source: .pubmed), day, "after ok")
            try await c.store.record(run("her2", .pubmed, status: .failed, end: day.adding(days: 1)), advancingCursorTo: nil)
            try c.equal(try await c.store.cursor(feed: "her2", source: .pubmed), day, "after failed")
        },
        Case(name: "runs: cursors are per feed and per source") { c in
            try await c.store.record(run("her2", .pubmed, status: .ok, end: day), advancingCursorTo: day)
            try c.expect(try await c.store.cursor(feed: "her2", source: .clinicalTrials) == nil, "other source")
            try c.expect(try await c.store.cursor(feed: "egfr", source: .pubmed) == nil, "other feed")
        },
        Case(name: "runs: the data version comes from the last ok or skipped run") { c in
            try c.expect(try await c.store.lastDataVersion(feed: "her2", source: .clinicalTrials) == nil, "none yet")
            try await c.store.record(run("her2", .clinicalTrials, status: .ok, end: day, version: "v1"), advancingCursorTo: day)
            try await c.store.record(run("her2", .clinicalTrials, status: .failed, end: day, version: "v2"), advancingCursorTo: nil)
            try c.equal(try await c.store.lastDataVersion(feed: "her2", source: .clinicalTrials), "v1", "after a failed run")
            try await c.store.record(run("her2", .clinicalTrials, status: .skipped, end: day, version: "v3"), advancingCursorTo: nil)
            try c.equal(try await c.store.lastDataVersion(feed: "her2", source: .clinicalTrials), "v3", "after a skipped run")
            try c.expect(try await c.store.lastDataVersion(feed: "her2", source: .pubmed) == nil, "other source")
        },
        Case(name: "runs: stats show each feed's last run, errors and cursor") { c in
            try await c.store.record(run("her2", .pubmed, status: .ok, end: day), advancingCursorTo: day)
            try await c.store.record(run("her2", .pubmed, status: .failed, end: day.adding(days: 1)), advancingCursorTo: nil)
            let status = try await c.store.stats().feeds.first { $0.feed == "her2" && $0.source == .pubmed }
            try c.equal(status?.lastRun?.status, .failed, "last status")
            try c.equal(status?.lastRun?.errors, ["esearch: HTTP 500"], "errors")
            try c.equal(status?.lastRun?.windowEnd, day.adding(days: 1), "window end")
            try c.equal(status?.cursor, day, "cursor")
        },
        Case(name: "stats: counts articles and trials per feed") { c in
            try await c.saveArticles([try article("1"), try article("2")], feed: "her2")
            try await c.saveTrials([Study()], feed: "her2")
            let stats = try await c.store.stats()
            try c.equal(stats.articles, 2, "articles")
            try c.equal(stats.trials, 1, "trials")
            try c.equal(stats.feeds.first { $0.source == .pubmed }?.articles, 2, "feed articles")
            try c.equal(stats.feeds.first { $0.source == .clinicalTrials }?.trials, 1, "feed trials")
        },
    ]

    static let watchCases: [Case] = [
        Case(name: "watch: items are listed in order, each once") { c in
            let items = [
                WatchItem(kind: .trial, value: "NCT09990001"), WatchItem(kind: .drug, value: "Enhertu (fam-trastuzumab deruxtecan-nxki)"),
                WatchItem(kind: .sponsor, value: "AstraZeneca"),
            ]
            try await c.store.addWatch(items)
            try await c.store.addWatch([items[0]])
            let list = try await c.store.watchList()
            try c.equal(list.count, 3, "count")
            try c.equal(list.map(\.kind), [.drug, .sponsor, .trial], "order")
        },
        Case(name: "watch: removing says how many were there") { c in
            try await c.store.addWatch([WatchItem(kind: .trial, value: "NCT09990001")])
            try c.equal(
                try await c.store.removeWatch([WatchItem(kind: .trial, value: "NCT09990001"), WatchItem(kind: .trial, value: "NCT0")]), 1, "removed")
            try c.equal(try await c.store.watchList().count, 0, "left")
        },
        Case(name: "watch: the last check is remembered and replaced") { c in
            try c.expect(try await c.store.lastWatchCheck() == nil, "never checked")
            let first = c.clock.now()
            try await c.store.markWatchChecked(at: first)
            try c.equal(try await c.store.lastWatchCheck(), first, "first check")
            try c.equal(try await c.store.markWatchChecked(at: first.addingTimeInterval(3600)), first, "the claim returns the mark it moved")
            try c.equal(try await c.store.lastWatchCheck(), first.addingTimeInterval(3600), "second check")
            // A check whose clock is behind the mark (another check claimed later) never moves it back.
            try c.equal(try await c.store.markWatchChecked(at: first), first.addingTimeInterval(3600), "a late claim sees the newer mark")
            try c.equal(try await c.store.lastWatchCheck(), first.addingTimeInterval(3600), "the mark does not go back")
        },
        Case(name: "watch: claims at once move the mark from each value exactly once") { c in
            let base = c.clock.now()
            let claims = try await withThrowingTaskGroup(of: (Double, Double).self) { group in
                for step in 1...8 {
                    group.addTask {
                        let previous = try await c.store.markWatchChecked(at: base.addingTimeInterval(Double(step)))
                        return ((previous ?? base).timeIntervalSince(base), Double(step))
                    }
                }
                var all: [(Double, Double)] = []
                for try await claim in group { all.append(claim) }
                return all
            }
            // The windows claimed, (previous mark, own time], tile (0, 8] with no overlap: no two
            // checks read the same change, and none is skipped.
            let windows = claims.filter { $0.0 < $0.1 }.sorted { $0.1 < $1.1 }
            var covered = 0.0
            for window in windows {
                try c.equal(window.0, covered, "window \(window) starts where the last ended (\(claims))")
                covered = window.1
            }
            try c.equal(covered, 8, "the last claim reaches the newest mark")
        },
    ]
}

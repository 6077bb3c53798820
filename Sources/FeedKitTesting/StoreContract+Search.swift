import FeedKit
import FeedModel
import FeedStore
import Foundation

extension StoreContract {
    static let searchCases: [Case] = [
        Case(name: "search: text matches rank best first, titles above abstracts") { c in
            var records = try corpus()
            records.append(try article("40000010", title: "Adjuvant therapy outcomes", abstract: "Melanoma patients were followed."))
            try await c.saveArticles(records)
            let hits = try await c.store.search(SearchQuery(text: "melanoma"))
            try c.equal(hits.map(\.id), ["40000004", "40000010"], "melanoma hits")
            try c.expect(hits.allSatisfy { $0.score != nil }, "ranked hits carry a score")
        },
        Case(name: "search: user text never breaks the query") { c in
            try await c.saveArticles(try corpus())
            try c.equal(Set(try await c.store.search(SearchQuery(text: "HER2-low")).map(\.id)), ["40000000", "40000001"], "HER2-low")
            try c.equal(try await c.store.search(SearchQuery(text: "trastuzumab AND")).count, 0, "AND is a word")
            for text in ["\" ( * :", "NEAR(", "col:umn", "\"unclosed", "*", "OR", "-"] {
                _ = try await c.store.search(SearchQuery(text: text))
            }
        },
        Case(name: "search: word* matches a prefix, quotes a phrase") { c in
            try await c.saveArticles(try corpus())
            try c.equal(try await c.store.search(SearchQuery(text: "osimer*")).map(\.id), ["40000002"], "prefix")
            try c.equal(try await c.store.search(SearchQuery(text: "\"lung cancer\"")).map(\.id), ["40000002"], "phrase")
            try c.equal(try await c.store.search(SearchQuery(text: "\"cancer lung\"")).count, 0, "phrase order")
        },
        Case(name: "search: without text, newest event day first") { c in
            try await c.saveArticles(try corpus().reversed())
            try c.equal(try await c.store.search(SearchQuery(limit: 3)).map(\.id), ["40000000", "40000001", "40000002"], "newest")
        },
        Case(name: "search: since filters on the event day") { c in
            try await c.saveArticles(try corpus())
            try c.equal(try await c.store.search(SearchQuery(since: day.adding(days: -1))).count, 2, "since yesterday")
        },
        Case(name: "search: first-seen window finds what was stored in it") { c in
            try await c.saveArticles([try article("1")])
            c.later(3600)
            let cut = c.clock.now()
            try await c.saveArticles([try article("2")])
            try await c.saveTrials([TrialFixtures.Study()])
            let hits = try await c.store.search(SearchQuery(firstSeen: cut..<cut.addingTimeInterval(60)))
            try c.equal(Set(hits.map(\.id)), ["2", "NCT09990001"], "window")
        },
        Case(name: "search: feed filter") { c in
            try await c.saveArticles([try article("1")], feed: "a")
            try await c.saveArticles([try article("2")], feed: "b")
            try c.equal(try await c.store.search(SearchQuery(feed: "b")).map(\.id), ["2"], "feed b")
            try c.equal(try await c.store.search(SearchQuery(feed: "none")).count, 0, "feed none")
        },
        Case(name: "search: tag filters all apply") { c in
            try await c.saveArticles([
                try article("1", title: "Trastuzumab deruxtecan in HER2-low breast cancer", abstract: "An abstract."),
                try article("2", title: "T-DM1 in HER2-positive breast cancer", abstract: "An abstract."),
                try article("3", title: "Osimertinib in EGFR-mutant lung cancer", abstract: "An abstract."),
            ])
            let her2 = TagFilter(kind: .genes, value: "HER-2 (Human epidermal growth factor receptor 2)")
            let low = TagFilter(kind: .alterations, value: "HER-2 underexpression")
            try c.equal(Set(try await c.store.search(SearchQuery(tags: [her2])).map(\.id)), ["1", "2"], "gene")
            try c.equal(try await c.store.search(SearchQuery(tags: [her2, low])).map(\.id), ["1"], "gene and alteration")
            try c.equal(try await c.store.search(SearchQuery(text: "breast", tags: [low])).map(\.id), ["1"], "text and tag")
        },
        Case(name: "search: a gene's mutation takes in its specific changes") { c in
            try await c.saveArticles([
                try article("1", title: "Osimertinib in EGFR L858R lung cancer", abstract: "An abstract."),
                try article("2", title: "EGFR-mutant lung cancer", abstract: "An abstract."),
                try article("3", title: "EGFR-negative tumours", abstract: "An abstract."),
                try article("4", title: "KRAS G12C lung cancer", abstract: "An abstract."),
            ])
            let mutation = TagFilter(kind: .alterations, value: "EGFR mutation")
            try c.equal(Set(try await c.store.search(SearchQuery(tags: [mutation])).map(\.id)), ["1", "2"], "EGFR mutation")
            try c.equal(try await c.store.entryIDs(.article, tagged: mutation), ["1", "2"], "entry ids")
            let variant = TagFilter(kind: .alterations, value: "EGFR L858R")
            try c.equal(try await c.store.search(SearchQuery(tags: [variant])).map(\.id), ["1"], "the change alone")
        },
        Case(name: "search: kind keeps papers and trials apart") { c in
            try await c.saveArticles([try article("1", title: "HER2-low breast cancer")])
            try await c.saveTrials([TrialFixtures.Study()])
            try c.equal(try await c.store.search(SearchQuery(text: "HER2", kind: .article)).map(\.id), ["1"], "articles")
            try c.equal(try await c.store.search(SearchQuery(text: "HER2", kind: .trial)).map(\.id), ["NCT09990001"], "trials")
            try c.equal(try await c.store.search(SearchQuery(text: "HER2")).count, 2, "both")
        },
        Case(name: "search: on the same day, papers come before trials") { c in
            try await c.saveTrials([TrialFixtures.Study(lastUpdate: "2026-11-01")])
            try await c.saveArticles([try article("7", entrez: day)])
            try c.equal(try await c.store.search(SearchQuery()).map(\.id), ["7", "NCT09990001"], "same day")
        },
        Case(name: "search: limit and offset page without gaps or repeats") { c in
            try await c.saveArticles(try corpus())
            let all = try await c.store.search(SearchQuery(limit: 10)).map(\.id)
            let first = try await c.store.search(SearchQuery(limit: 4)).map(\.id)
            let second = try await c.store.search(SearchQuery(limit: 4, offset: 4)).map(\.id)
            try c.equal(first + second, Array(all.prefix(8)), "pages")
            try c.equal(try await c.store.search(SearchQuery(limit: 4, offset: Int.max)).count, 0, "huge offset")
            try c.equal(try await c.store.search(SearchQuery(limit: 0)).count, 0, "zero limit")
        },
        Case(name: "search: trials by title, condition and intervention other names") { c in
            try await c.saveTrials([
                TrialFixtures.Study(
                    title: "Zanidatamab in Biliary Tract Cancer", interventions: [("DRUG", "Zanidatamab", ["ZW25"])],
                    conditions: ["Cholangiocarcinoma"])
            ])
            for text in ["biliary", "ZW25", "cholangiocarcinoma"] {
                try c.equal(try await c.store.search(SearchQuery(text: text)).compactMap(\.trial?.nctID), ["NCT09990001"], text)
            }
            try c.equal(try await c.store.search(SearchQuery(text: "osimertinib")).count, 0, "absent word")
        },
    ]
}

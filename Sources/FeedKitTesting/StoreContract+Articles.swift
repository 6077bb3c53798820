import FeedKit
import FeedModel
import FeedStore
import Foundation

extension StoreContract {
    static let retraction =
        "<CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionIn\"><RefSource>Ex J Oncol. 2026;2:1</RefSource><PMID Version=\"1\">8</PMID></CommentsCorrections></CommentsCorrectionsList>"

    static let articleCases: [Case] = [
        Case(name: "articles: the normalised record reads back as saved") { c in
            let record = try article("1", title: "Trastuzumab deruxtecan in HER2-low breast cancer", abstract: "Responses were seen.")
            try await c.equal(c.saveArticles([record]).inserted, 1, "inserted")
            let stored = try await c.store.article(pmid: "1")
            try c.equal(stored?.article, record.article, "article")
            try c.equal(stored?.rawXML, record.rawXML, "raw XML")
            try c.equal(stored?.revision, 1, "revision")
            try c.equal(stored?.feeds, ["feed-a"], "feeds")
        },
        Case(name: "articles: an unknown PMID reads as nil") { c in
            try c.expect(try await c.store.article(pmid: "404") == nil, "article 404 should be nil")
        },
        Case(name: "articles: identical XML is unchanged and keeps its revision") { c in
            let record = try article("1")
            try await c.saveArticles([record])
            c.later(60)
            let again = try await c.saveArticles([record])
            try c.equal(again.unchanged, 1, "unchanged")
            try c.equal(again.inserted + again.updated, 0, "written")
            let stored = try await c.store.article(pmid: "1")
            try c.equal(stored?.revision, 1, "revision")
            try c.equal(stored?.updatedAt, stored?.firstSeenAt, "updatedAt")
        },
        Case(name: "articles: a revision updates in place and keeps the first-seen time") { c in
            try await c.saveArticles([try article("1", title: "Old title")])
            let first = try await c.store.article(pmid: "1")?.firstSeenAt
            c.later(3600)
            try await c.equal(c.saveArticles([try article("1", title: "New title")]).updated, 1, "updated")
            let stored = try await c.store.article(pmid: "1")
            try c.equal(stored?.article.title, "New title", "title")
            try c.equal(stored?.revision, 2, "revision")
            try c.equal(stored?.firstSeenAt, first, "firstSeenAt")
            try c.expect((stored?.updatedAt ?? .distantPast) > (first ?? .distantFuture), "updatedAt should move")
            try c.equal(try await c.store.stats().articles, 1, "articles")
        },
        Case(name: "articles: the full-text index follows a revision") { c in
            try await c.saveArticles([try article("1", title: "Alpha gene study")])
            try await c.saveArticles([try article("1", title: "Omega gene study")])
            try c.equal(try await c.store.search(SearchQuery(text: "alpha")).count, 0, "hits for the old title")
            try c.equal(try await c.store.search(SearchQuery(text: "omega")).map(\.id), ["1"], "hits for the new title")
        },
        Case(name: "articles: deletions remove, are remembered and are counted") { c in
            try await c.saveArticles([try article("1"), try article("2")])
            let summary = try await c.saveArticles([], deletions: ["1", "999"])
            try c.equal(summary.deleted, 1, "deleted")
            try c.expect(try await c.store.article(pmid: "1") == nil, "article 1 should be gone")
            try c.equal(try await c.store.search(SearchQuery(text: "HER2")).map(\.id), ["2"], "search after deletion")
            let stats = try await c.store.stats()
            try c.equal(stats.articles, 1, "articles")
            try c.equal(stats.deletedArticles, 2, "deletedArticles")
        },
        Case(name: "articles: a deleted PMID that comes back is stored again") { c in
            try await c.saveArticles([try article("1")])
            try await c.saveArticles([], deletions: ["1"])
            try await c.equal(c.saveArticles([try article("1")]).inserted, 1, "inserted")
            try c.equal(try await c.store.stats().deletedArticles, 0, "deletedArticles")
        },
        Case(name: "articles: every feed that found an article is remembered") { c in
            try await c.saveArticles([try article("1")], feed: "zeta")
            try await c.saveArticles([try article("1")], feed: "alpha")
            try await c.saveArticles([try article("1")], feed: nil)
            try c.equal(try await c.store.article(pmid: "1")?.feeds, ["alpha", "zeta"], "feeds")
        },
        Case(name: "articles: a revision's notices become events, an unchanged record's do not") { c in
            let since = c.clock.now()
            try await c.saveArticles([try article("7")])
            try await c.saveArticles([try article("7")])
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(until: c.clock.now().addingTimeInterval(1))).count, 0, "events")
            c.later(10)
            try await c.saveArticles([try article("7", extra: retraction)])
            let events = try await c.store.articleEvents(ArticleEventQuery(since: since, until: c.clock.now().addingTimeInterval(1)))
            try c.equal(events.map(\.kind), [.retracted], "kinds")
            try c.equal(events.first?.detail, "RetractionIn PMID 8", "detail")
            try c.equal(events.first?.pmid, "7", "pmid")
        },
        Case(name: "articles: events filter by window, feed and tags") { c in
            try await c.saveArticles([try article("7", title: "Trastuzumab deruxtecan in HER2-low disease")], feed: "her2")
            c.later(10)
            let at = c.clock.now()
            try await c.saveArticles([try article("7", title: "Trastuzumab deruxtecan in HER2-low disease", extra: retraction)], feed: "her2")
            let until = at.addingTimeInterval(1)
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(since: until, until: until.addingTimeInterval(60))).count, 0, "after")
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(since: at, until: until, feed: "her2")).count, 1, "feed her2")
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(since: at, until: until, feed: "other")).count, 0, "feed other")
            let drug = TagFilter(kind: .drugs, value: "Enhertu (fam-trastuzumab deruxtecan-nxki)")
            let other = TagFilter(kind: .drugs, value: "Keytruda (pembrolizumab)")
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(until: until, taggedAny: [other, drug])).count, 1, "tagged")
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(until: until, taggedAny: [other])).count, 0, "other tag")
            try c.equal(try await c.store.articleEvents(ArticleEventQuery(until: until, taggedAny: [])).count, 0, "empty tag list")
        },
        Case(name: "articles: pages in PMID order") { c in
            try await c.saveArticles(try ["30", "10", "20", "40"].map { try article($0) })
            let first = try await c.store.articles(after: nil, limit: 3).map(\.pmid)
            try c.equal(first, ["10", "20", "30"], "first page")
            try c.equal(try await c.store.articles(after: "30", limit: 3).map(\.pmid), ["40"], "second page")
            try c.equal(try await c.store.articles(after: "40", limit: 3).count, 0, "past the end")
        },
        Case(name: "tags: read back with their evidence and order, from every read") { c in
            let record = try article("1", title: "Trastuzumab deruxtecan (T-DXd) in HER2-low breast cancer")
            try await c.saveArticles([record])
            let expected = EntryTagger(tagger: TaggingFiles.tagger).tags(for: record.article)
            try c.expect(!expected.drugs.isEmpty && !expected.alterations.isEmpty, "the fixture should carry tags")
            try c.equal(try await c.store.article(pmid: "1")?.tags, expected, "article tags")
            try c.equal(try await c.store.search(SearchQuery(text: "deruxtecan")).first?.tags, expected, "search hit tags")
        },
        Case(name: "tags: replacing tags drops the old ones") { c in
            try await c.saveArticles([try article("1", title: "Pembrolizumab in lung cancer")])
            var tags = TagSet()
            tags.add(\.genes, "ALK (Anaplastic lymphoma kinase)", TagSet.Evidence(start: 0, end: 3, text: "ALK", rule: "manual"))
            try await c.store.replaceTags([EntryTags(kind: .article, id: "1", tags: tags)])
            try c.equal(try await c.store.article(pmid: "1")?.tags, tags, "tags")
            let keytruda = TagFilter(kind: .drugs, value: "Keytruda (pembrolizumab)")
            try c.equal(try await c.store.entryIDs(.article, tagged: keytruda), [], "old tag")
            try c.equal(
                try await c.store.entryIDs(.article, tagged: TagFilter(kind: .genes, value: "ALK (Anaplastic lymphoma kinase)")), ["1"], "new tag")
        },
        Case(name: "tags: entry ids by tag keep articles and trials apart") { c in
            try await c.saveArticles([try article("1", title: "Trastuzumab deruxtecan in HER2-low breast cancer")])
            try await c.saveTrials([TrialFixtures.Study(interventions: [("DRUG", "Trastuzumab deruxtecan", ["DS-8201a"])])])
            let drug = TagFilter(kind: .drugs, value: "Enhertu (fam-trastuzumab deruxtecan-nxki)")
            try c.equal(try await c.store.entryIDs(.article, tagged: drug), ["1"], "articles")
            try c.equal(try await c.store.entryIDs(.trial, tagged: drug), ["NCT09990001"], "trials")
        },
        Case(name: "articles: papers naming a trial, newest first, optionally by first-seen window") { c in
            let old = try article("1", title: "Paper about NCT09990001", entrez: day.adding(days: -5))
            try await c.saveArticles([old])
            c.later(3600)
            let cut = c.clock.now()
            try await c.saveArticles([try article("2", title: "Results of NCT09990001"), try article("3", title: "Unrelated")])
            try c.equal(try await c.store.papers(naming: "nct09990001", firstSeen: nil).map(\.pmid), ["2", "1"], "all")
            let window = try await c.store.papers(naming: "NCT09990001", firstSeen: cut..<cut.addingTimeInterval(60))
            try c.equal(window.map(\.pmid), ["2"], "window")
            try c.equal(window.first?.title, "Results of NCT09990001", "title")
        },
    ]
}

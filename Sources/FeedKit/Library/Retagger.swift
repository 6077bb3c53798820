import FeedModel
import FeedStore
import FeedTagging

/// Re-derives the tags of every stored entry after an ontology change (`bmfeed retag`), page by
/// page from the stored normalised records.
public struct Retagger: Sendable {
    public let store: any FeedStore
    public let tagger: EntryTagger

    public init(store: any FeedStore, tagger: EntryTagger) {
        self.store = store
        self.tagger = tagger
    }

    /// - Returns: how many articles and trials were retagged.
    public func run(pageSize: Int = 2000) async throws -> (articles: Int, trials: Int) {
        var articles = 0
        var last: String?
        while true {
            let page = try await store.articles(after: last, limit: pageSize)
            guard let final = page.last else { break }
            try await store.replaceTags(page.map { EntryTags(kind: .article, id: $0.pmid, tags: tagger.tags(for: $0)) })
            articles += page.count
            last = final.pmid
        }
        var trials = 0
        last = nil
        while true {
            let page = try await store.trials(after: last, limit: pageSize / 2)
            guard let final = page.last else { break }
            try await store.replaceTags(page.map { EntryTags(kind: .trial, id: $0.nctID, tags: tagger.tags(for: $0)) })
            trials += page.count
            last = final.nctID
        }
        return (articles, trials)
    }
}

import FeedModel
import FeedStore
import FeedTagging
import Foundation

/// Watch-lists: what is watched, which stored changes and paper notices concern it, and the
/// check that reports them once and marks them seen.
public struct WatchService: Sendable {
    public let store: any FeedStore
    public let tagger: EntryTagger?

    public init(store: any FeedStore, tagger: EntryTagger?) {
        self.store = store
        self.tagger = tagger
    }

    /// What `watch check` found.
    public struct Report: Sendable, Encodable {
        public var changes: [TrialChangeRecord]
        public var articleEvents: [ArticleEvent]

        public var count: Int { changes.count + articleEvents.count }
    }

    /// Drug and biomarker names resolved to their tags ("AZD9291" → "Tagrisso (osimertinib)");
    /// trial ids upper-cased; other names as given. A drug or biomarker the tagger does not know
    /// is refused (with the nearest known name), so a watch never silently waits for a typo.
    public func resolve(_ items: [WatchItem]) throws(TagResolver.Failure) -> [WatchItem] {
        try items.map { item throws(TagResolver.Failure) in
            switch item.kind {
            case .trial:
                let id = item.value.trimmingCharacters(in: .whitespaces).uppercased()
                guard Trial.isNCTID(id) else {
                    throw TagResolver.Failure(message: "\"\(item.value.prefix(40))\" is not an NCT id (NCT and 8 digits, e.g. NCT05894239)")
                }
                return WatchItem(kind: .trial, value: id)
            case .drug, .biomarker:
                guard let tagger = tagger?.tagger else { return item }
                let kind: TagKind = item.kind == .drug ? .drugs : .alterations
                if let display = TagResolver.wholeName(item.value, kind: kind, tagger: tagger) { return WatchItem(kind: item.kind, value: display) }
                let noun = item.kind == .drug ? "drug" : "biomarker"
                let hint = Suggestions.nearest(item.value, kind: kind.rawValue, ontology: tagger.ontology).map { "; did you mean \($0)?" } ?? ""
                throw TagResolver.Failure(message: "no \(noun) \"\(item.value)\"\(hint)")
            case .sponsor:
                return item
            }
        }
    }

    /// Checks sponsor watches against the lead sponsors stored: a name no stored trial's sponsor
    /// matches (on words, ``SponsorMatch``) is refused with the nearest stored sponsor, so a watch
    /// on "Lily" never silently waits. Other items pass through.
    public func checkSponsors(_ items: [WatchItem]) async throws -> [WatchItem] {
        let sponsors = try await store.sponsors()
        let names = sponsors.map(\.name)
        for item in items where item.kind == .sponsor {
            guard SponsorMatch.names(item.value, in: names).isEmpty else { continue }
            if names.isEmpty {
                throw TagResolver.Failure(
                    message: "no sponsor \"\(item.value)\": the store holds no trials yet; fetch a feed with a clinicaltrials query first")
            }
            let hint = SponsorMatch.nearest(item.value, in: names).map { "; did you mean \"\($0)\"?" } ?? ""
            let top = sponsors.prefix(5).map { "\($0.name) (\($0.trials))" }.joined(separator: ", ")
            throw TagResolver.Failure(message: "no stored trial has a lead sponsor matching \"\(item.value)\"\(hint) (most trials: \(top))")
        }
        return items
    }

    /// Adds feeds.yml's `watch:` items to the store's list.
    public func sync(_ config: FeedsConfig?) async throws {
        guard let config, !config.watch.isEmpty else { return }
        try await store.addWatch(try resolve(config.watch))
    }

    /// Reports what concerns the watch-list after `since` (the last check when nil) up to and
    /// including `until` (``StoredWindow``), and marks it seen.
    ///
    /// The window is claimed before it is read (claim, then print): of two checks at once, the
    /// second finds the mark already moved and reports nothing the first reports.
    ///
    /// Only a plain check (no `since`, no `kinds`) marks anything seen: a look-back or a check of
    /// some kinds shows part of the news, and must not hide the rest from the next check.
    public func check(since: Date?, until: Date, kinds: Set<TrialChange.Kind>) async throws -> Report {
        let plain = since == nil && kinds.isEmpty
        let claimed = plain ? try await store.markWatchChecked(at: until) : try await store.lastWatchCheck()
        let last = since ?? claimed ?? Date(timeIntervalSince1970: 0)
        guard last < until else { return Report(changes: [], articleEvents: []) }
        let window = StoredWindow.after(last, through: until)
        let changes = try await watchedChanges(since: window.lowerBound, until: window.upperBound, kinds: kinds)
        let events = kinds.isEmpty ? try await watchedArticleEvents(since: window.lowerBound, until: window.upperBound) : []
        return Report(changes: changes, articleEvents: events)
    }

    /// The trials a watch-list covers: watched trials, trials tagged with a watched drug or
    /// biomarker, trials led by a watched sponsor.
    public func watchedTrials() async throws -> Set<String> {
        var ids: Set<String> = []
        for item in try await store.watchList() {
            switch item.kind {
            case .trial: ids.insert(item.value.uppercased())
            case .drug: ids.formUnion(try await store.entryIDs(.trial, tagged: TagFilter(kind: .drugs, value: item.value)))
            case .biomarker: ids.formUnion(try await store.entryIDs(.trial, tagged: TagFilter(kind: .alterations, value: item.value)))
            case .sponsor:
                let names = SponsorMatch.names(item.value, in: try await store.sponsors().map(\.name))
                for name in names { ids.formUnion(try await store.trialIDs(leadSponsor: name)) }
            }
        }
        return ids
    }

    /// Changes detected in `since..<until` on watched trials, and new papers naming a watched
    /// trial (kind `publication`); oldest first.
    public func watchedChanges(since: Date?, until: Date, kinds: Set<TrialChange.Kind>) async throws -> [TrialChangeRecord] {
        let ids = try await watchedTrials()
        guard !ids.isEmpty else { return [] }
        var result = try await store.changes(ChangeQuery(since: since, until: until, nctIDs: ids.sorted(), kinds: kinds, limit: Int.max))
        if kinds.isEmpty || kinds.contains(.publication) {
            result += try await publications(about: ids, since: since, until: until)
        }
        return result.sorted { ($0.detectedAt, $0.nctId) < ($1.detectedAt, $1.nctId) }
    }

    /// Papers first stored in `since..<until` that name one of `trials`.
    func publications(about trials: Set<String>, since: Date?, until: Date) async throws -> [TrialChangeRecord] {
        var records: [TrialChangeRecord] = []
        for id in trials.sorted() {
            let papers = try await store.papers(naming: id, firstSeen: (since ?? Date(timeIntervalSince1970: 0))..<until)
            guard !papers.isEmpty else { continue }
            let title = try await store.trial(nctID: id)?.trial.briefTitle ?? id
            for paper in papers.sorted(by: { ($0.firstSeenAt, $0.pmid) < ($1.firstSeenAt, $1.pmid) }) {
                records.append(
                    TrialChangeRecord(
                        nctId: id, title: title, kind: .publication, field: "publication", old: nil, new: ChangeValue(text: paper.pmid),
                        line: "New publication for watched trial: \(paper.title) (PMID \(paper.pmid))", detectedAt: paper.firstSeenAt,
                        fromLastUpdatePostDate: nil, toLastUpdatePostDate: nil))
            }
        }
        return records
    }

    /// Retractions and corrections in `since..<until` of papers naming a watched trial, drug or biomarker.
    public func watchedArticleEvents(since: Date?, until: Date) async throws -> [ArticleEvent] {
        let filters = try await store.watchList().compactMap { item -> TagFilter? in
            switch item.kind {
            case .trial: return TagFilter(kind: .nct, value: item.value)
            case .drug: return TagFilter(kind: .drugs, value: item.value)
            case .biomarker: return TagFilter(kind: .alterations, value: item.value)
            case .sponsor: return nil
            }
        }
        return try await store.articleEvents(ArticleEventQuery(since: since, until: until, taggedAny: filters))
    }
}

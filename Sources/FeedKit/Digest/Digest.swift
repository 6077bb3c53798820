import Foundation

/// What is new for each feed in a time window: new papers, new trials and trial changes, each
/// with its tags, ready to render as text, Markdown, HTML, JSON or Atom.
///
/// The JSON form is the documented schema (README, "Digest JSON").
public struct Digest: Sendable, Codable {
    /// One feed's part.
    public struct Section: Sendable, Codable {
        public var feed: String
        public var biomarker: String
        public var entries: [Entry]

        public init(feed: String, biomarker: String, entries: [Entry]) {
            self.feed = feed
            self.biomarker = biomarker
            self.entries = entries
        }
    }

    /// One paper or trial, in the domain's entry layout.
    public struct Entry: Sendable, Codable {
        public enum Kind: String, Sendable, Codable { case article, trial }

        public var kind: Kind
        /// PMID or NCT id.
        public var id: String
        public var title: String
        /// `PubMed, J Clin Oncol` or `clinicaltrials.gov`.
        public var source: String
        /// pubmed.ncbi.nlm.nih.gov or clinicaltrials.gov.
        public var url: String
        /// The day the entry became news: entrez date, or the trial's last update posted.
        public var eventDay: CalendarDay?
        /// `3d`, `12d`, `2m` relative to the digest's clock.
        public var age: String
        /// Articles: the abstract extract. Trials: the trial line with its latest change.
        public var summary: String
        public var types: [String]
        public var genes: [String]
        public var alterations: [String]
        public var drugs: [String]
        public var phases: [String]
        /// Trials: every change detected in the window, rendered.
        public var changes: [String]
        /// When bmfeed first stored the entry or detected its newest change; orders the digest and
        /// stamps Atom entries.
        public var updated: Date
        /// Articles: the DOI.
        public var doi: String?
        /// The other side of the paper–trial link: a paper's NCT ids, a trial's `PMID n` papers.
        public var links: [String] = []
        /// A retracted paper (or one whose retraction arrived in the window): shown first, marked.
        public var retracted = false
        /// With `--explain`: why each tag was given.
        public var evidence: [Evidence]?

        public init(
            kind: Kind, id: String, title: String, source: String, url: String, eventDay: CalendarDay?, age: String, summary: String,
            types: [String], genes: [String], alterations: [String], drugs: [String], phases: [String], changes: [String], updated: Date
        ) {
            self.kind = kind
            self.id = id
            self.title = title
            self.source = source
            self.url = url
            self.eventDay = eventDay
            self.age = age
            self.summary = summary
            self.types = types
            self.genes = genes
            self.alterations = alterations
            self.drugs = drugs
            self.phases = phases
            self.changes = changes
            self.updated = updated
        }
    }

    /// Why a tag was given: the text span it was read from and the rule that read it.
    public struct Evidence: Sendable, Codable, Hashable {
        /// type, gene, alteration, drug, phase or nct.
        public var category: String
        public var tag: String
        /// UTF-16 offsets into the title and abstract as the tagger read them.
        public var start: Int
        public var end: Int
        public var text: String
        public var rule: String

        public init(category: String, tag: String, start: Int, end: Int, text: String, rule: String) {
            self.category = category
            self.tag = tag
            self.start = start
            self.end = end
            self.text = text
            self.rule = rule
        }
    }

    /// A change on something watched (a trial, a drug's or biomarker's trials, a sponsor's), or a
    /// retraction or correction of a watched paper: what a reader must see first.
    public struct Alert: Sendable, Codable, Hashable {
        /// NCT id or PMID.
        public var id: String
        public var title: String
        /// `Trial completion date: Oct 2025 --> Mar 2027`, `Retracted: … — RetractionIn PMID 2`.
        public var line: String
        public var url: String
        public var detectedAt: Date

        public init(id: String, title: String, line: String, url: String, detectedAt: Date) {
            self.id = id
            self.title = title
            self.line = line
            self.url = url
            self.detectedAt = detectedAt
        }
    }

    public var generatedAt: Date
    public var from: Date
    public var to: Date
    /// Lines the caller puts above everything (the daily script's "fetch failed" note).
    public var notices: [String]
    /// Watch alerts in the window, oldest first; empty unless asked for.
    public var alerts: [Alert]
    public var sections: [Section]

    public var isEmpty: Bool { alerts.isEmpty && sections.allSatisfy { $0.entries.isEmpty } }

    public init(generatedAt: Date, from: Date, to: Date, notices: [String] = [], alerts: [Alert] = [], sections: [Section]) {
        self.generatedAt = generatedAt
        self.from = from
        self.to = to
        self.notices = notices
        self.alerts = alerts
        self.sections = sections
    }
}

/// Builds digests from a store, with an injected clock so the same store gives the same digest.
///
/// Tags come from the store as they were written at ingest, never computed again here.
public struct DigestBuilder: Sendable {
    public let store: any FeedStore

    public init(store: any FeedStore) {
        self.store = store
    }

    /// The digest of `feeds` for entries first stored (articles) or changed (trials) after `from`
    /// up to and including `to` (``StoredWindow``), so a run that stores and then digests at one
    /// instant sees what it stored.
    public func build(feeds: [Feed], from: Date, to: Date, now: Date, explain: Bool = false) async throws -> Digest {
        let window = StoredWindow.after(from, through: to)
        let watchedTrials = Set(try await store.watchList().filter { $0.kind == .trial }.map(\.value))
        let builder = EntryBuilder(today: CalendarDay(now), explain: explain, watchedTrials: watchedTrials)
        var sections: [Digest.Section] = []
        for feed in feeds {
            var entries: [Digest.Entry] = []
            // Everything in the window: a digest after a bulk ingest is long, never silently cut.
            let hits = try await store.search(SearchQuery(feed: feed.name, feedTags: feed.tagGroups, firstSeen: window, limit: Int.max))
            for hit in hits { if let article = hit.article { entries.append(builder.article(article, tags: hit.tags, seen: hit.firstSeenAt)) } }
            // Papers stored earlier that came back retracted or corrected in the window.
            for event in try await store.articleEvents(
                ArticleEventQuery(since: window.lowerBound, until: window.upperBound, feed: feed.name, feedTags: feed.tagGroups))
            {
                let label = event.kind == .retracted ? "Newly retracted" : "Correction published"
                var index = entries.firstIndex { $0.kind == .article && $0.id == event.pmid }
                if index == nil, let stored = try await store.article(pmid: event.pmid) {
                    entries.append(builder.article(stored.article, tags: stored.tags, seen: stored.firstSeenAt))
                    index = entries.count - 1
                }
                guard let index else { continue }
                entries[index].types.insert(label, at: 0)
                entries[index].changes.append(event.detail)
                entries[index].updated = max(entries[index].updated, event.detectedAt)
                if event.kind == .retracted { entries[index].retracted = true }
            }
            let changes = try await store.changes(
                ChangeQuery(since: window.lowerBound, until: window.upperBound, feed: feed.name, feedTags: feed.tagGroups, limit: Int.max))
            var byTrial: [String: [TrialChangeRecord]] = [:]
            for change in changes { byTrial[change.nctId, default: []].append(change) }
            for (nct, list) in byTrial {
                guard let stored = try await store.trial(nctID: nct) else { continue }
                let papers = try await store.papers(naming: nct, firstSeen: nil).map(\.pmid)
                entries.append(
                    builder.trial(stored.trial, tags: stored.tags, changes: list, papers: papers, updated: list.map(\.detectedAt).max() ?? now))
            }
            entries.sort(by: Digest.Entry.digestOrder)
            sections.append(Digest.Section(feed: feed.name, biomarker: feed.biomarker, entries: entries))
        }
        return Digest(generatedAt: now, from: from, to: to, sections: sections)
    }

    /// The watch alerts of the window `after from through to`: what `watch check` reports for it.
    public func alerts(watch: WatchService, from: Date, to: Date) async throws -> [Digest.Alert] {
        let window = StoredWindow.after(from, through: to)
        let changes = try await watch.watchedChanges(since: window.lowerBound, until: window.upperBound, kinds: [])
        let events = try await watch.watchedArticleEvents(since: window.lowerBound, until: window.upperBound)
        let trialAlerts = changes.map { change in
            Digest.Alert(
                id: change.nctId, title: change.title, line: change.line, url: "https://clinicaltrials.gov/study/\(change.nctId)",
                detectedAt: change.detectedAt)
        }
        let paperAlerts = events.map { event in
            Digest.Alert(
                id: "PMID \(event.pmid)", title: event.title, line: event.line, url: "https://pubmed.ncbi.nlm.nih.gov/\(event.pmid)/",
                detectedAt: event.detectedAt)
        }
        return (paperAlerts + trialAlerts).sorted { ($0.detectedAt, $0.id) < ($1.detectedAt, $1.id) }
    }

    /// The entry-type tag of a trial change: `Trial completion date`, `Enrollment change`, …
    static func typeLabel(_ change: TrialChangeRecord) -> String {
        switch change.kind {
        case .dates, .status: return String(change.line.prefix { $0 != ":" })
        case .enrollment: return "Enrollment change"
        case .phase: return "Phase change"
        case .sponsor: return "Sponsor change"
        case .interventions: return "Intervention change"
        case .results: return "Results posted"
        case .new: return change.line
        case .publication: return "New publication for watched trial"
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

import Foundation

/// Makes the one entry layout (``Digest/Entry``) from a stored paper or trial, for every command
/// that shows entries: digest, search, show and demo, so they all agree on what an entry says.
public struct EntryBuilder: Sendable {
    public var today: CalendarDay
    /// Keep each tag's evidence (span, text, rule) in the entry, for `--explain`.
    public var explain: Bool
    /// NCT ids on the watch-list: a paper naming one gets the `New publication for watched trial` type.
    public var watchedTrials: Set<String>

    public init(today: CalendarDay, explain: Bool = false, watchedTrials: Set<String> = []) {
        self.today = today
        self.explain = explain
        self.watchedTrials = watchedTrials
    }

    /// A paper, first stored at `seen`.
    public func article(_ article: Article, tags: TagSet, seen: Date) -> Digest.Entry {
        var tags = tags
        let links = (article.nctIDs + tags.nct.map(\.display)).uniqued()
        let about = Set(links).intersection(watchedTrials)
        if !about.isEmpty {
            tags.types.insert(
                TagSet.Tag(
                    display: "New publication for watched trial",
                    evidence: about.sorted().map { TagSet.Evidence(start: 0, end: 0, text: $0, rule: "NCT id of a watched trial") }), at: 0)
        }
        let mentions = (tags.genes + tags.drugs + tags.alterations).flatMap { $0.evidence.map(\.text) }
        var entry = Digest.Entry(
            kind: .article, id: article.pmid, title: article.displayTitle, source: source(article),
            url: "https://pubmed.ncbi.nlm.nih.gov/\(article.pmid)/", eventDay: article.eventDay, age: article.eventDay.map(age) ?? "?",
            summary: Summary.extract(article, mentions: mentions), types: tags.types.map(\.display), genes: tags.genes.map(\.display),
            alterations: tags.alterations.map(\.display), drugs: tags.drugs.map(\.display), phases: tags.phases.map(\.display), changes: [],
            updated: seen)
        entry.doi = article.doi
        entry.links = links
        entry.retracted = article.isRetracted
        if explain { entry.evidence = Self.evidence(tags) }
        return entry
    }

    /// A trial with `changes` (newest first; empty outside a digest, or the latest one for search
    /// and demo), the PMIDs of the stored papers naming it, and the time of its newest change.
    public func trial(_ trial: Trial, tags: TagSet, changes: [TrialChangeRecord], papers: [String], updated: Date) -> Digest.Entry {
        let headline = changes.first?.line
        var entry = Digest.Entry(
            kind: .trial, id: trial.nctID, title: trial.briefTitle, source: "clinicaltrials.gov",
            url: "https://clinicaltrials.gov/study/\(trial.nctID)",
            eventDay: trial.lastUpdatePosted?.earliestDay, age: trial.lastUpdatePosted.map { age($0.earliestDay) } ?? "?",
            summary: [trial.summaryLine, headline].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " | "),
            types: changes.map { $0.kind == .new ? $0.line : DigestBuilder.typeLabel($0) }.uniqued(), genes: tags.genes.map(\.display),
            alterations: tags.alterations.map(\.display), drugs: tags.drugs.map(\.display), phases: tags.phases.map(\.display),
            changes: changes.map(\.line), updated: updated)
        entry.links = papers.map { "PMID \($0)" }
        if explain { entry.evidence = Self.evidence(tags) }
        return entry
    }

    /// Search hits as entries: a trial gets its latest change and the papers naming it.
    public func entries(_ hits: [SearchHit], store: any FeedStore) async throws -> [Digest.Entry] {
        var entries: [Digest.Entry] = []
        for hit in hits {
            if let article = hit.article {
                entries.append(self.article(article, tags: hit.tags, seen: hit.firstSeenAt))
            } else if let trial = hit.trial {
                let latest = try await store.changes(ChangeQuery(nctID: trial.nctID, limit: 1))
                let papers = try await store.papers(naming: trial.nctID, firstSeen: nil).map(\.pmid)
                entries.append(
                    self.trial(trial, tags: hit.tags, changes: latest, papers: papers, updated: latest.first?.detectedAt ?? hit.firstSeenAt))
            }
        }
        return entries
    }

    /// `PubMed, J Clin Oncol` (or the journal title when it has no ISO abbreviation).
    public func source(_ article: Article) -> String {
        guard let journal = article.journal else { return "PubMed" }
        let name = journal.isoAbbreviation ?? journal.title
        return name.isEmpty ? "PubMed" : "PubMed, \(name)"
    }

    /// `0d`, `12d`, `3m`, `2y` since `day`.
    public func age(_ day: CalendarDay) -> String {
        let days = max(0, day.days(until: today))
        if days < 60 { return "\(days)d" }
        if days < 730 { return "\(days / 30)m" }
        return "\(days / 365)y"
    }

    static func evidence(_ tags: TagSet) -> [Digest.Evidence] {
        let categories: [(String, [TagSet.Tag])] = [
            ("type", tags.types), ("gene", tags.genes), ("alteration", tags.alterations), ("drug", tags.drugs), ("phase", tags.phases),
            ("nct", tags.nct),
        ]
        return categories.flatMap { category, list in
            list.flatMap { tag in
                tag.evidence.map { Digest.Evidence(category: category, tag: tag.display, start: $0.start, end: $0.end, text: $0.text, rule: $0.rule) }
            }
        }
    }
}

extension Digest.Entry {
    /// The digest's order: retractions first (a reader must not miss one), then newest event day
    /// first, undated entries last, ties by id.
    public static func digestOrder(_ left: Digest.Entry, _ right: Digest.Entry) -> Bool {
        if left.retracted != right.retracted { return left.retracted }
        switch (left.eventDay, right.eventDay) {
        case let (a?, b?) where a != b: return a > b
        case (nil, _?): return false
        case (_?, nil): return true
        default: return left.id < right.id
        }
    }
}

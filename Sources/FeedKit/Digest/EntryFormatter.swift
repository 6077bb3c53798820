import Foundation

/// Renders articles as feed entries for the terminal, in the layout the domain primer shows:
///
/// ```
/// 3d   Zanidatamab in HER2-low gastric cancer: a single-arm study. (PubMed, J Clin Oncol)
///      Objective responses were seen in 12 of 40 patients...Grade 3 diarrhoea occurred in 10%.
///      Clinical Trial, Phase II • Journal Article
///      PMID 123456 · doi:10.1000/xyz · NCT01234567
/// ```
public struct EntryFormatter: Sendable {
    public var today: CalendarDay
    public var width: Int

    public init(today: CalendarDay, width: Int = 100) {
        self.today = today
        self.width = width
    }

    /// One entry, lines ending in newlines; `tags` are the stored ones (nil for an untagged store).
    public func entry(_ article: Article, tags: TagSet?) -> String {
        let age = article.eventDay.map(self.age) ?? "?"
        var lines = wrap("\(article.displayTitle) (\(source(article)))", first: age.padding(toLength: 5, withPad: " ", startingAt: 0))
        let mentions = (tags.map { $0.genes + $0.drugs + $0.alterations } ?? []).flatMap { $0.evidence.map(\.text) }
        let summary = Summary.extract(article, mentions: mentions)
        if !summary.isEmpty { lines += wrap(summary, first: indent) }
        if let tags {
            // The tag lines of the domain's entry layout: types, then genes, alterations, drugs.
            if !tags.types.isEmpty { lines += wrap(tags.types.map(\.display).joined(separator: " • "), first: indent) }
            for tag in tags.genes + tags.alterations + tags.drugs { lines += wrap(tag.display, first: indent) }
        } else {
            var types = article.publicationTypes
            if article.isRetracted && !types.contains(where: { $0.lowercased().hasPrefix("retracted") }) { types.insert("Retracted", at: 0) }
            if !types.isEmpty { lines += wrap(types.joined(separator: " • "), first: indent) }
        }
        var ids = ["PMID \(article.pmid)"]
        if let doi = article.doi { ids.append("doi:\(doi)") }
        ids += article.nctIDs
        lines += wrap(ids.joined(separator: " · "), first: indent)
        return lines.joined(separator: "\n") + "\n"
    }

    /// An article or trial search result.
    public func entry(_ hit: SearchHit) -> String {
        if let article = hit.article { return entry(article, tags: hit.tags.isEmpty ? nil : hit.tags) }
        if let trial = hit.trial { return entry(trial) }
        return ""
    }

    /// A trial: title, then `P2, N=240, Active, not recruiting, Acme Oncology`, and after ` | `
    /// its latest change when given.
    public func entry(_ trial: Trial, latestChange: String? = nil) -> String {
        let age = trial.lastUpdatePosted.map { self.age($0.earliestDay) } ?? "?"
        var lines = wrap("\(trial.briefTitle) (clinicaltrials.gov)", first: age.padding(toLength: 5, withPad: " ", startingAt: 0))
        let summary = [trial.summaryLine, latestChange].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " | ")
        if !summary.isEmpty { lines += wrap(summary, first: indent) }
        var ids = [trial.nctID]
        if !trial.conditions.isEmpty { ids.append(trial.conditions.prefix(3).joined(separator: ", ")) }
        lines += wrap(ids.joined(separator: " · "), first: indent)
        return lines.joined(separator: "\n") + "\n"
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

    private let indent = "     "

    private func wrap(_ text: String, first prefix: String) -> [String] {
        var lines: [String] = []
        var line = prefix
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line.count > indent.count {
                lines.append(line)
                line = indent
            }
            if line.count > indent.count || (lines.isEmpty && line != prefix) { line += " " }
            line += word
        }
        lines.append(line)
        return lines
    }
}

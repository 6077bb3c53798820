import Foundation

/// Renders one stored article in full for `bmfeed show`.
public enum ArticleDetail {
    public static func render(_ stored: StoredArticle, includeRaw: Bool = false) -> String {
        let article = stored.article
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append(name.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        field("PMID", article.pmid + (article.kind == .book ? " (book)" : ""))
        field("Title", article.title.isEmpty ? nil : article.title)
        field("Vernacular", article.vernacularTitle)
        if let journal = article.journal {
            var text = journal.title
            if let iso = journal.isoAbbreviation, iso != journal.title { text += " (\(iso))" }
            if let volume = journal.volume { text += ", \(volume)" + (journal.issue.map { "(\($0))" } ?? "") }
            field("Journal", text)
        }
        if let date = article.publicationDate { field("Published", "\(date.display) [\(date.precision.rawValue)]") }
        field("Electronic", article.electronicDate?.iso)
        field("Entrez", article.entrezDate?.iso)
        field("Status", article.status)
        field("Languages", article.languages.joined(separator: ", "))
        field("Authors", article.authors.map(\.displayName).joined(separator: ", "))
        field("Types", article.publicationTypes.joined(separator: "; "))
        field("DOI", article.doi)
        field("PMC", article.pmc)
        field("Trials", article.accessions.map { "\($0.bank) \($0.number)" }.joined(separator: ", "))
        field(
            "Corrections",
            article.commentsCorrections.map { [$0.refType, $0.pmid.map { "PMID \($0)" } ?? $0.source].compactMap { $0 }.joined(separator: " ") }
                .joined(separator: "; "))
        field("Keywords", article.keywords.joined(separator: "; "))
        field("MeSH", article.meshHeadings.map { $0.descriptor + ($0.isMajorTopic ? "*" : "") }.joined(separator: "; "))
        field("Chemicals", article.chemicals.joined(separator: "; "))
        field("Feeds", stored.feeds.joined(separator: ", "))
        field("Stored", "\(stored.firstSeenAt.formatted(.iso8601)), revision \(stored.revision), updated \(stored.updatedAt.formatted(.iso8601))")
        if !article.abstract.isEmpty {
            lines.append("")
            for section in article.abstract {
                lines.append(section.label.map { "\($0.uppercased()): \(section.text)" } ?? section.text)
            }
        }
        if includeRaw {
            lines.append("")
            lines.append(stored.rawXML)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

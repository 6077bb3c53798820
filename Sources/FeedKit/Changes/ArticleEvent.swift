import Foundation

/// News about a paper already stored: it came back retracted, or a correction was linked to it.
public struct ArticleEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case retracted, corrected
    }

    public var pmid: String
    public var title: String
    public var kind: Kind
    /// The notice: `RetractionIn PMID 123`, `ErratumIn Ann Oncol. 2026;…`, `Retracted Publication`.
    public var detail: String
    public var detectedAt: Date

    /// `Retracted: Title (PMID 1) — RetractionIn PMID 2`.
    public var line: String {
        "\(kind == .retracted ? "Retracted" : "Correction published"): \(title) (PMID \(pmid)) — \(detail)"
    }

    /// What a revised record says that the stored one did not.
    static func between(_ old: Article, _ new: Article) -> [(kind: Kind, detail: String)] {
        var events: [(Kind, String)] = []
        if new.isRetracted && !old.isRetracted {
            let notice = new.commentsCorrections.first { $0.refType == "RetractionIn" }
            events.append((.retracted, notice.map(describe) ?? "Retracted Publication"))
        }
        let corrections: Set<String> = ["ErratumIn", "CorrectedandRepublishedIn", "ExpressionOfConcernIn"]
        let before = Set(old.commentsCorrections.filter { corrections.contains($0.refType) })
        for link in new.commentsCorrections where corrections.contains(link.refType) && !before.contains(link) {
            events.append((.corrected, describe(link)))
        }
        return events
    }

    private static func describe(_ link: CommentCorrection) -> String {
        [link.refType, link.pmid.map { "PMID \($0)" } ?? link.source].compactMap { $0 }.joined(separator: " ")
    }
}

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

    public init(pmid: String, title: String, kind: Kind, detail: String, detectedAt: Date) {
        self.pmid = pmid
        self.title = title
        self.kind = kind
        self.detail = detail
        self.detectedAt = detectedAt
    }
}

/// What a revised record says that the stored one did not: the kind of news and its notice.
public struct ArticleNotice: Sendable, Hashable {
    public var kind: ArticleEvent.Kind
    public var detail: String

    public init(kind: ArticleEvent.Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

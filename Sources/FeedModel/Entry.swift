import Foundation

/// Whether an entry is a PubMed article or a ClinicalTrials.gov trial.
public enum EntryKind: String, Sendable, Codable {
    case article, trial
}

/// The sources bmfeed reads.
public enum Source: String, Sendable, Codable, CaseIterable {
    case pubmed
    case clinicalTrials = "ctgov"
}

/// A PubMed record as read: the normalised article and its XML as received.
public struct PubMedRecord: Sendable, Hashable {
    public var article: Article
    public var rawXML: String

    public init(article: Article, rawXML: String) {
        self.article = article
        self.rawXML = rawXML
    }
}

/// A study as read from a document: the normalised trial and its raw JSON.
public struct TrialRecord: Sendable {
    public var trial: Trial
    public var rawJSON: Data

    public init(trial: Trial, rawJSON: Data) {
        self.trial = trial
        self.rawJSON = rawJSON
    }
}

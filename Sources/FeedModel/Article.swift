/// One PubMed record, normalised: what bmfeed shows, searches and tags.
///
/// Everything here is derived from the raw XML, which the store keeps beside it, so a better
/// parser can re-derive every stored article later without fetching it again.
public struct Article: Sendable, Hashable, Codable {
    /// Whether the record was a `PubmedArticle` (or bare `MedlineCitation`) or a `PubmedBookArticle`.
    public enum Kind: String, Sendable, Codable {
        case article, book
    }

    public var pmid: String
    public var kind: Kind = .article
    /// `MedlineCitation/@Status`: MEDLINE, PubMed-not-MEDLINE, Publisher, …
    public var status: String?
    public var title: String = ""
    public var vernacularTitle: String?
    public var abstract: [AbstractSection] = []
    public var journal: Journal?
    public var publicationDate: PublicationDate?
    /// `ArticleDate DateType="Electronic"`.
    public var electronicDate: CalendarDay?
    /// `PubMedPubDate PubStatus="entrez"`: when the record entered PubMed, the date feeds window on.
    public var entrezDate: CalendarDay?
    /// `PubMedPubDate PubStatus="pubmed"`.
    public var pubmedDate: CalendarDay?
    public var authors: [Author] = []
    public var publicationTypes: [String] = []
    public var meshHeadings: [MeshHeading] = []
    public var chemicals: [String] = []
    public var keywords: [String] = []
    public var accessions: [Accession] = []
    public var commentsCorrections: [CommentCorrection] = []
    public var doi: String?
    public var pmc: String?
    public var languages: [String] = []

    public init(pmid: String) {
        self.pmid = pmid
    }

    /// The abstract as one text, section labels kept ("RESULTS: …").
    public var abstractText: String {
        abstract.map { section in
            section.label.map { "\($0): \(section.text)" } ?? section.text
        }.joined(separator: "\n")
    }

    /// ClinicalTrials.gov registrations named in `DataBankList`: real NCT ids only (NCT and 8
    /// digits), since they become links; anything else there stays in `accessions`.
    public var nctIDs: [String] {
        accessions.filter { $0.bank.lowercased() == "clinicaltrials.gov" }.map { String($0.number.filter { $0 != " " }).uppercased() }
            .filter(Trial.isNCTID)
    }

    /// The title to show: the English title, or the vernacular one when PubMed has no other.
    public var displayTitle: String {
        title.isEmpty ? (vernacularTitle ?? "(no title)") : title
    }

    /// The day the article became news: entrez date, else PubMed date, else electronic, else print.
    public var eventDay: CalendarDay? {
        entrezDate ?? pubmedDate ?? electronicDate ?? publicationDate?.earliestDay
    }

    /// True when PubMed links a retraction notice to this record.
    public var isRetracted: Bool {
        commentsCorrections.contains { $0.refType == "RetractionIn" }
            || publicationTypes.contains { $0.lowercased() == "retracted publication" }
    }
}

/// One `AbstractText`, with its `Label` and `NlmCategory` when the abstract is structured.
public struct AbstractSection: Sendable, Hashable, Codable {
    public var label: String?
    public var category: String?
    public var text: String

    public init(label: String? = nil, category: String? = nil, text: String) {
        self.label = label
        self.category = category
        self.text = text
    }
}

/// The journal an article appeared in (or the book's title, for book records).
public struct Journal: Sendable, Hashable, Codable {
    public var title: String
    public var isoAbbreviation: String?
    public var volume: String?
    public var issue: String?

    public init(title: String, isoAbbreviation: String? = nil, volume: String? = nil, issue: String? = nil) {
        self.title = title
        self.isoAbbreviation = isoAbbreviation
        self.volume = volume
        self.issue = issue
    }
}

/// A person or a collective (a study group) in an author list.
public struct Author: Sendable, Hashable, Codable {
    public var lastName: String?
    public var foreName: String?
    public var initials: String?
    public var suffix: String?
    public var collectiveName: String?
    public var orcid: String?

    public init(
        lastName: String? = nil, foreName: String? = nil, initials: String? = nil, suffix: String? = nil,
        collectiveName: String? = nil, orcid: String? = nil
    ) {
        self.lastName = lastName
        self.foreName = foreName
        self.initials = initials
        self.suffix = suffix
        self.collectiveName = collectiveName
        self.orcid = orcid
    }

    /// "Smith JA", "Smith JA Jr", or the collective's name.
    public var displayName: String {
        if let collectiveName { return collectiveName }
        return [lastName, initials ?? foreName, suffix].compactMap { $0 }.joined(separator: " ")
    }
}

/// A MeSH descriptor with its qualifiers.
public struct MeshHeading: Sendable, Hashable, Codable {
    public var descriptor: String
    public var isMajorTopic: Bool
    public var qualifiers: [String]

    public init(descriptor: String, isMajorTopic: Bool = false, qualifiers: [String] = []) {
        self.descriptor = descriptor
        self.isMajorTopic = isMajorTopic
        self.qualifiers = qualifiers
    }
}

/// An accession number from `DataBankList`, e.g. ClinicalTrials.gov NCT02149199.
public struct Accession: Sendable, Hashable, Codable {
    public var bank: String
    public var number: String

    public init(bank: String, number: String) {
        self.bank = bank
        self.number = number
    }
}

/// A `CommentsCorrections` link: RetractionIn, ErratumIn, CommentOn, UpdateOf, …
public struct CommentCorrection: Sendable, Hashable, Codable {
    public var refType: String
    public var source: String?
    public var pmid: String?

    public init(refType: String, source: String? = nil, pmid: String? = nil) {
        self.refType = refType
        self.source = source
        self.pmid = pmid
    }
}

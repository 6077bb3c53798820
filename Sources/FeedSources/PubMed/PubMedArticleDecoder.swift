import FeedModel

/// Turns one expanded `PubmedArticle`, `PubmedBookArticle` or bare `MedlineCitation` into an ``Article``.
///
/// Every lookup walks from the record's own elements by name, never by searching descendants:
/// PMIDs also occur inside CommentsCorrections, references and ArticleIdList, and only
/// `MedlineCitation/PMID` (or `BookDocument/PMID`) is the record's own.
enum PubMedArticleDecoder {
    /// Decodes a record element, or returns nil when it has no PMID of its own.
    static func decode(_ record: XMLNode) -> Article? {
        switch record.name {
        case "PubmedArticle":
            guard let citation = record.child("MedlineCitation"), var article = decodeCitation(citation) else { return nil }
            if let data = record.child("PubmedData") { applyPubmedData(data, to: &article) }
            return article
        case "MedlineCitation":
            return decodeCitation(record)
        case "PubmedBookArticle":
            return decodeBook(record)
        default:
            return nil
        }
    }

    /// The PMIDs listed in a `DeleteCitation` element.
    static func deletedPMIDs(_ element: XMLNode) -> [String] {
        element.children.filter { $0.name == "PMID" }.map(\.text).filter { !$0.isEmpty }
    }

    // MARK: - Journal articles

    private static func decodeCitation(_ citation: XMLNode) -> Article? {
        guard let pmid = citation.child("PMID")?.text, !pmid.isEmpty else { return nil }
        var article = Article(pmid: pmid)
        article.status = citation.attribute("Status")
        if let body = citation.child("Article") { applyArticle(body, to: &article) }
        for child in citation.children {
            switch child.name {
            case "ChemicalList":
                article.chemicals = child.children.compactMap { $0.child("NameOfSubstance")?.text }
            case "MeshHeadingList":
                article.meshHeadings = child.children.compactMap(meshHeading)
            case "KeywordList":
                article.keywords += child.children.map(\.text).filter { !$0.isEmpty }
            case "CommentsCorrectionsList":
                article.commentsCorrections = child.children.compactMap(commentCorrection)
            case "OtherID" where article.pmc == nil:
                // Legacy citations carry the PMC id here when no PubmedData follows.
                let text = child.text
                if text.hasPrefix("PMC") { article.pmc = text }
            default:
                break
            }
        }
        return article
    }

    private static func applyArticle(_ body: XMLNode, to article: inout Article) {
        for child in body.children {
            switch child.name {
            case "Journal": applyJournal(child, to: &article)
            case "ArticleTitle": article.title = child.text
            case "VernacularTitle": article.vernacularTitle = nonEmpty(child.text)
            case "ELocationID" where child.attribute("EIdType") == "doi": article.doi = article.doi ?? nonEmpty(child.text)
            case "Abstract": article.abstract = abstractSections(child)
            case "AuthorList": article.authors = authors(child)
            case "Language": article.languages.append(child.text)
            case "DataBankList": article.accessions = accessions(child)
            case "PublicationTypeList": article.publicationTypes = child.children.map(\.text)
            case "ArticleDate" where child.attribute("DateType") ?? "Electronic" == "Electronic":
                article.electronicDate = day(child)
            default: break
            }
        }
    }

    private static func applyJournal(_ journal: XMLNode, to article: inout Article) {
        let issue = journal.child("JournalIssue")
        article.journal = Journal(
            title: journal.child("Title")?.text ?? "",
            isoAbbreviation: journal.child("ISOAbbreviation").flatMap { nonEmpty($0.text) },
            volume: issue?.child("Volume").flatMap { nonEmpty($0.text) },
            issue: issue?.child("Issue").flatMap { nonEmpty($0.text) })
        article.publicationDate = issue?.child("PubDate").map(publicationDate)
    }

    private static func applyPubmedData(_ data: XMLNode, to article: inout Article) {
        if let history = data.child("History") { applyHistory(history, to: &article) }
        if let ids = data.child("ArticleIdList") { applyArticleIDs(ids, to: &article) }
    }

    private static func applyHistory(_ history: XMLNode, to article: inout Article) {
        for date in history.children {
            switch date.attribute("PubStatus") {
            case "entrez": article.entrezDate = day(date)
            case "pubmed": article.pubmedDate = day(date)
            default: break
            }
        }
    }

    private static func applyArticleIDs(_ list: XMLNode, to article: inout Article) {
        for id in list.children {
            switch id.attribute("IdType") {
            case "doi": article.doi = nonEmpty(id.text) ?? article.doi
            case "pmc": article.pmc = nonEmpty(id.text) ?? article.pmc
            default: break
            }
        }
    }

    // MARK: - Books

    private static func decodeBook(_ record: XMLNode) -> Article? {
        guard let document = record.child("BookDocument"), let pmid = document.child("PMID")?.text, !pmid.isEmpty else {
            return nil
        }
        var article = Article(pmid: pmid)
        article.kind = .book
        let book = document.child("Book")
        let bookTitle = book?.child("BookTitle")?.text ?? ""
        article.title = document.child("ArticleTitle")?.text ?? bookTitle
        article.journal = Journal(title: bookTitle)
        article.publicationDate = book?.child("PubDate").map(publicationDate)
        for child in document.children {
            switch child.name {
            case "VernacularTitle": article.vernacularTitle = nonEmpty(child.text)
            case "Abstract": article.abstract = abstractSections(child)
            case "AuthorList" where (child.attribute("Type") ?? "authors") == "authors": article.authors = authors(child)
            case "Language": article.languages.append(child.text)
            case "PublicationType": article.publicationTypes.append(child.text)
            case "KeywordList": article.keywords += child.children.map(\.text).filter { !$0.isEmpty }
            case "ArticleIdList": applyArticleIDs(child, to: &article)
            default: break
            }
        }
        if let data = record.child("PubmedBookData") { applyPubmedData(data, to: &article) }
        return article
    }

    // MARK: - Pieces

    private static func abstractSections(_ abstract: XMLNode) -> [AbstractSection] {
        // CopyrightInformation sits inside Abstract too; it is not part of the abstract's text.
        abstract.children.filter { $0.name == "AbstractText" }.compactMap { text in
            let body = text.text
            guard !body.isEmpty else { return nil }
            return AbstractSection(
                label: text.attribute("Label").flatMap(nonEmpty),
                category: text.attribute("NlmCategory").flatMap(nonEmpty),
                text: body)
        }
    }

    private static func authors(_ list: XMLNode) -> [Author] {
        list.children.filter { $0.name == "Author" }.map { author in
            Author(
                lastName: author.child("LastName").flatMap { nonEmpty($0.text) },
                foreName: author.child("ForeName").flatMap { nonEmpty($0.text) },
                initials: author.child("Initials").flatMap { nonEmpty($0.text) },
                suffix: author.child("Suffix").flatMap { nonEmpty($0.text) },
                collectiveName: author.child("CollectiveName").flatMap { nonEmpty($0.text) },
                orcid: author.children.first { $0.name == "Identifier" && $0.attribute("Source") == "ORCID" }
                    .flatMap { nonEmpty($0.text) })
        }
    }

    private static func accessions(_ list: XMLNode) -> [Accession] {
        list.children.flatMap { bank -> [Accession] in
            let name = bank.child("DataBankName")?.text ?? ""
            let numbers = bank.child("AccessionNumberList")?.children ?? []
            return numbers.map { Accession(bank: name, number: $0.text) }
        }
    }

    private static func meshHeading(_ heading: XMLNode) -> MeshHeading? {
        guard let descriptor = heading.child("DescriptorName") else { return nil }
        return MeshHeading(
            descriptor: descriptor.text,
            isMajorTopic: descriptor.attribute("MajorTopicYN") == "Y",
            qualifiers: heading.children.filter { $0.name == "QualifierName" }.map(\.text))
    }

    private static func commentCorrection(_ element: XMLNode) -> CommentCorrection? {
        // Older records list every reference as RefType="Cites": citations, not news about the record.
        guard let type = element.attribute("RefType"), type != "Cites" else { return nil }
        return CommentCorrection(
            refType: type,
            source: element.child("RefSource").flatMap { nonEmpty($0.text) },
            pmid: element.child("PMID").flatMap { nonEmpty($0.text) })
    }

    private static func publicationDate(_ element: XMLNode) -> PublicationDate {
        if let medline = element.child("MedlineDate") {
            return PublicationDate(medlineDate: medline.text)
        }
        return PublicationDate(
            year: element.child("Year").flatMap { Int($0.text) },
            month: element.child("Month").flatMap { PublicationDate.month(from: $0.text) },
            day: element.child("Day").flatMap { Int($0.text) },
            season: element.child("Season").flatMap { nonEmpty($0.text) })
    }

    private static func day(_ element: XMLNode) -> CalendarDay? {
        guard let year = element.child("Year").flatMap({ Int($0.text) }),
            let month = element.child("Month").flatMap({ PublicationDate.month(from: $0.text) })
        else { return nil }
        return CalendarDay(year: year, month: month, day: element.child("Day").flatMap { Int($0.text) } ?? 1)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}

import FeedKitTesting
import FeedModel
import FeedSources
import Foundation
import Testing

/// Reads every item of a document, keeping what came before a failure.
func readAll(_ reader: PubMedReader) throws -> (articles: [Article], deletions: [String]) {
    var articles: [Article] = []
    var deletions: [String] = []
    while let item = try reader.next() {
        switch item {
        case .article(let article, _): articles.append(article)
        case .deletion(let pmids): deletions += pmids
        case .rejected: break
        }
    }
    return (articles, deletions)
}

/// Records that cannot be stored as they are are refused one by one, named, and the reader goes
/// on (issue 10, items 1 and 9: a DOCTYPE entity poisoned a feed; a record without a PMID or with
/// PMID "abc" vanished or was kept with exit 0).
@Suite struct RejectedRecordTests {
    @Test func entitiesMissingAndNonNumericPMIDsAreRefusedTheRestKept() throws {
        let day = CalendarDay(year: 2026, month: 11, day: 1)
        let good = PubMedFixtures.article(pmid: "40000001", entrez: day)
        let entity = PubMedFixtures.article(pmid: "40000002", entrez: day, title: "&co; Trastuzumab deruxtecan in HER2-low disease.")
        let letters = PubMedFixtures.article(pmid: "abc", entrez: day)
        let none = PubMedFixtures.article(pmid: "40000004", entrez: day).replacingOccurrences(of: "<PMID Version=\"1\">40000004</PMID>", with: "")
        let last = PubMedFixtures.article(pmid: "40000005", entrez: day)
        let document =
            "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet [ <!ENTITY co \"Copyright\"> ]>\n<PubmedArticleSet>\n"
            + [good, entity, letters, none, last].joined(separator: "\n") + "\n</PubmedArticleSet>\n"
        let reader = try PubMedReader(data: Data(document.utf8), source: "hostile.xml")
        var kept: [String] = []
        var refused: [RejectedRecord] = []
        while let item = try reader.next() {
            switch item {
            case .article(let article, let raw):
                kept.append(article.pmid)
                #expect(!raw.contains("&co;"))
            case .rejected(let record): refused.append(record)
            case .deletion: break
            }
        }
        #expect(kept == ["40000001", "40000005"])
        #expect(refused.map(\.pmid) == ["40000002", "abc", nil])
        #expect(refused[0].description.hasPrefix("hostile.xml:"))
        #expect(refused[0].reason.contains("entity &co;"))
        #expect(refused[1].reason.contains("is not a number"))
        #expect(refused[2].reason == "it has no PMID")
    }
}

@Suite struct PubMedReaderTests {
    let quirks: [Article]

    init() throws {
        quirks = try readAll(PubMedReader(path: PubMedFixtures.url("quirks.xml").path)).articles
    }

    private func record(_ pmid: String) throws -> Article {
        try #require(quirks.first { $0.pmid == pmid })
    }

    @Test func readsEveryRecordWithItsOwnPMID() {
        // CommentsCorrections, ReferenceList and ArticleIdList PMIDs must not be taken for records.
        #expect(quirks.map(\.pmid) == ["50000001", "50000002", "50000003", "50000004"])
    }

    @Test func flattensInlineMarkupAndDecodesCharacterReferences() throws {
        let article = try record("50000001")
        #expect(article.title == "\"HER2-low\" status and SnO2thin films: β-catenin & β-blockers in café workers.")
    }

    @Test func keepsSectionLabelsAndDropsCopyright() throws {
        let article = try record("50000001")
        #expect(article.abstract.map(\.label) == ["BACKGROUND", "Clinical trial registration ID", "RESULTS", "CONCLUSIONS"])
        #expect(article.abstract.map(\.category) == ["BACKGROUND", nil, "RESULTS", "CONCLUSIONS"])
        #expect(article.abstract[0].text == "HER2-low tumours (IHC 1+ or 2+/ISH−) are common.")
        #expect(article.abstract[2].text == "The response rate was ≥ 40% with p < 0.05 in the T-DXd arm.")
        #expect(!article.abstractText.contains("©"))
        #expect(article.abstractText.hasPrefix("BACKGROUND: HER2-low tumours"))
    }

    @Test func readsJournalDatesAndPrecision() throws {
        let article = try record("50000001")
        #expect(
            article.journal == Journal(title: "Example journal of breast pathology", isoAbbreviation: "Ex J Breast Pathol", volume: "12", issue: "3"))
        #expect(article.publicationDate == PublicationDate(year: 2025, month: 5, day: 7))
        #expect(article.publicationDate?.precision == .day)
        #expect(article.electronicDate == CalendarDay(year: 2025, month: 4, day: 30))
        #expect(article.entrezDate == CalendarDay(year: 2025, month: 5, day: 1))
        #expect(article.pubmedDate == CalendarDay(year: 2025, month: 5, day: 2))
    }

    @Test func readsSeasonAndMedlineDates() throws {
        let spring = try #require(try record("50000002").publicationDate)
        #expect(spring.precision == .season)
        #expect(spring.display == "2024 Spring")
        let range = try #require(try record("50000003").publicationDate)
        #expect(range.precision == .medlineDate)
        #expect(range.display == "2019 Jan - Feb")
        #expect(range.earliestDay == CalendarDay(year: 2019, month: 1, day: 1))
    }

    @Test func readsAuthorsIncludingCollectives() throws {
        let authors = try record("50000001").authors
        #expect(authors.count == 2)
        #expect(authors[0] == Author(lastName: "Núñez", foreName: "Inés", initials: "I", suffix: "Jr", orcid: "0000-0001-2345-6789"))
        #expect(authors[0].displayName == "Núñez I Jr")
        #expect(authors[1].displayName == "EXAMPLE Study Group")
    }

    @Test func readsVocabulariesAndIdentifiers() throws {
        let article = try record("50000001")
        #expect(article.publicationTypes == ["Clinical Trial, Phase II", "Journal Article"])
        #expect(article.meshHeadings == [MeshHeading(descriptor: "Breast Neoplasms", isMajorTopic: true, qualifiers: ["prevention & control"])])
        #expect(article.chemicals == ["trastuzumab deruxtecan"])
        #expect(article.keywords == ["HER2-low", "T-DXd"])
        #expect(article.nctIDs == ["NCT05000001", "NCT05000002"])
        #expect(article.accessions.last == Accession(bank: "ISRCTN", number: "ISRCTN00000001"))
        #expect(article.doi == "10.5555/exjbp.2025.001")
        #expect(article.pmc == "PMC9000001")
        #expect(article.languages == ["eng", "spa"])
        #expect(article.vernacularTitle == "Estado HER2-bajo.")
        #expect(article.status == "MEDLINE")
    }

    @Test func keepsCorrectionsButNotCitations() throws {
        let article = try record("50000001")
        #expect(article.commentsCorrections.map(\.refType) == ["RetractionIn", "ErratumIn"])
        #expect(article.commentsCorrections[0].pmid == "50000099")
        #expect(article.isRetracted)
    }

    @Test func emptyTitleFallsBackToVernacularAndDOIFromPubmedData() throws {
        let article = try record("50000002")
        #expect(article.title.isEmpty)
        #expect(article.displayTitle == "Un título sólo en español.")
        #expect(article.abstract.isEmpty)
        #expect(article.authors.isEmpty)
        #expect(article.doi == "10.5555/only.in.pubmeddata")
    }

    @Test func inlinePseudoLabelsStayText() throws {
        #expect(try record("50000003").abstractText == "Background: Inline pseudo-labels stay text. Results: They do.")
    }

    @Test func readsBookArticles() throws {
        let book = try record("50000004")
        #expect(book.kind == .book)
        #expect(book.title == "HER2-Related Disorders")
        #expect(book.journal?.title == "ExampleReviews®")
        #expect(book.authors.map(\.displayName) == ["Writer A"])
        #expect(book.publicationTypes == ["Review"])
        #expect(book.entrezDate == CalendarDay(year: 2010, month: 3, day: 20))
    }

    @Test func readsLegacyMedlineCitationSetWithDeletions() throws {
        let result = try readAll(PubMedReader(path: PubMedFixtures.url("legacy-medlinecitationset.xml").path))
        #expect(result.articles.map(\.pmid) == ["50000011", "50000012"])
        #expect(result.articles[0].pmc == "PMC0000011")
        #expect(result.articles[0].publicationDate?.precision == .month)
        #expect(result.deletions == ["50000001", "50000098"])
    }

    @Test func keepsRawXMLOfEachRecord() throws {
        let reader = try PubMedReader(path: PubMedFixtures.url("quirks.xml").path)
        guard case .article(_, let raw) = try reader.next() else {
            Issue.record("no first record")
            return
        }
        #expect(raw.hasPrefix("<PubmedArticle>"))
        #expect(raw.hasSuffix("</PubmedArticle>"))
        #expect(raw.contains("<PMID Version=\"1\">50000001</PMID>"))
        #expect(!raw.contains("50000002"))
    }

    /// External, remote and nested entities are never expanded or loaded; a record that uses one
    /// is refused by name rather than stored with its text silently cut.
    @Test func neverExpandsEntitiesOrLoadsExternalOnes() throws {
        let reader = try PubMedReader(path: PubMedFixtures.url("xxe.xml").path)
        guard case .rejected(let record) = try reader.next() else {
            Issue.record("the record using DOCTYPE entities was not refused")
            return
        }
        #expect(record.pmid == "50000021")
        #expect(record.reason.contains("entity &secret;"))
        #expect(!record.description.contains("root:"))
        #expect(try reader.next() == nil)
    }

    /// Cut inside the third record, and exactly after the second record's closing tag and newline.
    @Test(arguments: [
        "<PMID Version=\"1\">50000003</PMID>",
        "</PubmedArticle>\n<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">50000003",
    ])
    func truncatedFileFailsWithLineAndKeepsEarlierRecords(cutAfter marker: String) throws {
        let text = try String(contentsOf: PubMedFixtures.url("quirks.xml"), encoding: .utf8)
        let found = try #require(text.range(of: marker))
        let end = marker.hasPrefix("</PubmedArticle>") ? text.index(found.lowerBound, offsetBy: "</PubmedArticle>\n".count) : found.upperBound
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cut.xml")
        try String(text[..<end]).write(to: file, atomically: true, encoding: .utf8)

        let reader = try PubMedReader(path: file.path)
        var seen: [String] = []
        let error = #expect(throws: PubMedParseError.self) {
            while let item = try reader.next() {
                if case .article(let article, _) = item { seen.append(article.pmid) }
            }
        }
        #expect(seen == ["50000001", "50000002"])
        #expect(error?.recordsBefore == 2)
        #expect(error?.source == file.path)
        guard case .malformed(let line, _, let message) = error?.reason else {
            Issue.record("expected a malformed-XML error, got \(String(describing: error))")
            return
        }
        #expect(line >= 70)
        #expect(!message.isEmpty)
        #expect(error?.description.contains("cut.xml: XML breaks at line") == true)
    }

    @Test func readsGzipFiles() throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gz = folder.appendingPathComponent("quirks.xml.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c \"$0\" > \"$1\"", try PubMedFixtures.url("quirks.xml").path, gz.path]
        try gzip.run()
        gzip.waitUntilExit()
        let articles = try readAll(PubMedReader(path: gz.path)).articles
        #expect(articles.map(\.pmid) == quirks.map(\.pmid))
    }

    @Test(arguments: [
        (
            "<eFetchResult>\n  <ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR>\n</eFetchResult>",
            "ID list is empty! Possibly it has no correct IDs."
        ),
        (
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<eSummaryResult>\n\t<ERROR>Neither query_key nor id specified</ERROR>\n</eSummaryResult>",
            "Neither query_key nor id specified"
        ),
    ])
    func errorDocumentsAreErrorsNotEmptyResults(body: String, message: String) throws {
        let error = #expect(throws: PubMedParseError.self) {
            _ = try readAll(PubMedReader(data: Data(body.utf8), source: "efetch test"))
        }
        #expect(error?.reason == .errorDocument([message]))
        #expect(error?.description.hasPrefix("efetch test: E-utilities returned an error") == true)
    }

    @Test func foreignDocumentIsRejected() throws {
        let body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>"
        let error = #expect(throws: PubMedParseError.self) {
            _ = try readAll(PubMedReader(data: Data(body.utf8), source: "feed"))
        }
        #expect(error?.reason == .unexpectedRoot("rss"))
    }

    @Test func emptySetIsZeroRecords() throws {
        let body = PubMedFixtures.prolog + "<PubmedArticleSet>\n</PubmedArticleSet>\n"
        #expect(try readAll(PubMedReader(data: Data(body.utf8), source: "empty")).articles.isEmpty)
    }

    @Test func truncatedBodyIsAnError() throws {
        let body = PubMedFixtures.set([PubMedFixtures.article(pmid: "1", entrez: CalendarDay(year: 2026, month: 1, day: 1))])
        let cut = Data(body.utf8).prefix(body.utf8.count - 40)
        #expect(throws: PubMedParseError.self) {
            _ = try readAll(PubMedReader(data: cut, source: "efetch"))
        }
    }
}

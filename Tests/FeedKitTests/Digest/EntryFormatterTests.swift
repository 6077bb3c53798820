import FeedKit
import FeedKitTesting
import Foundation
import Testing

@Suite struct EntryFormatterTests {
    let today = CalendarDay(year: 2026, month: 11, day: 24)

    private func article() -> Article {
        var article = Article(pmid: "49000101")
        article.title = "Zanidatamab in HER2-low gastric cancer: a single-arm study."
        article.journal = Journal(title: "Journal of clinical oncology", isoAbbreviation: "J Clin Oncol")
        article.entrezDate = today.adding(days: -3)
        article.abstract = [
            AbstractSection(label: "BACKGROUND", category: "BACKGROUND", text: "HER2-low tumours are common. Options are few."),
            AbstractSection(
                label: "RESULTS", category: "RESULTS",
                text: "Objective responses were seen in 12 of 40 patients with HER2-low tumours. Grade 3 diarrhoea occurred in 10%."),
            AbstractSection(label: "CONCLUSIONS", category: "CONCLUSIONS", text: "Zanidatamab is active. More study is needed."),
        ]
        article.publicationTypes = ["Journal Article"]
        article.accessions = [Accession(bank: "ClinicalTrials.gov", number: "NCT01234567")]
        return article
    }

    @Test func rendersTheDomainLayout() {
        let text = EntryFormatter(today: today).entry(article(), tags: nil)
        #expect(
            text == """
                3d   Zanidatamab in HER2-low gastric cancer: a single-arm study. (PubMed, J Clin Oncol)
                     Objective responses were seen in 12 of 40 patients with HER2-low tumours...Zanidatamab is
                     active.
                     Journal Article
                     PMID 49000101 · NCT01234567

                """)
    }

    @Test(arguments: [(0, "0d"), (12, "12d"), (59, "59d"), (90, "3m"), (800, "2y")])
    func ages(days: Int, expected: String) {
        #expect(EntryFormatter(today: today).age(today.adding(days: -days)) == expected)
    }

    @Test func unstructuredAbstractGivesFirstAndLastSentences() {
        var article = Article(pmid: "1")
        article.abstract = [AbstractSection(text: "Why is this so? We measured 3.5 mg doses in 10 patients (Smith et al. 2020). It works.")]
        #expect(Summary.extract(article) == "Why is this so?...It works.")
    }

    @Test func summaryAddsTheFirstSentenceNamingTheEntrysDrugsOrBiomarkers() {
        var article = Article(pmid: "1")
        article.abstract = [
            AbstractSection(label: "BACKGROUND", category: "BACKGROUND", text: "Options are few. Zanidatamab binds two HER2 epitopes."),
            AbstractSection(label: "RESULTS", category: "RESULTS", text: "Responses were seen in 12 of 40 patients."),
            AbstractSection(label: "CONCLUSIONS", category: "CONCLUSIONS", text: "The regimen is active."),
        ]
        #expect(Summary.extract(article) == "Responses were seen in 12 of 40 patients...The regimen is active.")
        #expect(
            Summary.extract(article, mentions: ["zanidatamab"], maxLength: 500)
                == "Zanidatamab binds two HER2 epitopes...Responses were seen in 12 of 40 patients...The regimen is active.")
    }

    @Test func summaryNeverExceedsItsLengthAndEndsAtAWord() {
        var article = Article(pmid: "1")
        article.abstract = [AbstractSection(text: String(repeating: "word ", count: 200))]
        let summary = Summary.extract(article, maxLength: 50)
        #expect(summary.count <= 53)
        #expect(summary.hasSuffix("word..."))
    }

    @Test func retractedArticlesSaySo() {
        var article = article()
        article.commentsCorrections = [CommentCorrection(refType: "RetractionIn", pmid: "2")]
        #expect(EntryFormatter(today: today).entry(article, tags: nil).contains("Retracted • Journal Article"))
    }
}

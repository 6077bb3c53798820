import FeedKit
import FeedKitTesting
import Foundation
import Testing

/// The one entry layout every command prints (digest, search, show, demo): the domain primer's.
@Suite struct EntryLayoutTests {
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

    private func tags() -> TagSet {
        var tags = TagSet()
        tags.types = [TagSet.Tag(display: "Clinical", evidence: []), TagSet.Tag(display: "Journal", evidence: [])]
        tags.genes = [
            TagSet.Tag(display: "HER-2 (Human epidermal growth factor receptor 2)", evidence: []),
            TagSet.Tag(display: "TP53 (Tumor protein P53)", evidence: []),
        ]
        tags.alterations = [TagSet.Tag(display: "HER-2 underexpression", evidence: []), TagSet.Tag(display: "TP53 mutation", evidence: [])]
        tags.drugs = [TagSet.Tag(display: "zanidatamab (ZW25)", evidence: []), TagSet.Tag(display: "capecitabine", evidence: [])]
        return tags
    }

    /// One line per category, items joined by ` • `: never one tag a line (issue 9, item 5).
    @Test func rendersTheDomainLayout() {
        let entry = EntryBuilder(today: today).article(article(), tags: tags(), seen: today.date)
        #expect(
            EntryText(width: 100).render(entry) == """
                3d   Zanidatamab in HER2-low gastric cancer: a single-arm study. (PubMed, J Clin Oncol)
                     Objective responses were seen in 12 of 40 patients with HER2-low tumours...Zanidatamab is
                     active.
                     Clinical • Journal
                     HER-2 (Human epidermal growth factor receptor 2) • TP53 (Tumor protein P53)
                     HER-2 underexpression • TP53 mutation
                     zanidatamab (ZW25) • capecitabine
                     PMID 49000101 · NCT01234567 · https://pubmed.ncbi.nlm.nih.gov/49000101/

                """)
    }

    @Test func narrowWidthWrapsEveryLineWithinIt() {
        let entry = EntryBuilder(today: today).article(article(), tags: tags(), seen: today.date)
        let lines = EntryText(width: 60).render(entry).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.count > 8)
    }

    @Test func colourOnlyWhenAskedAndNeverFromTheData() {
        var article = article()
        article.title = "Evil \u{1B}[31mred\u{1B}[0m title"
        let entry = EntryBuilder(today: today).article(article, tags: tags(), seen: today.date)
        let plain = EntryText(width: 100).render(entry)
        #expect(!plain.contains("\u{1B}"))
        let coloured = EntryText(width: 100, style: TextStyle(colour: true)).render(entry)
        #expect(coloured.contains("\u{1B}[1m3d"))
        #expect(!coloured.contains("\u{1B}[31m"))
    }

    @Test func explainListsEvidence() {
        var tags = tags()
        tags.drugs = [TagSet.Tag(display: "capecitabine", evidence: [TagSet.Evidence(start: 4, end: 16, text: "Capecitabine", rule: "drug name")])]
        let entry = EntryBuilder(today: today, explain: true).article(article(), tags: tags, seen: today.date)
        #expect(
            entry.evidence == [Digest.Evidence(category: "drug", tag: "capecitabine", start: 4, end: 16, text: "Capecitabine", rule: "drug name")])
        #expect(EntryText().render(entry).contains("drug capecitabine ← \"Capecitabine\" [4–16] drug name"))
        #expect(EntryBuilder(today: today).article(article(), tags: tags, seen: today.date).evidence == nil)
    }

    /// Retractions first and marked; undated entries last, not first (issue 9, items 5 and 7).
    @Test func retractedFirstUndatedLast() {
        let builder = EntryBuilder(today: today)
        var undated = article()
        undated.pmid = "1"
        undated.entrezDate = nil
        var retracted = article()
        retracted.pmid = "2"
        retracted.entrezDate = today.adding(days: -300)
        retracted.commentsCorrections = [CommentCorrection(refType: "RetractionIn", pmid: "3")]
        var fresh = article()
        fresh.pmid = "4"
        let entries = [undated, fresh, retracted].map { builder.article($0, tags: TagSet(), seen: today.date) }
        let sorted = entries.sorted(by: Digest.Entry.digestOrder)
        #expect(sorted.map(\.id) == ["2", "4", "1"])
        #expect(sorted[0].retracted)
        #expect(EntryText().render(sorted[0]).hasPrefix("10m  RETRACTED ▸ Zanidatamab"))
        #expect(sorted[2].age == "?")
    }

    @Test(arguments: [(0, "0d"), (12, "12d"), (59, "59d"), (90, "3m"), (800, "2y")])
    func ages(days: Int, expected: String) {
        #expect(EntryBuilder(today: today).age(today.adding(days: -days)) == expected)
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

    /// A retraction notice is tagged as one, not as a retracted paper (found in a week of use).
    @Test func aRetractionNoticeIsNotItselfRetracted() {
        var notice = article()
        notice.title = "Retraction Note: Zanidatamab in HER2-low gastric cancer."
        notice.commentsCorrections = [CommentCorrection(refType: "RetractionOf", pmid: "49000101")]
        let tags = EntryTagger(tagger: TaggingFiles.tagger).tags(for: notice)
        #expect(tags.types.map(\.display).contains("Retraction notice"))
        #expect(!tags.types.map(\.display).contains("Retracted"))
        #expect(!EntryBuilder(today: today).article(notice, tags: tags, seen: today.date).retracted)
    }

    /// Every type the taggers give can be searched: `--type` takes the tagger's own list, so a
    /// new type (Retraction notice) is never refused as unknown.
    @Test func everyGivenTypeIsSearchable() throws {
        #expect(Tagger.cueTypes.isSubset(of: Set(EntryTagger.types)))
        var notice = article()
        notice.commentsCorrections = [CommentCorrection(refType: "RetractionOf", pmid: "49000101")]
        notice.publicationTypes = ["Journal Article", "Retracted Publication", "Published Erratum", "Review", "Meta-Analysis"]
        let given = EntryTagger(tagger: TaggingFiles.tagger).tags(for: notice).types.map(\.display)
        #expect(Set(given).isSubset(of: Set(EntryTagger.types)), "\(given)")
        let filters = try TagResolver(tagger: TaggingFiles.tagger).filters([(.types, ["retraction notice"])], ontologyPath: "x")
        #expect(filters == [TagFilter(kind: .types, value: "Retraction notice")])
    }
}

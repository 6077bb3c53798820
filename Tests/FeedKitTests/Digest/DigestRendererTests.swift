import FeedKit
import FeedKitTesting
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct DigestRendererTests {
    let now = Date(timeIntervalSince1970: 1_795_500_000)

    private func digest(title: String = "Trastuzumab deruxtecan in HER2-low <b>breast</b> & \"gastric\" cancer\u{1B}[31m") -> Digest {
        let article = Digest.Entry(
            kind: .article, id: "49000101", title: title, source: "PubMed, J Clin Oncol", url: "https://pubmed.ncbi.nlm.nih.gov/49000101/",
            eventDay: CalendarDay(now).adding(days: -3), age: "3d", summary: "Responses in 12 of 40 *patients*...Grade 3 in 10%.",
            types: ["Clinical", "P3 data"], genes: ["HER-2 (Human epidermal growth factor receptor 2)"], alterations: ["HER-2 underexpression"],
            drugs: ["Enhertu (fam-trastuzumab deruxtecan-nxki)"], phases: ["P3"], changes: [], updated: now.addingTimeInterval(-3600))
        let trial = Digest.Entry(
            kind: .trial, id: "NCT09000101", title: "A Study of Drug X", source: "clinicaltrials.gov",
            url: "https://clinicaltrials.gov/study/NCT09000101",
            eventDay: CalendarDay(now).adding(days: -12), age: "12d",
            summary: "P2, N=240, Active, not recruiting, Acme Oncology | Trial completion date: Oct 2025 --> Mar 2027",
            types: ["Trial completion date"], genes: [], alterations: [], drugs: [], phases: ["P2"],
            changes: ["Trial completion date: Oct 2025 --> Mar 2027", "Enrollment: 200 --> 240"], updated: now.addingTimeInterval(-60))
        return Digest(
            generatedAt: now, from: now.addingTimeInterval(-86_400), to: now,
            sections: [Digest.Section(feed: "her2-low", biomarker: "HER-2 underexpression", entries: [article, trial])])
    }

    @Test func textFollowsTheDomainLayoutWithoutEscapeSequences() {
        let text = DigestRenderer.text(digest())
        #expect(text.contains("== her2-low: HER-2 underexpression (1 paper, 1 trial)"))
        #expect(text.contains("3d   Trastuzumab deruxtecan in HER2-low"))
        #expect(
            text.contains(
                "     P2, N=240, Active, not recruiting, Acme Oncology | Trial completion date: Oct 2025 --> Mar 2027\n     Enrollment: 200 --> 240"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func htmlEscapesEveryFieldAndLinksEachEntry() {
        let page = DigestRenderer.html(digest())
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("HER2-low &lt;b&gt;breast&lt;/b&gt; &amp; &quot;gastric&quot; cancer[31m</a>"))
        #expect(!page.contains("<b>breast"))
        #expect(page.contains("<a href=\"https://clinicaltrials.gov/study/NCT09000101\">A Study of Drug X</a>"))
        #expect(!page.contains("<script"))
        #expect(page.contains("<meta name=\"viewport\""))
    }

    @Test func markdownEscapesItsSyntax() {
        let markdown = DigestRenderer.markdown(digest(title: "HER2 [low] *trial* _x_"))
        #expect(markdown.contains("### [HER2 \\[low\\] \\*trial\\* \\_x\\_](https://pubmed.ncbi.nlm.nih.gov/49000101/)"))
        // Only what Markdown would read as markup is escaped: no "ER \\(Estrogen receptor\\)", no "--\\>".
        #expect(markdown.contains("**Drugs:** Enhertu (fam-trastuzumab deruxtecan-nxki)"))
        #expect(markdown.contains("- Enrollment: 200 --\\> 240") == false)
        #expect(markdown.contains("- Enrollment: 200 --> 240"))
        let hostile = DigestRenderer.markdown(digest(title: "x](javascript:alert(1)) <img src=x> &amp;"))
        #expect(hostile.contains("### [x\\](javascript:alert(1)) \\<img src=x> \\&amp;](https://pubmed.ncbi.nlm.nih.gov/49000101/)"))
    }

    @Test func atomIsWellFormedWithStableIdsAndRFC3339Times() throws {
        let atom = DigestRenderer.atom(try #require(digest().sections.first), generatedAt: now)
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            var ids: [String] = []
            var updated: [String] = []
            var text = ""
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                elements[name, default: 0] += 1
                text = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "id" { ids.append(text) }
                if name == "updated" { updated.append(text) }
            }
        }
        let collector = Collector()
        let parser = XMLParser(data: Data(atom.utf8))
        parser.delegate = collector
        #expect(parser.parse())
        #expect(parser.parserError == nil)
        #expect(collector.elements["feed"] == 1)
        #expect(collector.elements["entry"] == 2)
        #expect(collector.elements["author"] == 1)
        #expect(
            collector.ids == [
                "urn:bmfeed:feed:her2-low", "urn:bmfeed:article:49000101", "urn:bmfeed:trial:NCT09000101:\(CalendarDay(now).adding(days: -12).iso)",
            ])
        #expect(collector.updated.allSatisfy { $0.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression) != nil })
        #expect(collector.updated.count == 3)
    }

    @Test func jsonIsTheDocumentedSchema() throws {
        let json = try DigestRenderer.json(digest())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["generatedAt", "from", "to", "notices", "alerts", "sections"])
        let entry = try #require(((object["sections"] as? [[String: Any]])?.first?["entries"] as? [[String: Any]])?.first)
        #expect(
            Set(entry.keys) == [
                "kind", "id", "title", "source", "url", "eventDay", "age", "summary", "types", "genes", "alterations", "drugs", "phases", "changes",
                "updated", "links", "retracted",
            ])
    }

    private func withAlerts() -> Digest {
        var digest = digest()
        digest.notices = ["Fetch failed: egfr: HTTP 503 from eutils"]
        digest.alerts = [
            Digest.Alert(
                id: "NCT09000101", title: "A Study of Drug X", line: "Trial completion date: Oct 2025 --> Mar 2027",
                url: "https://clinicaltrials.gov/study/NCT09000101", detectedAt: now)
        ]
        return digest
    }

    /// The daily mail's parts put a failed fetch and the watch alerts above every feed (issue 9).
    @Test func noticesThenAlertsComeFirstInEveryFormat() throws {
        let digest = withAlerts()
        #expect(try DigestRenderer.json(digest).contains("Fetch failed: egfr"))
        for rendered in [DigestRenderer.text(digest), DigestRenderer.markdown(digest), DigestRenderer.html(digest)] {
            let notice = try #require(rendered.range(of: "Fetch failed: egfr"))
            let alert = try #require(rendered.range(of: "Oct 2025 --"))
            let feed = try #require(rendered.range(of: "her2-low"))
            #expect(notice.lowerBound < alert.lowerBound)
            #expect(alert.lowerBound < feed.lowerBound)
        }
        #expect(
            DigestRenderer.text(digest).contains(
                "== Watch alerts (1)\n\nNCT09000101 A Study of Drug X\n  • Trial completion date: Oct 2025 --> Mar 2027\n     https://clinicaltrials.gov/study/NCT09000101\n"
            ))
        #expect(!digest.isEmpty)
    }

    /// A retraction is a new Atom entry (new id, new updated) with RETRACTED in the title, so feed
    /// readers show it again; a trial's content is the whole entry, not just its id (issue 9, items 7, 8).
    @Test func atomRetractionsAreNewEntriesAndTrialsCarryTheirContent() throws {
        var digest = digest()
        digest.sections[0].entries[0].retracted = true
        digest.sections[0].entries[0].changes = ["Retracted: RetractionIn PMID 49000999"]
        let atom = DigestRenderer.atom(digest.sections[0], generatedAt: now)
        #expect(atom.contains("<id>urn:bmfeed:article:49000101:retracted:\(CalendarDay(now.addingTimeInterval(-3600)).iso)</id>"))
        #expect(atom.contains("<title>RETRACTED: Trastuzumab deruxtecan"))
        let content = try #require(atom.components(separatedBy: "<content type=\"text\">").last?.components(separatedBy: "</content>").first)
        #expect(content.contains("P2, N=240, Active, not recruiting, Acme Oncology"))
        #expect(content.contains("Enrollment: 200 --&gt; 240"))
        #expect(content.contains("NCT09000101 · https://clinicaltrials.gov/study/NCT09000101"))
    }

    @Test func retractedEntriesAreMarkedInEveryFormat() throws {
        var digest = digest()
        digest.sections[0].entries[0].retracted = true
        #expect(DigestRenderer.text(digest).contains("3d   RETRACTED ▸ Trastuzumab"))
        #expect(DigestRenderer.markdown(digest).contains("### ⚠ RETRACTED: [Trastuzumab"))
        #expect(DigestRenderer.html(digest).contains("<article class=\"article retracted\">\n<p class=\"retracted-flag\">RETRACTED"))
    }
}

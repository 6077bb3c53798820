import FeedKit
import FeedModel
import Foundation

/// Made-up PubMed records in the exact structure of a 2025 efetch answer.
public enum PubMedFixtures {
    public static let prolog = """
        <?xml version="1.0" ?>
        <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">

        """

    /// One `PubmedArticle`, on one line as current efetch writes it.
    public static func article(pmid: String, entrez: CalendarDay, title: String? = nil, abstract: String? = nil) -> String {
        let title = title ?? "Trastuzumab deruxtecan in HER2-low breast cancer, report \(pmid)."
        let abstract = abstract ?? "Patients with HER2-low tumours responded in record \(pmid). Toxicity was manageable."
        return """
            <PubmedArticle><MedlineCitation Status="Publisher" Owner="NLM"><PMID Version="1">\(pmid)</PMID><Article PubModel="Electronic"><Journal><ISSN IssnType="Electronic">0000-0000</ISSN><JournalIssue CitedMedium="Internet"><Volume>1</Volume><PubDate><Year>\(entrez.year)</Year><Month>\(entrez.month)</Month></PubDate></JournalIssue><Title>Example journal of oncology</Title><ISOAbbreviation>Ex J Oncol</ISOAbbreviation></Journal><ArticleTitle>\(title)</ArticleTitle><Abstract><AbstractText>\(abstract)</AbstractText></Abstract><Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article></MedlineCitation><PubmedData><History><PubMedPubDate PubStatus="entrez"><Year>\(entrez.year)</Year><Month>\(entrez.month)</Month><Day>\(entrez.day)</Day></PubMedPubDate></History><PublicationStatus>epublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">\(pmid)</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
            """
    }

    /// A whole `PubmedArticleSet` around records.
    public static func set(_ records: [String]) -> String {
        prolog + "<PubmedArticleSet>\n" + records.joined(separator: "\n") + "\n</PubmedArticleSet>\n"
    }

    /// An esearch answer with the history server's keys.
    public static func esearch(count: Int, webEnv: String = "MCID_test", queryKey: String = "1", warnings: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" ?>
        <!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">
        <eSearchResult><Count>\(count)</Count><RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>\(queryKey)</QueryKey><WebEnv>\(webEnv)</WebEnv><IdList/><TranslationSet/>\(warnings)</eSearchResult>
        """
    }

    /// A fixture file from the test bundle.
    public static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return url
    }

    /// A scratch folder removed when the process ends is not guaranteed; tests remove their own.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bmfeed-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

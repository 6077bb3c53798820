import FeedModel

/// Tags whole entries: an article from its title, abstract, keywords and publication types; a
/// trial from its titles, conditions, keywords, interventions (with other names) and phases.
public struct EntryTagger: Sendable {
    public let tagger: Tagger

    public init(tagger: Tagger) {
        self.tagger = tagger
    }

    /// Every entry-type tag this tagger gives (text cues, publication types, notices); `search
    /// --type` accepts exactly these.
    public static let types = [
        "Journal", "Review", "Meta-analysis", "Clinical", "P3 data", "Retrospective data", "Preclinical", "IO biomarker", "Retracted", "Erratum",
        "Retraction notice",
    ]

    public func tags(for article: Article) -> TagSet {
        let text = [article.displayTitle, article.abstractText, article.keywords.joined(separator: "; ")].filter { !$0.isEmpty }.joined(
            separator: "\n")
        var tags = tagger.tag(text)
        let evidence = { (type: String) in TagSet.Evidence(start: 0, end: 0, text: type, rule: "PubMed publication type") }
        for type in article.publicationTypes {
            let lower = type.lowercased()
            for (prefix, phase) in [
                ("clinical trial, phase iv", "P4"), ("clinical trial, phase iii", "P3"), ("clinical trial, phase ii", "P2"),
                ("clinical trial, phase i", "P1"),
            ]
            where lower.hasPrefix(prefix) {
                tags.add(\.phases, phase, evidence(type))
                break
            }
            if lower == "review" || lower == "systematic review" { tags.add(\.types, "Review", evidence(type)) }
            if lower == "meta-analysis" { tags.add(\.types, "Meta-analysis", evidence(type)) }
            if lower.hasPrefix("clinical trial") || lower == "randomized controlled trial" { tags.add(\.types, "Clinical", evidence(type)) }
            if lower == "published erratum" { tags.add(\.types, "Erratum", evidence(type)) }
            if lower == "retracted publication" { tags.add(\.types, "Retracted", evidence(type)) }
        }
        // A retraction notice is about a retraction; it is not itself retracted.
        let notice =
            article.commentsCorrections.contains { $0.refType == "RetractionOf" }
            || article.publicationTypes.contains { $0.lowercased() == "retraction of publication" }
        if notice && !article.isRetracted {
            tags.types.removeAll { $0.display == "Retracted" }
            tags.add(\.types, "Retraction notice", TagSet.Evidence(start: 0, end: 0, text: "RetractionOf", rule: "PubMed CommentsCorrections"))
        }
        if article.commentsCorrections.contains(where: { $0.refType == "RetractionIn" }) {
            tags.add(\.types, "Retracted", TagSet.Evidence(start: 0, end: 0, text: "RetractionIn", rule: "PubMed CommentsCorrections"))
        }
        if article.publicationTypes.contains(where: { $0.lowercased().hasPrefix("clinical trial, phase iii") }) {
            tags.add(\.types, "P3 data", TagSet.Evidence(start: 0, end: 0, text: "Clinical Trial, Phase III", rule: "PubMed publication type"))
        }
        if article.kind == .article {
            tags.add(\.types, "Journal", TagSet.Evidence(start: 0, end: 0, text: "PubmedArticle", rule: "PubMed journal article"))
        }
        for id in article.nctIDs { tags.add(\.nct, id, TagSet.Evidence(start: 0, end: 0, text: id, rule: "PubMed DataBankList")) }
        return tags
    }

    public func tags(for trial: Trial) -> TagSet {
        let interventions = trial.interventions.map { ([$0.name] + $0.otherNames).joined(separator: "; ") }
        let text = ([trial.briefTitle, trial.officialTitle ?? ""] + trial.conditions + trial.keywords + interventions).filter { !$0.isEmpty }.joined(
            separator: "\n")
        var tags = tagger.tag(text)
        tags.phases = []
        if let phase = trial.phaseLabel {
            tags.add(
                \.phases, phase, TagSet.Evidence(start: 0, end: 0, text: trial.phases.joined(separator: ", "), rule: "ClinicalTrials.gov phases"))
        }
        tags.types = []
        tags.nct = [
            TagSet.Tag(display: trial.nctID, evidence: [TagSet.Evidence(start: 0, end: 0, text: trial.nctID, rule: "ClinicalTrials.gov nctId")])
        ]
        return tags
    }
}

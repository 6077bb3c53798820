import FeedModel

/// Derives the news in a revised PubMed record: a pure function the ingest pipeline hands the
/// store, which applies it inside the transaction that replaces the record.
public enum ArticleNotices {
    /// What `new` says that `old` (the stored record) did not: a retraction, a new correction.
    public static func between(_ old: Article, _ new: Article) -> [ArticleNotice] {
        var notices: [ArticleNotice] = []
        if new.isRetracted && !old.isRetracted {
            let notice = new.commentsCorrections.first { $0.refType == "RetractionIn" }
            notices.append(ArticleNotice(kind: .retracted, detail: notice.map(describe) ?? "Retracted Publication"))
        }
        let corrections: Set<String> = ["ErratumIn", "CorrectedandRepublishedIn", "ExpressionOfConcernIn"]
        let before = Set(old.commentsCorrections.filter { corrections.contains($0.refType) })
        for link in new.commentsCorrections where corrections.contains(link.refType) && !before.contains(link) {
            notices.append(ArticleNotice(kind: .corrected, detail: describe(link)))
        }
        return notices
    }

    private static func describe(_ link: CommentCorrection) -> String {
        [link.refType, link.pmid.map { "PMID \($0)" } ?? link.source].compactMap { $0 }.joined(separator: " ")
    }
}

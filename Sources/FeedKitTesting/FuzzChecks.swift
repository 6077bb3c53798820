import FeedKit
import FeedModel
import FeedSources
import Foundation

/// What each parser must hold on any input, shared by the libFuzzer targets (`Fuzz/`, run by
/// scripts/fuzz.sh) and the regression test that replays the inputs they found
/// (`Tests/Fixtures/fuzz`). Each throws ``Violation`` when the property breaks; a crash is a
/// violation too, caught by the fuzzer.
public enum FuzzChecks {
    public struct Violation: Error, CustomStringConvertible {
        public var description: String
    }

    /// Any bytes as a PubMed document: every record returned reads back on its own to the same
    /// record, as the store reads it later (one that did not was issue 10's poisoned feed).
    public static func pubmedXML(_ data: Data) throws {
        guard let reader = try? PubMedReader(data: data, source: "fuzz") else { return }
        var items = 0
        while items < 10_000, let item = try? reader.next() {
            items += 1
            guard case .article(let article, let rawXML) = item else { continue }
            let again = Data(("<PubmedArticleSet>" + rawXML + "</PubmedArticleSet>").utf8)
            guard let back = try? PubMedReader(data: again, source: "stored"), case .article(let reread, _)? = try? back.next() else {
                throw Violation(description: "record \(article.pmid) does not read back on its own: \(rawXML.prefix(200))")
            }
            guard reread.pmid == article.pmid, reread.title == article.title, reread.abstractText == article.abstractText else {
                throw Violation(description: "record \(article.pmid) reads back differently")
            }
        }
    }

    /// Any bytes as an API v2 answer (a page or one study) and as one JSONL line: a record is
    /// only ever accepted with a real NCT id.
    public static func trialJSON(_ data: Data) throws {
        var records: [TrialRecord] = []
        if let page = try? TrialDocuments.parse(data, source: "fuzz") { records += page.records }
        if let record = try? TrialDocuments.record(data, source: "fuzz", label: "line 1") { records.append(record) }
        for record in records where !Trial.isNCTID(record.trial.nctID) {
            throw Violation(description: "a study with the id \(record.trial.nctID.prefix(40)) was accepted")
        }
    }

    /// Any bytes as feeds.yml: a config or a ``ConfigError``, and never a feed name that could
    /// be a path.
    public static func feedsYAML(_ data: Data) throws {
        let text = String(decoding: data, as: UTF8.self)
        guard let config = try? ConfigLoader.parse(text, file: URL(fileURLWithPath: "/fuzz/feeds.yml")) else { return }
        for feed in config.feeds where feed.name.contains("/") || feed.name.hasPrefix(".") {
            throw Violation(description: "the feed name \(feed.name) was accepted")
        }
    }
}

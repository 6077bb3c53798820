import FeedTagging
import Foundation

/// The repository's ontology and gold set, for tests that tag.
public enum TaggingFiles {
    /// The repository root (this file is Sources/FeedKitTesting/TaggingFiles.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let ontology = root.appendingPathComponent("data/ontology")
    public static let gold = root.appendingPathComponent("Tests/Fixtures/tagging/gold.jsonl")

    public static let tagger: Tagger = {
        // The ontology ships with the repository; a failure here is a broken checkout.
        let tagger = (try? Ontology.load(directory: ontology)).map(Tagger.init) ?? Tagger(ontology: Ontology(genes: [], drugs: []))
        // Read the generated genes now: a test timing a fetch must not time their first reading.
        tagger.prepare()
        return tagger
    }()
}

/// The real API responses in ../shared/realdata beside the clone; tests that read them skip
/// when it is absent.
public enum SharedRealData {
    public static let root = TaggingFiles.root.deletingLastPathComponent().appendingPathComponent("shared/realdata")

    public static var isPresent: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("pubmed/SOURCES.md").path) }
}

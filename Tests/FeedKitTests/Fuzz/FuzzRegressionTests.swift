import FeedKitTesting
import Foundation
import Testing

/// Replays inputs kept in `Tests/Fixtures/fuzz/<kind>/` through the properties the fuzz targets
/// check (``FuzzChecks``): hostile shapes from issue 10 written by hand, and whatever
/// scripts/fuzz.sh finds (copy a crash from .build/fuzz/crashes into the kind's folder).
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ kind: String) -> [URL] {
        let folder = root.appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func everyKindHasInputs() {
        for kind in ["pubmed", "trials", "feeds"] { #expect(Self.inputs(kind).count >= 4, "\(kind)") }
    }

    @Test(arguments: inputs("pubmed"))
    func pubmedInputsKeepTheirProperty(_ url: URL) throws {
        try FuzzChecks.pubmedXML(try Data(contentsOf: url))
    }

    @Test(arguments: inputs("trials"))
    func trialInputsKeepTheirProperty(_ url: URL) throws {
        try FuzzChecks.trialJSON(try Data(contentsOf: url))
    }

    @Test(arguments: inputs("feeds"))
    func feedsInputsKeepTheirProperty(_ url: URL) throws {
        try FuzzChecks.feedsYAML(try Data(contentsOf: url))
    }
}

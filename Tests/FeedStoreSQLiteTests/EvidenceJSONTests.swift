import FeedModel
import Foundation
import Testing

@testable import FeedStoreSQLite

@Suite struct EvidenceJSONTests {
    @Test func handWrittenJSONDecodesToTheSameEvidence() throws {
        let evidence = [
            TagSet.Evidence(start: 0, end: 8, text: "HER2-low", rule: "gene + underexpression cue"),
            TagSet.Evidence(start: 10, end: 20, text: "\"quoted\" \\ back\nslash\t≥ é", rule: "rule \"x\""),
        ]
        let json = SQLiteStore.evidenceJSON(evidence)
        #expect(try JSONDecoder().decode([TagSet.Evidence].self, from: Data(json.utf8)) == evidence)
        #expect(SQLiteStore.evidenceJSON([]) == "[]")
    }
}

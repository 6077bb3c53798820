import FeedKitTesting
import FeedModel
import FeedSources
import FeedStore
import Testing

@testable import FeedStoreSQLite

@Suite struct FTSQueryTests {
    @Test(arguments: [
        ("HER2-low", "\"HER2 low\""),
        ("HER2-low trastuzumab", "\"HER2 low\" AND \"trastuzumab\""),
        ("her2 AND low", "\"her2\" AND \"AND\" AND \"low\""),
        ("trastu*", "\"trastu\" *"),
        ("\"phase III\" trial", "\"phase III\" AND \"trial\""),
        ("unclosed \"quote", "\"unclosed\" AND \"quote\""),
        ("NEAR(a b) col:x ^y", "\"NEAR a\" AND \"b\" AND \"col x\" AND \"y\""),
    ])
    func escapes(input: String, expected: String) {
        #expect(FTSQuery.make(input) == expected)
    }

    @Test(arguments: ["", "   ", "---", "\"\"", "*"])
    func nothingSearchable(input: String) {
        #expect(FTSQuery.make(input) == nil)
    }

    /// A drug's other names match too, so `search Enhertu` finds "trastuzumab deruxtecan" (found in
    /// a week of use: free text found 1 entry where --drug found 4).
    @Test func synonymsAreAlternatives() {
        let synonyms = ["enhertu": ["Enhertu", "trastuzumab deruxtecan", "T-DXd"]]
        #expect(
            FTSQuery.make("Enhertu HER2-low", synonyms: synonyms)
                == "(\"Enhertu\" OR \"trastuzumab deruxtecan\" OR \"T DXd\") AND \"HER2 low\"")
        #expect(FTSQuery.make("enhertu*", synonyms: synonyms) == "\"enhertu\" *")
    }
}

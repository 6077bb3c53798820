import FeedKit
import FeedKitTesting
import Foundation
import Testing

@Suite struct ConfigLoaderTests {
    let file = URL(fileURLWithPath: "/srv/feeds/feeds.yml")

    @Test func readsAFullConfig() throws {
        let config = try ConfigLoader.parse(
            """
            version: 1
            store: db/feed.sqlite
            lookback: 2w
            feeds:
              - name: her2-low
                biomarker: HER-2 underexpression
                pubmed: '"HER2-low"[tiab] AND breast'
                clinicaltrials:
                  cond: breast cancer
                  term: HER2-low
                  status: [RECRUITING, NOT_YET_RECRUITING]
                lookback: 3m
              - name: egfr
                biomarker: EGFR mutation
                clinicaltrials:
                  intr: osimertinib
            """, file: file)
        #expect(config.storeURL.path == "/srv/feeds/db/feed.sqlite")
        #expect(config.defaultLookback == .days(14))
        #expect(config.feeds.map(\.name) == ["her2-low", "egfr"])
        #expect(config.feeds[0].pubmedQuery == "\"HER2-low\"[tiab] AND breast")
        #expect(config.feeds[0].lookback == .days(90))
        #expect(config.feeds[0].clinicalTrials?.overallStatus == ["RECRUITING", "NOT_YET_RECRUITING"])
        #expect(config.feeds[1].pubmedQuery == nil)
        #expect(config.feeds[1].clinicalTrials?.intervention == "osimertinib")
        #expect(config.feed(named: "HER2-LOW")?.biomarker == "HER-2 underexpression")
    }

    @Test func defaultsPutTheStoreBesideTheConfig() throws {
        let config = try ConfigLoader.parse("feeds:\n  - name: a\n    biomarker: X\n    pubmed: x\n", file: file)
        #expect(config.storeURL.path == "/srv/feeds/data/bmfeed.sqlite")
        #expect(config.defaultLookback == .days(30))
    }

    @Test(arguments: [
        ("feeds:\n  - name: a\n    biomarker: X\n    pubmed: x\n    lookbak: 3d\n", 5, "feeds[0].lookbak", "unknown key"),
        ("feeds:\n  - name: a\n    biomarker: X\n    pubmed: x\n    lookback: soon\n", 5, "feeds[0].lookback", "not a span"),
        ("feeds:\n  - name: a\n    pubmed: x\n", 2, "feeds[0].biomarker", "missing"),
        ("feeds:\n  - name: a\n    biomarker: X\n", 2, "feeds[0]", "neither"),
        ("feeds:\n  - name: a\n    biomarker: X\n    pubmed: [x, y]\n", 4, "feeds[0].pubmed", "single value"),
        ("feeds: her2\n", 1, "feeds", "list"),
        ("feeds:\n  - name: a\n    biomarker: X\n    pubmed: x\n  - name: A\n    biomarker: Y\n    pubmed: y\n", 5, "feeds[1].name", "duplicate"),
        ("version: 2\nfeeds: []\n", 1, "version", "unsupported"),
        ("feeds:\n  - name: a\n    biomarker: X\n    clinicaltrials:\n      phase: 3\n", 5, "feeds[0].clinicaltrials.phase", "unknown key"),
    ])
    func badConfigNamesLineAndKey(yaml: String, line: Int, key: String, words: String) {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml, file: file) }
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.description.hasPrefix("/srv/feeds/feeds.yml:\(line): \(key): ") == true)
        #expect(error?.message.contains(words) == true)
    }

    @Test func yamlSyntaxErrorHasALine() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("feeds:\n  - name: a\n    biomarker: [unclosed\n", file: file)
        }
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("YAML syntax") == true)
    }

    @Test func missingFileIsAConfigError() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.load(URL(fileURLWithPath: "/nonexistent/feeds.yml"))
        }
        #expect(error?.file == "/nonexistent/feeds.yml")
    }

    @Test(arguments: [("30d", 30), ("2w", 14), ("6m", 180), ("1y", 365), ("7", 7)])
    func lookbackSpans(text: String, days: Int) {
        #expect(Lookback(text)?.days == days)
    }

    @Test(arguments: ["", "0d", "-3d", "3x", "d"])
    func badLookbacks(text: String) {
        #expect(Lookback(text) == nil)
    }
}

/// feeds.yml built to exhaust the loader (issue 10, items 3 and 10): aliases that repeat a large
/// value took 73 s and 2 GB; a duplicate key was reported with no line.
@Suite struct ConfigLimitTests {
    let file = URL(fileURLWithPath: "/srv/feeds/feeds.yml")

    @Test func aliasesRepeatingALargeValueAreRefusedQuickly() throws {
        let big = String(repeating: "x", count: 100_000)
        let aliases = Array(repeating: "      - *big", count: 2_000).joined(separator: "\n")
        let text = """
            feeds:
              - name: bomb
                biomarker: HER2-low
                pubmed: &big \(big)
                drugs:
            \(aliases)
            """
        let started = Date()
        #expect {
            _ = try ConfigLoader.parse(text, file: file)
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("/srv/feeds/feeds.yml:") && message.contains("YAML aliases repeating a value")
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aFileOverTheSizeLimitIsRefusedUnread() throws {
        let folder = try PubMedFixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("feeds.yml")
        try Data(("feeds:\n" + String(repeating: "# padding\n", count: 40_000)).utf8).write(to: url)
        #expect {
            _ = try ConfigLoader.load(url)
        } throws: { error in
            "\(error)".contains("feeds.yml: the file is 390 KB; a feeds.yml is at most 256 KB")
        }
    }

    @Test func anInvalidByteNamesItsLine() throws {
        let url = try PubMedFixtures.temporaryDirectory().appendingPathComponent("feeds.yml")
        try Data("feeds:\n  - name: her2-low\n    biomarker: HER2\u{2013}low \u{FF}\n".utf8).write(to: url)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 3] = 0xFF
        try bytes.write(to: url)
        #expect {
            _ = try ConfigLoader.load(url)
        } throws: { error in
            "\(error)" == "\(url.path):3: not UTF-8 text (an invalid byte on this line); save it as UTF-8"
        }
    }

    @Test func aDuplicateKeyNamesItsLine() throws {
        let text = """
            feeds:
              - name: her2-low
                biomarker: HER2-low
                pubmed: HER2-low
                pubmed: HER2-ultralow
            """
        #expect {
            _ = try ConfigLoader.parse(text, file: file)
        } throws: { error in
            "\(error)" == "/srv/feeds/feeds.yml:4: pubmed: key appears twice"
        }
    }
}

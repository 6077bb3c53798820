import FeedKitTesting
import FeedModel
import FeedSources
import Foundation
import Testing

/// Writes a test file with `build`, gzip-compressed (the original removed) when `gzip`.
func hostileFile(_ name: String, gzip: Bool = false, _ build: (FileHandle) throws -> Void) throws -> String {
    let url = try PubMedFixtures.temporaryDirectory().appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    try build(handle)
    try handle.close()
    guard gzip else { return url.path }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip \"$0\"", url.path]
    try process.run()
    process.waitUntilExit()
    return url.path + ".gz"
}

/// Inputs built to exhaust the reader (issue 10, item 3): each fails with a message naming the
/// file and where, keeps the records before it, and never crashes or takes the input's size in
/// memory. On the code before the fix, deep nesting crashed (SIGSEGV) and huge nodes were read whole.
@Suite struct HostileSizeTests {
    let day = CalendarDay(year: 2026, month: 11, day: 1)

    /// Reads a file to its end, returning the PMIDs kept and the error that stopped it.
    private func read(_ path: String) throws -> (kept: [String], error: PubMedParseError?) {
        let reader = try PubMedReader(path: path)
        var kept: [String] = []
        do {
            while let item = try reader.next() {
                if case .article(let article, _) = item { kept.append(article.pmid) }
            }
        } catch {
            return (kept, error)
        }
        return (kept, nil)
    }

    /// Writes `head`, then `filler` repeated `count` times, then `tail`.
    private func write(_ name: String, head: String, filler: String, count: Int, tail: String, gzip: Bool = false) throws -> String {
        try hostileFile(name, gzip: gzip) { handle in
            try handle.write(contentsOf: Data(head.utf8))
            let chunk = Data(String(repeating: filler, count: max(1, (1 << 20) / filler.utf8.count)).utf8)
            var written = 0
            while written < count * filler.utf8.count {
                try handle.write(contentsOf: chunk)
                written += chunk.count
            }
            try handle.write(contentsOf: Data(tail.utf8))
        }
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let good = PubMedFixtures.article(pmid: "40000001", entrez: day)
        let deep = PubMedFixtures.article(
            pmid: "40000002", entrez: day, abstract: String(repeating: "<i>", count: 90_000) + "x" + String(repeating: "</i>", count: 90_000))
        let path = try write("deep.xml", head: PubMedFixtures.set([good, deep]), filler: " ", count: 1, tail: "")
        let (kept, error) = try read(path)
        #expect(kept == ["40000001"])
        let message = try #require(error).description
        #expect(message.contains("deep.xml: XML breaks at line"))
        #expect(message.contains("nest more than 256 deep"))
        #expect(!message.contains("XML_PARSE_HUGE"))
    }

    @Test func nestingPubMedAllowsIsReadWhole() throws {
        let nested = String(repeating: "<i>", count: 200) + "deep text" + String(repeating: "</i>", count: 200) + " after"
        let record = PubMedFixtures.article(pmid: "40000003", entrez: day, abstract: "before " + nested)
        let reader = try PubMedReader(data: Data(PubMedFixtures.set([record]).utf8), source: "nested.xml")
        guard case .article(let article, _) = try reader.next() else {
            Issue.record("no record")
            return
        }
        #expect(article.abstractText == "before deep text after")
    }

    @Test func aHundredMegabyteTextNodeInAGzipIsRefusedQuickly() throws {
        let good = PubMedFixtures.article(pmid: "40000001", entrez: day)
        let head =
            PubMedFixtures.prolog + "<PubmedArticleSet>\n" + good + "\n"
            + PubMedFixtures.article(pmid: "40000002", entrez: day, abstract: "START").components(separatedBy: "START")[0]
        let tail =
            PubMedFixtures.article(pmid: "40000002", entrez: day, abstract: "START").components(separatedBy: "START")[1] + "\n</PubmedArticleSet>\n"
        let path = try write("bomb.xml", head: head, filler: "a", count: 100 << 20, tail: tail, gzip: true)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 < 2 << 20)
        let (kept, error) = try read(path)
        #expect(kept == ["40000001"])
        let message = try #require(error).description
        #expect(message.contains("bomb.xml.gz: XML breaks at line"))
        #expect(message.contains("over 10 MB") || message.contains("spans more than 32 MB"))
    }

    @Test func aRecordOfManyLargeNodesIsRefusedAtTheRecordLimit() throws {
        let good = PubMedFixtures.article(pmid: "40000001", entrez: day)
        let section = "<AbstractText>" + String(repeating: "b", count: 1 << 20) + "</AbstractText>"
        let parts = PubMedFixtures.article(pmid: "40000002", entrez: day, abstract: "START").components(
            separatedBy: "<AbstractText>START</AbstractText>")
        let head = PubMedFixtures.prolog + "<PubmedArticleSet>\n" + good + "\n" + parts[0]
        let path = try write("wide.xml", head: head, filler: section, count: 40, tail: parts[1] + "\n</PubmedArticleSet>\n")
        let (kept, error) = try read(path)
        #expect(kept == ["40000001"])
        #expect(try #require(error).description.contains("one record spans more than 32 MB"))
    }
}

/// JSON Lines and their gzip files (issue 10, item 3: a 100 MB line took 16.5 s and 1.1 GB).
@Suite struct LineReaderLimitTests {
    @Test func anOverlongLineIsSkippedAndTheNextOneRead() throws {
        let path = try hostileFile("long.jsonl") { handle in
            try handle.write(contentsOf: Data("{\"first\": 1}\n{\"long\": \"".utf8))
            let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
            for _ in 0..<12 { try handle.write(contentsOf: chunk) }
            try handle.write(contentsOf: Data("\"}\n{\"third\": 3}\n".utf8))
        }
        let reader = try #require(LineReader(path: path))
        #expect(try reader.next() == Data("{\"first\": 1}".utf8))
        do {
            _ = try reader.next()
            Issue.record("the long line was returned")
        } catch {
            #expect(error.recoverable)
            #expect(error.line == 2)
            #expect(error.message.contains("longer than 8 MB"))
        }
        #expect(try reader.next() == Data("{\"third\": 3}".utf8))
        #expect(reader.lineNumber == 3)
        #expect(try reader.next() == nil)
    }

    @Test func aGzipThatInflatesTooFarStops() throws {
        let path = try hostileFile("bomb.jsonl", gzip: true) { handle in
            let chunk = Data((String(repeating: " ", count: 1023) + "\n").utf8)
            let megabyte = Data(Array(repeating: chunk, count: 1024).joined())
            for _ in 0..<80 { try handle.write(contentsOf: megabyte) }
        }
        let reader = try #require(LineReader(path: path))
        var failure: LineReadError?
        do {
            while try reader.next() != nil {}
        } catch {
            failure = error
        }
        let error = try #require(failure)
        #expect(!error.recoverable)
        #expect(error.message.contains("inflates more than 200-fold"))
    }
}

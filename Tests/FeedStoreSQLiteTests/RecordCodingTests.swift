import FeedKitTesting
import FeedModel
import FeedStore
import Foundation
import Testing

@testable import FeedStoreSQLite

@Suite struct RecordCodingTests {
    private func article(_ abstract: String) -> (Article, String) {
        var article = Article(pmid: "12")
        article.title = "A \"quoted\" title ≥ é"
        article.abstract = [AbstractSection(label: "RESULTS", text: abstract)]
        return (article, "<PubmedArticle><MedlineCitation><PMID>12</PMID><Abstract>\(abstract)</Abstract></MedlineCitation></PubmedArticle>")
    }

    @Test func aBodyGivesBackTheRecordAndTheXMLExactly() throws {
        let (record, xml) = article(String(repeating: "HER2-low responses were durable. ", count: 40))
        let body = try RecordCoding.articleBody(record, rawXML: xml)
        #expect(try RecordCoding.article(from: body, pmid: "12") == record)
        #expect(RecordCoding.rawXML(from: body) == Data(xml.utf8))
        #expect(body.count * 4 < xml.utf8.count)
        // Equal records are equal bytes, so an unchanged record is found by comparing bodies.
        #expect(try RecordCoding.articleBody(record, rawXML: xml) == body)
    }

    @Test func aDamagedBodyIsAStoreErrorNamingTheArticle() throws {
        let (record, xml) = article("Short.")
        var body = try RecordCoding.articleBody(record, rawXML: xml)
        body[body.count - 3] ^= 0xFF
        body[12] ^= 0xFF
        let error = #expect(throws: StoreError.self) { try RecordCoding.article(from: body, pmid: "12") }
        #expect(error?.path == "article 12")
        #expect(RecordCoding.rawXML(from: Data([0x01, 0x00])) == nil)
        #expect(throws: StoreError.self) { try RecordCoding.article(from: Data("not a body".utf8), pmid: "12") }
    }

    @Test func tagsKeepTheirOrderAndEvidence() throws {
        var tags = TagSet()
        tags.add(\.drugs, "Enhertu", TagSet.Evidence(start: 0, end: 6, text: "T-DXd \"x\"\n\t", rule: "drug name"))
        tags.add(\.genes, "HER-2", TagSet.Evidence(start: 10, end: 14, text: "HER2", rule: "gene"))
        tags.add(\.genes, "ERBB3", TagSet.Evidence(start: 20, end: 25, text: "HER3", rule: "gene"))
        #expect(RecordCoding.tags(from: try RecordCoding.tagsBlob(tags)) == tags)
        // The hand-written JSON is what JSONEncoder would write, so either reads the other.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try JSONDecoder().decode(TagSet.self, from: TagSetJSON.encode(tags)) == tags)
        #expect(String(decoding: TagSetJSON.encode(tags), as: UTF8.self) == String(decoding: try encoder.encode(tags), as: UTF8.self))
        #expect(RecordCoding.tags(from: nil).isEmpty)
        #expect(RecordCoding.tags(from: Data([0x07])).isEmpty)
    }

    @Test func compressionRoundTripsPrefixesAndRefusesDamage() throws {
        let text = Data(String(repeating: "<Author ValidYN=\"Y\"><LastName>Smith</LastName></Author>", count: 50).utf8)
        let plain = try #require(Deflate.compress(text))
        #expect(Deflate.decompress(plain, size: text.count) == text)
        let frame = try #require(Zstd.version1.compress(text))
        #expect(frame.count < 100)
        #expect(Zstd.version1.decompress(frame, size: text.count) == text)
        #expect(Zstd.version1.decompress(frame, size: 20) == text.prefix(20))
        #expect(Zstd.version1.decompress(frame.prefix(frame.count / 2), size: text.count) == nil)
        #expect(Zstd.version1.decompress(Data("junk".utf8), size: 4) == nil)
        #expect(CompressionDictionary.version1.count > 30_000)
    }
}

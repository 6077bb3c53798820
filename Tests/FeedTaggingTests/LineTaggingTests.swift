import FeedKitTesting
import FeedModel
import FeedTagging
import Foundation
import Testing

@Suite struct LineTaggingTests {
    let input = Array("T-DXd in HER2-low breast cancer\n\nosimertinib for EGFR L858R\nT-DXd again".utf8)

    @Test func blankCRLFLinesAreBlank() {
        var written = Data()
        let crlf = Array("HER2-low disease\r\n\r\nosimertinib\r\n".utf8)
        LineTagging.tag(crlf, with: TaggingFiles.tagger, render: { LineTagging.displaysJSON($0.displays) }, write: { written += $0 })
        #expect(String(decoding: written, as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test func oneOutputLinePerNonEmptyInputLine() {
        var written = Data()
        LineTagging.tag(input, with: TaggingFiles.tagger, render: { LineTagging.displaysJSON($0.displays) }, write: { written += $0 })
        let lines = String(decoding: written, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].contains("\"drugs\":[\"Tagrisso (osimertinib)\"]"))
        let decoded = try? JSONDecoder().decode([String: [String]].self, from: Data(lines[0].utf8))
        #expect(decoded?["alterations"] == ["HER-2 underexpression"])
    }

    @Test func countsTagsAcrossLines() {
        let counts = LineTagging.count(input, with: TaggingFiles.tagger)
        #expect(counts.lines == 3)
        #expect(counts.bytes == input.count)
        #expect(counts.top("drugs").first?.tag == "Enhertu (fam-trastuzumab deruxtecan-nxki)")
        #expect(counts.top("drugs").first?.count == 2)
    }

    @Test func displaysJSONEscapes() {
        let json = LineTagging.displaysJSON(["genes": ["a \"b\" \\ c\n"]])
        #expect(String(decoding: json, as: UTF8.self) == #"{"genes":["a \"b\" \\ c\u000a"]}"#)
    }
}

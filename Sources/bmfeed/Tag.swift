import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Tag: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag any text with genes, alterations, drugs, phases, entry types and NCT ids.",
            discussion: "The ontology is data/ontology/ beside feeds.yml (or --ontology DIR). Use - to read standard input.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The text to tag, or - for standard input.")
        var text: [String] = []

        @Option(help: ArgumentHelp("The ontology folder (genes.yml, drugs.yml).", valueName: "dir"))
        var ontology: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Show the span and rule behind every tag.")
        var explain = false

        @Flag(help: "Tag every line of the input on its own and print one JSON object (or text block) per line.")
        var lines = false

        @Flag(help: "With --lines: print only the count of each tag and the tagging rate (on stderr).")
        var counts = false

        @Option(help: ArgumentHelp("Score the tagger on a gold JSONL file instead: precision, recall, F1 per kind.", valueName: "file"))
        var evaluate: String?

        func execute() async throws {
            do {
                let folder = ontology.map { URL(fileURLWithPath: $0) } ?? global.ontologyURL
                if let evaluate {
                    let result = try TaggingEvaluation.run(
                        Tagger(ontology: try Ontology.load(directory: folder)), gold: URL(fileURLWithPath: evaluate))
                    switch format {
                    case .json:
                        try printJSON([
                            "snippets": AnyEncodable(result.snippets), "scores": AnyEncodable(result.scores), "misses": AnyEncodable(result.misses),
                        ])
                    case .text:
                        print("\(result.snippets) snippets in \(evaluate)\n")
                        print(result.table, terminator: "")
                        if explain {
                            for miss in result.misses {
                                print("\nline \(miss.line) \(miss.kind): missing \(miss.missing) unexpected \(miss.unexpected)\n  \(miss.text)")
                            }
                        }
                    }
                    return
                }
                let input: String
                if text == ["-"] || text.isEmpty {
                    input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    input = text.joined(separator: " ")
                }
                let tagger = Tagger(ontology: try Ontology.load(directory: folder))
                if lines {
                    try tagLines(input, with: tagger)
                    return
                }
                let tags = tagger.tag(input)
                switch format {
                case .json:
                    if explain { try printJSON(tags) } else { try printJSON(tags.displays) }
                case .text:
                    print(render(tags), terminator: "")
                }
            }
        }

        /// One result per input line, for batch tagging and throughput measurements.
        private func tagLines(_ input: String, with tagger: Tagger) throws {
            if counts {
                try countLines(input, with: tagger)
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bytes = Array(input.utf8)
            var output: [UInt8] = []
            output.reserveCapacity(1 << 20)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                if end > start {
                    let tags = tagger.tag(utf8: Array(bytes[start..<end]))
                    switch format {
                    case .json where explain: output += try encoder.encode(tags)
                    case .json: Self.appendJSON(tags.displays, to: &output)
                    case .text: output += Array(render(tags).utf8)
                    }
                    output.append(0x0A)
                    if output.count > 1 << 20 {
                        FileHandle.standardOutput.write(Data(output))
                        output.removeAll(keepingCapacity: true)
                    }
                }
                start = end + 1
            }
            FileHandle.standardOutput.write(Data(output))
        }

        /// Tags every line and prints tag counts; the rate covers tagging alone, not reading or output.
        private func countLines(_ input: String, with tagger: Tagger) throws {
            let bytes = Array(input.utf8)
            var totals: [String: [String: Int]] = [:]
            var lines = 0
            let start = ContinuousClock.now
            var position = 0
            while position < bytes.count {
                let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.count
                if end > position {
                    lines += 1
                    for (kind, values) in tagger.tag(utf8: Array(bytes[position..<end])).displays {
                        for value in values { totals[kind, default: [:]][value, default: 0] += 1 }
                    }
                }
                position = end + 1
            }
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            for kind in TaggingEvaluation.kinds {
                for (value, count) in (totals[kind] ?? [:]).sorted(by: { $0.value > $1.value }).prefix(10) {
                    print("\(kind)\t\(count)\t\(value)")
                }
            }
            printStatus(
                String(
                    format: "tagged %d lines, %.1f MB in %.2f s: %.1f MB/s, %.0f lines/s", lines, Double(bytes.count) / 1_048_576, seconds,
                    Double(bytes.count) / 1_048_576 / max(seconds, 0.000_001), Double(lines) / max(seconds, 0.000_001)))
        }

        /// `{"alterations":[...],...}` with sorted keys, written by hand: JSONEncoder per line
        /// cost more than tagging the line.
        static func appendJSON(_ value: [String: [String]], to output: inout [UInt8]) {
            output.append(UInt8(ascii: "{"))
            for (index, key) in value.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                output.append(UInt8(ascii: "["))
                for (offset, item) in (value[key] ?? []).enumerated() {
                    if offset > 0 { output.append(UInt8(ascii: ",")) }
                    appendString(item, to: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
            output.append(UInt8(ascii: "}"))
        }

        private static func appendString(_ text: String, to output: inout [UInt8]) {
            output.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    output.append(UInt8(ascii: "\\"))
                    output.append(byte)
                case 0..<0x20:
                    output += Array(String(format: "\\u%04x", byte).utf8)
                default:
                    output.append(byte)
                }
            }
            output.append(UInt8(ascii: "\""))
        }

        private func render(_ tags: TagSet) -> String {
            let kinds: [(String, [TagSet.Tag])] = [
                ("genes", tags.genes), ("alterations", tags.alterations), ("drugs", tags.drugs), ("phases", tags.phases),
                ("types", tags.types), ("nct", tags.nct),
            ]
            var lines: [String] = []
            for (kind, list) in kinds where !list.isEmpty {
                lines.append("\(kind):")
                for tag in list {
                    lines.append("  \(tag.display)")
                    if explain {
                        for evidence in tag.evidence {
                            lines.append("    \"\(evidence.text)\" [\(evidence.start)..<\(evidence.end)] \(evidence.rule)")
                        }
                    }
                }
            }
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
    }
}

/// Lets a JSON object mix value types.
struct AnyEncodable: Encodable {
    private let encode: (any Encoder) throws -> Void

    init(_ value: some Encodable) { encode = value.encode }

    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}

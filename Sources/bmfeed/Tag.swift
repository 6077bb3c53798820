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

        func validate() throws {
            if counts && !lines { throw ValidationError("--counts counts tags per line: use it with --lines") }
        }

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
                        printText("\(result.snippets) snippets in \(evaluate)\n")
                        printText(result.table, terminator: "")
                        if explain {
                            for miss in result.misses {
                                printText("\nline \(miss.line) \(miss.kind): missing \(miss.missing) unexpected \(miss.unexpected)\n  \(miss.text)")
                            }
                        }
                    }
                    return
                }
                let input: String
                if text == ["-"] || text.isEmpty {
                    // A directory, a closed or broken standard input is a one-line error, not a trap.
                    do {
                        input = String(decoding: try FileHandle.standardInput.readToEnd() ?? Data(), as: UTF8.self)
                    } catch {
                        throw WorkspaceError(
                            message:
                                "cannot read the text to tag from standard input: it is closed, a directory or unreadable (pass the text as arguments, or - with a file: bmfeed tag - < abstract.txt)"
                        )
                    }
                } else {
                    input = text.joined(separator: " ")
                }
                // Only the first 64 KB of a text are tagged (time and memory stay bounded): say so.
                if !lines, input.utf8.count > Tagger.maxBytes {
                    printStatus("bmfeed: only the first \(Tagger.maxBytes / 1024) KB of the text (\(input.utf8.count / 1024) KB) are tagged")
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
                    printText(render(tags), terminator: "")
                }
            }
        }

        /// One result per input line, for batch tagging and throughput measurements.
        private func tagLines(_ input: String, with tagger: Tagger) throws {
            let bytes = Array(input.utf8)
            if counts {
                let counts = LineTagging.count(bytes, with: tagger)
                for kind in TaggingEvaluation.kinds {
                    for (tag, count) in counts.top(kind) { printText("\(kind)\t\(count)\t\(tag)") }
                }
                printStatus(
                    String(
                        format: "tagged %d lines, %.1f MB in %.2f s: %.1f MB/s, %.0f lines/s", counts.lines, Double(counts.bytes) / 1_048_576,
                        counts.seconds, counts.megabytesPerSecond, counts.linesPerSecond))
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try LineTagging.tag(bytes, with: tagger) { tags in
                switch format {
                case .json where explain: return Array(try encoder.encode(tags))
                case .json: return LineTagging.displaysJSON(tags.displays)
                case .text: return Array(render(tags).utf8)
                }
            } write: {
                FileHandle.standardOutput.write($0)
            }
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

import FeedModel
import Foundation

/// Scores a tagger against hand-labelled snippets: precision, recall and F1 per tag kind.
///
/// The gold file is JSONL, one snippet a line: `{"text": "...", "genes": [...], "alterations": [...],
/// "drugs": [...], "phases": [...], "types": [...], "nct": [...]}`; a kind left out of a line is not
/// scored on that line (so a snippet written for drugs does not count against genes).
public struct TaggingEvaluation: Sendable {
    /// Counts for one kind.
    public struct Score: Sendable, Codable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
    }

    /// One wrong snippet: what was expected and what came out.
    public struct Miss: Sendable, Codable, Hashable {
        public var line: Int
        public var kind: String
        public var text: String
        public var missing: [String]
        public var unexpected: [String]
    }

    public static let kinds = ["genes", "alterations", "drugs", "phases", "types", "nct"]

    public var scores: [String: Score] = [:]
    public var misses: [Miss] = []
    public var snippets = 0

    /// Tags every snippet of `gold` and compares.
    ///
    /// - Throws: ``ConfigError`` naming the line of a malformed snippet.
    public static func run(_ tagger: Tagger, gold: URL) throws -> TaggingEvaluation {
        var evaluation = TaggingEvaluation()
        guard let text = try? String(contentsOf: gold, encoding: .utf8) else {
            throw ConfigError(file: gold.path, message: "cannot read the gold file (missing, unreadable or not UTF-8)")
        }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix("//") else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let snippet = object["text"] as? String
            else {
                throw ConfigError(file: gold.path, line: offset + 1, message: "not a gold snippet: {\"text\": ..., \"genes\": [...], ...}")
            }
            evaluation.snippets += 1
            let found = tagger.tag(snippet).displays
            for kind in kinds {
                guard let expected = object[kind] as? [String] else { continue }
                let want = Set(expected)
                let got = Set(found[kind] ?? [])
                var score = evaluation.scores[kind, default: Score()]
                score.truePositives += want.intersection(got).count
                score.falsePositives += got.subtracting(want).count
                score.falseNegatives += want.subtracting(got).count
                evaluation.scores[kind] = score
                if want != got {
                    evaluation.misses.append(
                        Miss(
                            line: offset + 1, kind: kind, text: snippet, missing: want.subtracting(got).sorted(),
                            unexpected: got.subtracting(want).sorted()))
                }
            }
        }
        return evaluation
    }

    /// A table: kind, TP, FP, FN, precision, recall, F1.
    public var table: String {
        var lines = ["kind          TP    FP    FN  precision  recall     F1"]
        for kind in Self.kinds {
            guard let score = scores[kind] else { continue }
            lines.append(
                String(
                    format: "%@%5d %5d %5d     %.3f   %.3f  %.3f", kind.padding(toLength: 12, withPad: " ", startingAt: 0), score.truePositives,
                    score.falsePositives, score.falseNegatives, score.precision, score.recall, score.f1))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

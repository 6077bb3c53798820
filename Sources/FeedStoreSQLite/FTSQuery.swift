import Foundation

/// Turns what a user types into an FTS5 query that cannot be a syntax error.
///
/// FTS5 gives `-`, `"`, `*`, `(`, `:` and the words AND/OR/NOT/NEAR meanings of their own, so
/// `HER2-low` would read as "HER2 NOT low". Every word becomes a quoted string (a phrase when it
/// holds punctuation, so `HER2-low` matches "HER2-low" and "HER2 low"); a trailing `*` keeps its
/// prefix meaning; text in double quotes stays one phrase; all parts must match.
public enum FTSQuery {
    /// The FTS5 MATCH expression, or nil when the text has nothing searchable.
    public static func make(_ text: String) -> String? { make(text, synonyms: [:]) }

    /// As ``make(_:)``, a word with `synonyms` (keyed lower-cased) matching any of them too:
    /// `("enhertu" OR "trastuzumab deruxtecan" OR "t dxd")`.
    public static func make(_ text: String, synonyms: [String: [String]]) -> String? {
        var parts: [String] = []
        for (index, chunk) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            if index % 2 == 1 {
                let words = tokens(chunk)
                if !words.isEmpty { parts.append(quoted(words)) }
            } else {
                for word in chunk.split(whereSeparator: \.isWhitespace) {
                    let words = tokens(word)
                    guard !words.isEmpty else { continue }
                    let alternatives = (synonyms[word.lowercased()] ?? []).map { tokens(Substring($0)) }.filter { !$0.isEmpty && $0 != words }
                    if !alternatives.isEmpty, !word.hasSuffix("*") {
                        parts.append("(" + ([words] + alternatives).map(quoted).joined(separator: " OR ") + ")")
                        continue
                    }
                    parts.append(quoted(words) + (word.hasSuffix("*") ? " *" : ""))
                }
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// Letters and digits runs, as the unicode61 tokenizer splits them.
    private static func tokens(_ text: Substring) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    private static func quoted(_ words: [String]) -> String {
        "\"" + words.joined(separator: " ") + "\""
    }
}

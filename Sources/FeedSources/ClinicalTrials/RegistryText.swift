import FeedModel
import Foundation

/// Normalises registry text so that format noise never becomes a change.
///
/// The v2 API writes CommonMark with backslash escapes (`\>=`, `\[`), the history API and legacy
/// records write HTML (`<p>`, `&#x2F;`, `&amp;`); the same words arrive in all of these forms.
public enum RegistryText {
    static func normalize(_ text: String?) -> String? {
        guard let text else { return nil }
        let result = collapse(decodeEntities(stripTags(unescapeMarkdown(text))))
        return result.isEmpty ? nil : result
    }

    /// `\X` for ASCII punctuation X becomes X, as CommonMark reads it.
    static func unescapeMarkdown(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\\", let next = iterator.next() {
                if next.isASCII && next.isPunctuation || next.isASCII && next.isSymbol {
                    result.append(next)
                } else {
                    result.append(character)
                    result.append(next)
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static let tag = try? NSRegularExpression(pattern: "</?[a-zA-Z][a-zA-Z0-9]*(\\s[^<>]*)?/?>")

    static func stripTags(_ text: String) -> String {
        guard text.contains("<"), let tag else { return text }
        return tag.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[ampersand...]
            if let semicolon = after.prefix(12).firstIndex(of: ";"), let decoded = entity(String(after[after.index(after: ampersand)..<semicolon])) {
                result.append(decoded)
                rest = after[after.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = after.dropFirst()
            }
        }
        result += rest
        return result
    }

    private static func entity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            let number: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                number = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                number = UInt32(name.dropFirst())
            } else {
                number = nil
            }
            return number.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    /// Whitespace runs become one space; markdown list bullets ("* ", "• ") are dropped, since
    /// the legacy API wrote the same lists as plain lines.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).filter { $0 != "*" && $0 != "•" }.joined(separator: " ")
    }

    /// A key for matching names across versions: case, punctuation and spacing ignored.
    public static func matchKey(_ text: String) -> String {
        text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(String.init).joined()
    }
}

import Foundation

/// What a body that should be XML or JSON looks like when it is neither: a proxy's, a captive
/// portal's or a server's HTML error page, answered with 200. Said plainly instead of a parser's
/// complaint about `<meta>` tags.
public enum BodySniff {
    /// "an HTML page (…title…)" when the body starts as HTML, else nil.
    public static func htmlPage(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(2048), as: UTF8.self)
        let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix(15).lowercased()
        guard start.hasPrefix("<!doctype html") || start.hasPrefix("<html") else { return nil }
        var title = ""
        if let open = head.range(of: "<title>", options: .caseInsensitive),
            let close = head.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<head.endIndex)
        {
            title = head[open.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let shown = title.isEmpty ? "" : " \"\(title.prefix(80))\""
        return "an HTML page\(shown) came back instead of data (a proxy, captive portal or error page?)"
    }
}

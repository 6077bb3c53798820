import Foundation

/// The terminal and mail form of an entry, in the domain primer's layout:
///
/// ```
/// 3d   Zanidatamab in HER2-low gastric cancer: a single-arm study. (PubMed, J Clin Oncol)
///      Objective responses were seen in 12 of 40 patients...Grade 3 diarrhoea occurred in 10%.
///      Clinical • Journal
///      HER-2 (Human epidermal growth factor receptor 2) • TP53 (Tumor protein P53)
///      HER-2 underexpression • TP53 mutation
///      zanidatamab (ZW25) • capecitabine
///      PMID 123456 · doi:10.1000/xyz · NCT01234567
/// ```
///
/// One line per tag category, items joined by ` • `, never one tag a line. Data is cleaned of
/// control characters before it reaches the terminal; colour comes only from `style`.
public struct EntryText: Sendable {
    public var width: Int
    public var style: TextStyle
    /// Start with the age (`3d`); false for text read later (Atom content), where it would go stale.
    public var showsAge: Bool

    public init(width: Int = 100, style: TextStyle = .plain, showsAge: Bool = true) {
        self.width = max(40, width)
        self.style = style
        self.showsAge = showsAge
    }

    public func render(_ entry: Digest.Entry) -> String {
        let clean = DigestRenderer.clean
        var out = ""
        let age = (showsAge ? entry.age : "").padding(toLength: indent.count, withPad: " ", startingAt: 0)
        let marker = entry.retracted ? "RETRACTED ▸ " : ""
        var first = wrap("\(marker)\(clean(entry.title)) (\(clean(entry.source)))", first: style.bold(age), firstWidth: age.count)
        if entry.retracted, let range = first.range(of: "RETRACTED ▸") { first.replaceSubrange(range, with: style.alert("RETRACTED ▸")) }
        out += first
        if !entry.summary.isEmpty { out += wrap(clean(entry.summary)) }
        for change in DigestRenderer.extra(entry) { out += wrap(clean(change)) }
        for line in [entry.types, entry.genes, entry.alterations, entry.drugs] where !line.isEmpty {
            out += wrap(line.map(clean).joined(separator: " • "), style: style.dim)
        }
        var ids = [entry.kind == .article ? "PMID \(entry.id)" : entry.id]
        if let doi = entry.doi { ids.append("doi:\(clean(doi))") }
        ids += entry.links.map(clean)
        ids.append(entry.url)
        out += wrap(ids.joined(separator: " · "))
        if let evidence = entry.evidence, !evidence.isEmpty {
            for item in evidence {
                out += wrap(
                    "\(item.category) \(clean(item.tag)) ← \"\(clean(item.text))\" [\(item.start)–\(item.end)] \(clean(item.rule))", style: style.dim)
            }
        }
        return out
    }

    private let indent = "     "

    /// `text` wrapped to `width` for other renderers: `first` before the first line, the indent before the rest.
    static func wrap(_ text: String, width: Int, first: String, firstWidth: Int) -> String {
        EntryText(width: width).wrap(text, first: first, firstWidth: firstWidth)
    }

    /// Word-wraps `text` to the width; the first line starts with `first` (`firstWidth` columns
    /// on screen, escape codes aside), the rest with the indent.
    private func wrap(_ text: String, first: String? = nil, firstWidth: Int? = nil, style apply: (String) -> String = { $0 }) -> String {
        var lines: [String] = []
        var line = ""
        var used = firstWidth ?? indent.count
        for word in text.split(separator: " ") {
            if !line.isEmpty && used + 1 + word.count > width {
                lines.append(line)
                line = ""
                used = indent.count
            }
            if !line.isEmpty {
                line += " "
                used += 1
            }
            line += word
            used += word.count
        }
        lines.append(line)
        return lines.enumerated().map { index, text in (index == 0 ? first ?? indent : indent) + apply(text) }.joined(separator: "\n") + "\n"
    }
}

/// How terminal output may be styled: plain for files, pipes, mail and `NO_COLOR`; ANSI on a TTY.
public struct TextStyle: Sendable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = TextStyle(colour: false)

    func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func alert(_ text: String) -> String { colour ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }
}

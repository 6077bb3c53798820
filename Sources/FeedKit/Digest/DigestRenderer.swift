import Foundation

/// Renders a ``Digest`` as text, Markdown, HTML, JSON or Atom. Data never reaches the output
/// unescaped: control characters are dropped from text, Markdown and HTML/XML escaping applied.
public enum DigestRenderer {
    // MARK: - Text

    /// Plain text wrapped to `width` (the mail's plain part, the terminal): notices, then watch
    /// alerts, then each feed's entries in the one entry layout (``EntryText``).
    public static func text(_ digest: Digest, width: Int = 100, style: TextStyle = .plain) -> String {
        let layout = EntryText(width: width, style: style)
        var out = "bmfeed digest: new from \(stamp(digest.from)) to \(stamp(digest.to))\n"
        for notice in digest.notices { out += "\n" + style.alert("!! \(clean(notice))") + "\n" }
        if !digest.alerts.isEmpty {
            out += "\n== Watch alerts (\(digest.alerts.count))\n"
            // One heading per trial or paper, its alerts under it.
            for group in grouped(digest.alerts) {
                out += "\n" + EntryText.wrap("\(clean(group[0].id))  \(clean(group[0].title))", width: width, first: "", firstWidth: 0)
                for alert in group { out += EntryText.wrap(clean(alert.line), width: width, first: "  • ", firstWidth: 4) }
                out += "     \(group[0].url)\n"
            }
        }
        for section in digest.sections {
            out += "\n== \(clean(section.feed)): \(clean(section.biomarker)) (\(count(section.entries)))\n"
            if section.entries.isEmpty { out += "\nnothing new\n" }
            for entry in section.entries { out += "\n" + layout.render(entry) }
        }
        return out
    }

    // MARK: - Markdown

    /// Markdown for the archive and GitHub: notices and watch alerts first, a heading per feed, an
    /// entry per third-level heading, one line per tag category.
    public static func markdown(_ digest: Digest) -> String {
        var out = "# bmfeed digest\n\nNew from \(stamp(digest.from)) to \(stamp(digest.to)).\n"
        for notice in digest.notices { out += "\n> **\(md(notice))**\n" }
        if !digest.alerts.isEmpty {
            out += "\n## Watch alerts (\(digest.alerts.count))\n\n"
            for group in grouped(digest.alerts) {
                out += "- [\(md(group[0].id)) \(md(group[0].title))](\(mdURL(group[0].url)))\n"
                for alert in group { out += "  - **\(md(alert.line))**\n" }
            }
        }
        for section in digest.sections {
            out += "\n## \(md(section.feed)): \(md(section.biomarker)) (\(count(section.entries)))\n"
            if section.entries.isEmpty { out += "\nNothing new.\n" }
            for entry in section.entries {
                out += "\n### \(entry.retracted ? "⚠ RETRACTED: " : "")[\(md(entry.title))](\(mdURL(entry.url)))\n\n"
                var meta = [md(entry.age), md(entry.source), (entry.kind == .article ? "PMID " : "") + md(entry.id)]
                if let doi = entry.doi { meta.append("doi:" + md(doi)) }
                meta += entry.links.map(md)
                out += "*\(meta.joined(separator: " · "))*\n\n"
                if !entry.summary.isEmpty { out += "> \(md(entry.summary))\n\n" }
                for change in extra(entry) { out += "- \(md(change))\n" }
                if !extra(entry).isEmpty { out += "\n" }
                var lines: [String] = []
                if !entry.types.isEmpty { lines.append("**Type:** " + entry.types.map(md).joined(separator: " • ")) }
                if !entry.genes.isEmpty { lines.append("**Genes:** " + entry.genes.map(md).joined(separator: " • ")) }
                if !entry.alterations.isEmpty { lines.append("**Biomarkers:** " + entry.alterations.map(md).joined(separator: " • ")) }
                if !entry.drugs.isEmpty { lines.append("**Drugs:** " + entry.drugs.map(md).joined(separator: " • ")) }
                if !lines.isEmpty { out += lines.joined(separator: "  \n") + "\n" }
            }
        }
        return out
    }

    // MARK: - HTML

    /// One self-contained page: inline CSS, no script, every field escaped, readable on a phone.
    public static func html(_ digest: Digest) -> String {
        var body = ""
        for notice in digest.notices { body += "<p class=\"notice\">\(html(notice))</p>\n" }
        if !digest.alerts.isEmpty {
            body += "<section class=\"alerts\"><h2>Watch alerts <span class=\"count\">\(digest.alerts.count)</span></h2>\n<ul>\n"
            for group in grouped(digest.alerts) {
                body += "<li><a href=\"\(html(group[0].url))\">\(html(group[0].id)) \(html(group[0].title))</a><ul>"
                body += group.map { "<li><strong>\(html($0.line))</strong></li>" }.joined() + "</ul></li>\n"
            }
            body += "</ul></section>\n"
        }
        for section in digest.sections {
            body +=
                "<section><h2>\(html(section.feed)) <span class=\"marker\">\(html(section.biomarker))</span> <span class=\"count\">\(count(section.entries))</span></h2>\n"
            if section.entries.isEmpty { body += "<p class=\"empty\">Nothing new.</p>\n" }
            for entry in section.entries {
                body += "<article class=\"\(entry.kind.rawValue)\(entry.retracted ? " retracted" : "")\">\n"
                if entry.retracted { body += "<p class=\"retracted-flag\">RETRACTED — do not rely on this paper</p>\n" }
                body += "<h3><a href=\"\(html(entry.url))\">\(html(entry.title))</a></h3>\n"
                body +=
                    "<p class=\"meta\"><span class=\"age\">\(html(entry.age))</span> · \(html(entry.source)) · \(entry.kind == .article ? "PMID " : "")\(html(entry.id))\(entry.doi.map { " · doi:" + html($0) } ?? "")\(entry.links.map { " · " + html($0) }.joined())</p>\n"
                if !entry.summary.isEmpty { body += "<p class=\"summary\">\(html(entry.summary))</p>\n" }
                if !extra(entry).isEmpty {
                    body += "<ul class=\"changes\">" + extra(entry).map { "<li>\(html($0))</li>" }.joined() + "</ul>\n"
                }
                let tags =
                    entry.types.map { ("type", $0) } + entry.genes.map { ("gene", $0) } + entry.alterations.map { ("alteration", $0) }
                    + entry.drugs.map { ("drug", $0) }
                if !tags.isEmpty {
                    body += "<p class=\"tags\">" + tags.map { "<span class=\"tag \($0.0)\">\(html($0.1))</span>" }.joined(separator: " ") + "</p>\n"
                }
                body += "</article>\n"
            }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>bmfeed digest \(html(CalendarDay(digest.to).iso))</title>
            <style>
            body{font:16px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d2330;background:#fff}
            h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;border-bottom:2px solid #2b6cb0;padding-bottom:.25rem;margin-top:2rem}
            .marker{color:#2b6cb0;font-weight:normal}.count{color:#666;font-weight:normal;font-size:.9rem}
            article{border-bottom:1px solid #e2e6ee;padding:.75rem 0}h3{font-size:1.05rem;margin:0 0 .25rem}h3 a{color:#1a365d;text-decoration:none}
            h3 a:hover{text-decoration:underline}.meta{color:#555;font-size:.85rem;margin:0}.age{font-weight:bold;color:#2b6cb0}
            .summary{margin:.4rem 0}.changes{margin:.25rem 0 .25rem 1.2rem;padding:0}.tags{margin:.4rem 0 0}
            .tag{display:inline-block;font-size:.78rem;border-radius:.8rem;padding:.1rem .55rem;margin:.1rem 0;background:#edf2f7;color:#2d3748}
            .tag.alteration{background:#e6fffa;color:#234e52}.tag.drug{background:#fefcbf;color:#5f370e}.tag.type{background:#ebf4ff;color:#2a4365}
            .notice{background:#fff5f5;border-left:4px solid #c53030;padding:.5rem .75rem;font-weight:bold;color:#742a2a}
            .alerts{background:#fffaf0;border:1px solid #dd6b20;border-radius:.4rem;padding:0 .75rem .5rem}.alerts h2{border-color:#dd6b20;margin-top:.5rem}
            article.retracted{background:#fff5f5;border-left:4px solid #c53030;padding-left:.6rem}
            .retracted-flag{color:#c53030;font-weight:bold;letter-spacing:.05em;margin:0 0 .2rem}
            .empty{color:#666}footer{color:#777;font-size:.8rem;margin-top:2rem}
            @media (max-width:600px){body{font-size:15px;padding:.6rem}}
            </style>
            </head>
            <body>
            <h1>bmfeed digest</h1>
            <p class="meta">New from \(html(stamp(digest.from))) to \(html(stamp(digest.to)))</p>
            \(body)<footer>Generated by bmfeed from PubMed and ClinicalTrials.gov.</footer>
            </body>
            </html>

            """
    }

    // MARK: - Atom

    /// An RFC 4287 feed for one digest section: stable ids, RFC 3339 times, a feed-level author.
    public static func atom(_ section: Digest.Section, generatedAt: Date) -> String {
        let updated = section.entries.map(\.updated).max() ?? generatedAt
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>urn:bmfeed:feed:\(xml(section.feed))</id>
              <title>bmfeed: \(xml(section.feed)) (\(xml(section.biomarker)))</title>
              <updated>\(rfc3339(updated))</updated>
              <author><name>bmfeed</name></author>
              <generator>bmfeed</generator>

            """
        for entry in section.entries {
            out += atomEntry(entry)
        }
        return out + "</feed>\n"
    }

    /// An Atom entry. A paper's id is its PMID; once it is retracted or corrected it becomes a new
    /// entry (`…:retracted:DAY`) with a new `updated`, so feed readers show it again. A trial's id
    /// names the day of its change.
    static func atomEntry(_ entry: Digest.Entry) -> String {
        let day = entry.eventDay?.iso ?? CalendarDay(entry.updated).iso
        var id = entry.kind == .article ? "urn:bmfeed:article:\(entry.id)" : "urn:bmfeed:trial:\(entry.id):\(day)"
        if entry.kind == .article && entry.retracted {
            id += ":retracted:\(CalendarDay(entry.updated).iso)"
        } else if entry.kind == .article && !entry.changes.isEmpty {
            id += ":corrected:\(CalendarDay(entry.updated).iso)"
        }
        var out = "  <entry>\n"
        out += "    <id>\(xml(id))</id>\n"
        out += "    <title>\(entry.retracted ? "RETRACTED: " : "")\(xml(entry.title))</title>\n"
        out += "    <link rel=\"alternate\" href=\"\(xml(entry.url))\"/>\n"
        out += "    <updated>\(rfc3339(entry.updated))</updated>\n"
        let text = ([entry.summary] + extra(entry)).filter { !$0.isEmpty }.joined(separator: "\n")
        if !text.isEmpty { out += "    <summary type=\"text\">\(xml(text))</summary>\n" }
        // The whole entry as the text layout shows it: trial line, changes, tags, links.
        out += "    <content type=\"text\">\(xml(EntryText(width: 100, showsAge: false).render(entry)))</content>\n"
        for tag in entry.types + entry.genes + entry.alterations + entry.drugs {
            out += "    <category term=\"\(xml(tag))\"/>\n"
        }
        return out + "  </entry>\n"
    }

    // MARK: - JSON

    public static func json(_ digest: Digest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(digest), as: UTF8.self) + "\n"
    }

    /// Alerts grouped by what they are about, in the order each first appears.
    static func grouped(_ alerts: [Digest.Alert]) -> [[Digest.Alert]] {
        var order: [String] = []
        var groups: [String: [Digest.Alert]] = [:]
        for alert in alerts {
            if groups[alert.id] == nil { order.append(alert.id) }
            groups[alert.id, default: []].append(alert)
        }
        return order.compactMap { groups[$0] }
    }

    /// Lines to list under an entry: a trial's changes after the headline one (which its summary
    /// line already shows); a paper's retraction or correction notices.
    static func extra(_ entry: Digest.Entry) -> [String] {
        entry.kind == .trial ? Array(entry.changes.dropFirst()) : entry.changes
    }

    // MARK: - Escaping

    private static func count(_ entries: [Digest.Entry]) -> String {
        let papers = entries.filter { $0.kind == .article }.count
        let trials = entries.count - papers
        return "\(papers) \(papers == 1 ? "paper" : "papers"), \(trials) \(trials == 1 ? "trial" : "trials")"
    }

    /// Drops control characters (ESC and friends) so data cannot drive the terminal.
    public static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || scalar == "\r" {
                scalars.append(" ")
            } else if scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Escapes only what Markdown would read as markup here: emphasis, code, links, HTML,
    /// entities, and a block marker at the start; `(`, `)`, `-->` stay as they are.
    static func md(_ text: String) -> String {
        var out = ""
        for character in clean(text) {
            if "\\`*_[]<&~".contains(character) || (out.isEmpty && "#+-=|>".contains(character)) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A link target Markdown cannot break out of.
    static func mdURL(_ url: String) -> String {
        replacing(url, ["(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"])
    }

    static func html(_ text: String) -> String {
        replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    /// `text` cleaned of control characters, each character in `table` replaced by its value.
    private static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        for character in clean(text) {
            if let replacement = table[character] { out += replacement } else { out.append(character) }
        }
        return out
    }

    static func xml(_ text: String) -> String { html(text) }

    static func rfc3339(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
            .replacingOccurrences(of: "+0000", with: "Z")
    }

    /// `2026-11-24 09:00 UTC`.
    public static func stamp(_ date: Date) -> String {
        let day = CalendarDay(date)
        let seconds = Int(date.timeIntervalSince(day.date))
        return String(format: "%@ %02d:%02d UTC", day.iso, seconds / 3600, (seconds % 3600) / 60)
    }
}

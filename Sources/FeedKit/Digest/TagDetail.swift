import Foundation

/// The tag block of `bmfeed show`: each category on one labelled line, and with `--explain` every
/// piece of evidence (the text span and the rule that gave the tag).
public enum TagDetail {
    public static func render(_ entry: Digest.Entry) -> String {
        let clean = DigestRenderer.clean
        var lines = ["", "Tags"]
        let categories = [
            ("Types", entry.types), ("Genes", entry.genes), ("Biomarkers", entry.alterations), ("Drugs", entry.drugs), ("Phases", entry.phases),
        ]
        for (label, tags) in categories where !tags.isEmpty {
            lines.append("  " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + tags.map(clean).joined(separator: " • "))
        }
        if categories.allSatisfy({ $0.1.isEmpty }) { lines.append("  none (run bmfeed retag if the store predates tagging)") }
        if let evidence = entry.evidence {
            lines.append("")
            lines.append("Evidence")
            for item in evidence {
                let span = item.start == item.end ? "metadata" : "[\(item.start)–\(item.end)]"
                lines.append("  \(item.category) \(clean(item.tag)) ← \"\(clean(item.text))\" \(span), \(clean(item.rule))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import FeedModel
import FeedTagging
import Foundation

/// Turns what a user types for a tag filter into the stored display tag, through the tagger, so
/// any synonym works (`--drug DS-8201a` finds Enhertu); a misspelling gets a suggestion.
public struct TagResolver: Sendable {
    public let tagger: Tagger?

    public init(tagger: Tagger?) {
        self.tagger = tagger
    }

    /// The phase tags entries carry.
    public static let phases = ["P1", "P1/2", "P2", "P2/3", "P3", "P4", "P=N/A"]

    /// The entry-type tags entries carry: the tagger's own list, so a type it gives can always be searched.
    public static var types: [String] { EntryTagger.types }

    /// The phase tag for what people type: `P3`, `p3`, `3`, `III`, `phase 3`, `Phase II/III`,
    /// `1/2`, `NA`, `N/A`, `P=N/A`; nil for anything else.
    public static func phase(_ text: String) -> String? {
        var word = text.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
        if word.hasPrefix("phase") { word.removeFirst(5) }
        if word.hasPrefix("p=") { word.removeFirst(2) } else if word.hasPrefix("p") { word.removeFirst() }
        if ["na", "n/a", "notapplicable"].contains(word) { return "P=N/A" }
        let roman = ["i": "1", "ii": "2", "iii": "3", "iv": "4"]
        // "Ib", "1b", "IIa": a phase's sub-steps are that phase.
        let parts = word.split(separator: "/").map { part -> String in
            var part = String(part)
            if part.count > 1, let last = part.last, last == "a" || last == "b",
                roman[String(part.dropLast())] != nil || part.dropLast().allSatisfy(\.isNumber)
            {
                part.removeLast()
            }
            return roman[part] ?? part
        }
        let label = "P" + parts.joined(separator: "/")
        return phases.contains(label) ? label : nil
    }

    /// A filter that cannot be resolved.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) {
            self.message = message
        }
    }

    /// Resolves each (kind, typed value) pair; a value the tagger does not know is refused, with
    /// the nearest known name when there is one.
    /// The tag `value` names as a whole ("T-DXd" → Enhertu), or nil: a tag found in only part of
    /// it ("trastuzumab" inside "trastuzumab deruxtecn") is another name, and taking it would
    /// silently watch or search the wrong drug.
    public static func wholeName(_ value: String, kind: TagKind, tagger: Tagger) -> String? {
        let bytes = Array(value.utf8)
        // The name's letters and digits must all be inside one tag's evidence: a sign or bracket
        // around them ("ER+", "HER2 (+)") is read by the tagger but is not part of its span.
        let wordByte = { (byte: UInt8) in byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) }
        guard let first = bytes.firstIndex(where: wordByte), let last = bytes.lastIndex(where: wordByte) else { return nil }
        let all = tagger.tag(value)
        let tags = all[kind]
        // A tag shown as typed ("KRAS G12C", whose evidence is the change alone) is that tag.
        let typed = value.trimmingCharacters(in: .whitespaces)
        if let shown = tags.first(where: { $0.display.caseInsensitiveCompare(typed) == .orderedSame }) { return shown.display }
        if let whole = tags.first(where: { tag in tag.evidence.contains { $0.start <= first && $0.end >= last + 1 } }) { return whole.display }
        // "EGFR ex19del", "HER2 IHC 1+": the gene's words and the state's words together name one
        // tag of the kind asked for, when every letter and digit typed is inside some evidence.
        if tags.count == 1 {
            var covered = [Bool](repeating: false, count: bytes.count)
            for kind in TagKind.allCases {
                for tag in all[kind] {
                    for evidence in tag.evidence { for index in max(0, evidence.start)..<min(bytes.count, evidence.end) { covered[index] = true } }
                }
            }
            if (first...last).allSatisfy({ covered[$0] || !wordByte(bytes[$0]) }) { return tags[0].display }
        }
        return tagger.display(named: value, kind: kind)
    }

    public func filters(_ wanted: [(TagKind, [String])], ontologyPath: String) throws(Failure) -> [TagFilter] {
        guard wanted.contains(where: { !$0.1.isEmpty }) else { return [] }
        guard let tagger else { throw Failure(message: "tag filters need the ontology in \(ontologyPath)") }
        var filters: [TagFilter] = []
        for (kind, values) in wanted {
            for value in values {
                if kind == .phases {
                    guard let phase = Self.phase(value) else {
                        throw Failure(
                            message: "no phase \"\(value)\"; phases are \(Self.phases.joined(separator: ", ")) (3, III and \"phase 3\" work too)")
                    }
                    filters.append(TagFilter(kind: .phases, value: phase))
                } else if kind == .types {
                    guard
                        let type = Self.types.first(where: { $0.caseInsensitiveCompare(value.trimmingCharacters(in: .whitespaces)) == .orderedSame })
                    else {
                        let near = Self.types.min {
                            Suggestions.editDistance(value.lowercased(), $0.lowercased())
                                < Suggestions.editDistance(value.lowercased(), $1.lowercased())
                        }
                        let hint = near.map { "; did you mean \($0)?" } ?? ""
                        throw Failure(message: "no type \"\(value)\"\(hint) Types: \(Self.types.joined(separator: ", "))")
                    }
                    filters.append(TagFilter(kind: .types, value: type))
                } else if let resolved = Self.wholeName(value, kind: kind, tagger: tagger) {
                    filters.append(TagFilter(kind: kind, value: resolved))
                } else {
                    // Stored tags all come from the tagger, so a name it does not know can match
                    // nothing: refuse it rather than answer with a silent empty result.
                    let hint = Suggestions.nearest(value, kind: kind.rawValue, ontology: tagger.ontology).map { "; did you mean \($0)?" }
                    throw Failure(
                        message: "no \(Suggestions.noun(kind.rawValue)) \"\(value)\"\(hint ?? " in the ontology (\(ontologyPath))")")
                }
            }
        }
        return filters
    }
}

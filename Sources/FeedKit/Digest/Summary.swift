import Foundation

/// An extract of an abstract's most telling sentences (one to three, verbatim), joined by `...`;
/// never invented text.
///
/// Results and conclusions say what a paper found, so a structured abstract gives its first
/// RESULTS sentence and its first CONCLUSIONS sentence. An unstructured one gives its first
/// sentence (the question) and its last (the answer). When the entry's biomarkers or drugs are
/// known (`mentions`, e.g. the spans its tags came from) and no picked sentence names one, the
/// first sentence that does joins them, in abstract order.
public enum Summary {
    public static func extract(_ article: Article, mentions: [String] = [], maxLength: Int = 320) -> String {
        let sections = article.abstract
        guard !sections.isEmpty else { return "" }
        var picked: [String] = []
        // NlmCategory when given; else the label, in the words journals use (Lancet: Findings, Interpretation).
        for names in [["RESULT", "FINDING"], ["CONCLUSION", "INTERPRETATION"]] {
            if let section = sections.first(where: { section in
                let name = (section.category ?? section.label ?? "").uppercased()
                return names.contains { name.hasPrefix($0) }
            }),
                let sentence = sentences(section.text).first
            {
                picked.append(sentence)
            }
        }
        let all = sections.flatMap { sentences($0.text) }
        if picked.isEmpty {
            picked = all.count > 1 ? [all[0], all[all.count - 1]] : all
        }
        let names = mentions.map { $0.lowercased() }.filter { $0.count > 1 }
        func namesOne(_ sentence: String) -> Bool {
            let lower = sentence.lowercased()
            return names.contains { lower.contains($0) }
        }
        if !names.isEmpty, !picked.contains(where: namesOne), let naming = all.first(where: namesOne) {
            picked.append(naming)
            picked.sort { (all.firstIndex(of: $0) ?? 0) < (all.firstIndex(of: $1) ?? 0) }
        }
        // "…tumours...Grade 3…": a sentence's own full stop gives way to the joining dots.
        let joined = picked.enumerated().map { index, sentence in
            index < picked.count - 1 && sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence
        }
        return clip(joined.joined(separator: "..."), to: maxLength)
    }

    /// Splits at `. `, `! `, `? ` followed by a capital or digit; decimals and "et al." stay whole.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            guard ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " " else { continue }
            let next = characters[index + 2]
            let tail = current.suffix(6).lowercased()
            if (next.isUppercase || next.isNumber || next == "(") && !tail.hasSuffix("et al.") && !tail.hasSuffix(" vs.") && !tail.hasSuffix(" e.g.")
            {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    private static func clip(_ text: String, to length: Int) -> String {
        guard text.count > length else { return text }
        let cut = text.prefix(length)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "..."
    }
}

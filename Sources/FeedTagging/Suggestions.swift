import FeedModel

/// "Did you mean Enhertu?": the nearest known name for a misspelt search filter.
public enum Suggestions {
    /// The closest drug or gene name (edit distance at most a third of the word, and 3), or nil.
    public static func nearest(_ text: String, kind: String, ontology: Ontology) -> String? {
        let names: [String]
        switch kind {
        case "drugs": names = ontology.drugs.flatMap(\.names)
        case "genes": names = ontology.genes.flatMap { [$0.symbol] + $0.aliases }
        case "alterations":
            // A biomarker is a gene and a cue as people write them: HER2-low, EGFR mutation.
            let genes = ontology.genes.filter { !$0.needsContext }.flatMap { [$0.symbol] + $0.aliases }
            names = genes.flatMap { gene in alterationCues.flatMap { ["\(gene)-\($0)", "\(gene) \($0)"] } } + genes
        default: return nil
        }
        let wanted = text.lowercased()
        var best: (String, Int)?
        for name in names {
            let distance = editDistance(wanted, name.lowercased())
            if distance < (best?.1 ?? Int.max) { best = (name, distance) }
        }
        guard let (name, distance) = best, distance > 0, distance <= min(3, max(1, wanted.count / 3)) else { return nil }
        return name
    }

    static let alterationCues = [
        "low", "ultralow", "positive", "negative", "mutation", "mutant", "amplification", "fusion", "deletion", "overexpression", "expression",
        "high", "loss",
    ]

    /// The name in `names` nearest `text` (edit distance at most 3), or nil: for "did you mean"
    /// over a closed list (commands, feed names).
    public static func closest(_ text: String, among names: some Collection<String>) -> String? {
        let near = names.min { editDistance(text, $0) < editDistance(text, $1) }
        return near.flatMap { editDistance(text, $0) <= 3 ? $0 : nil }
    }

    public static func noun(_ kind: String) -> String {
        switch kind {
        case "drugs": return "drug"
        case "genes": return "gene"
        case "alterations": return "biomarker"
        case "phases": return "phase"
        default: return "type"
        }
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

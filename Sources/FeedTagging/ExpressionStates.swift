import FeedModel

/// Expression read from how basic-science abstracts say it: lists in a clause that measures
/// amounts ("the expression of p53 and BCL-2 was increased"), verbs of amount after the gene
/// ("BAX was reduced") and the words that name a list's kind ("expression of the pro-apoptotic
/// genes, including BAD and BAX").
extension Tagger {
    /// Whether two gene mentions stand in one list: next to each other across "and"/"or", a comma,
    /// a slash or a hyphen, in one clause. `comma` says a bare comma joins them.
    func listJoint(_ tokens: TextTokens, _ left: Found, _ right: Found) -> (joined: Bool, comma: Bool) {
        let list = tokens.tokens
        let between = left.range.upperBound..<right.range.lowerBound
        guard between.count <= 1, !clauseEnds(tokens, before: right.range.lowerBound) else { return (false, false) }
        if between.count == 1 { return (Self.joiners.contains(list[between.lowerBound].hash), false) }
        let gap = tokens.bytes[list[left.range.upperBound - 1].end..<list[right.range.lowerBound].start]
        if gap.contains(UInt8(ascii: ",")) { return (true, true) }
        return (gap.allSatisfy { $0 == 0x20 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") } && !gap.isEmpty, false)
    }

    /// "the expression of NF-κB, p53 and BCL-2 was increased", "reduced proliferation (PCNA,
    /// cyclin D1)", "p-ERK1/2 and p-STAT3 were decreased": a list of two or more genes with no
    /// state of their own, in a clause that measures amounts, is the list's expression.
    func measuredLists(_ tokens: TextTokens, _ found: inout [Found]) {
        let list = tokens.tokens
        var start = 0
        while start < found.count {
            var end = start
            while end + 1 < found.count, listJoint(tokens, found[end], found[end + 1]).joined { end += 1 }
            defer { start = end + 1 }
            // Genes only: "HPV and ctDNA levels" are not expression.
            guard end > start,
                (start...end).allSatisfy({
                    found[$0].kinds.isEmpty && found[$0].changes.isEmpty && !found[$0].negated
                        && (gene(found[$0].gene).hgnc != nil || gene(found[$0].gene).generated)
                })
            else {
                continue
            }
            let first = found[start].range.lowerBound
            let last = found[end].range.upperBound
            // The amount word measures the list, not what is done to it: "decreased interaction
            // of EGFR and Beclin-1", "PD-1/PD-L1 blockade increased", "while blocking ERK1/2".
            var cue: Int?
            var position = first - 1
            while position >= max(0, first - 10), !clauseEnds(tokens, before: position + 1), !Self.actsOn.contains(list[position].hash) {
                if isAmountWord(list, position) { cue = position; break }
                position -= 1
            }
            // After the list, only "were (significantly)" may stand between it and the word:
            // "EZH1/2 and showed that its expression" is another clause's subject.
            position = last
            while cue == nil, position < min(list.count, last + 4), !clauseEnds(tokens, before: position) {
                let hash = list[position].hash
                if isAmountWord(list, position) {
                    cue = position
                } else if !Self.verbFillers.contains(hash) && hash != Self.differentially {
                    break
                }
                position += 1
            }
            guard let cue else { continue }
            for index in start...end {
                let span = min(cue, found[index].range.lowerBound)..<max(cue + 1, found[index].range.upperBound)
                found[index].add("expression", span, "gene list + amount word in its clause")
            }
        }
    }

    static let differentially = TextTokens.hash("differentially")

    /// An amount word, or "up-regulation"/"down-regulated" written in two words.
    private func isAmountWord(_ list: [TextTokens.Token], _ position: Int) -> Bool {
        let hash = list[position].hash
        if Self.amountWords.contains(hash) { return true }
        return (hash == Self.regulation || hash == Self.regulated) && position > 0 && Self.upDown.contains(list[position - 1].hash)
    }

    /// Words that say a clause measures how much of something there is.
    static let amountWords: Set<UInt64> = Set(
        [
            "expression", "expressions", "expressed", "levels", "level", "upregulated", "downregulated", "upregulation", "downregulation",
            "upregulate", "downregulate", "increased", "decreased", "reduced", "elevated", "enhanced", "suppressed",
            "overexpressed", "overexpression", "staining", "immunoreactivity", "abundance",
        ].map { TextTokens.hash(Substring($0)) })

    /// Words for what is done to genes or between them, not how much of them there is.
    static let actsOn: Set<UInt64> = Set(
        [
            "blockade", "blocking", "blocked", "interaction", "interactions", "binding", "inhibition", "inhibitor", "inhibitors", "inhibiting",
            "activity", "activities", "activation", "signaling", "signalling", "pathway", "pathways", "targeting", "targeted", "axis",
            "addition", "complex", "while", "whereas", "antibody", "antibodies", "therapy", "treatment", "mutation", "mutations",
            // Phosphorylated and cleaved forms are activity: "levels of phosphorylated ERK1/2", "cleaved caspase-3".
            "phosphorylated", "phosphorylation", "phospho", "cleaved", "cleavage", "p",
        ].map { TextTokens.hash(Substring($0)) })
    /// Verbs that say an amount changed, after "was"/"were": "BAX was reduced".
    static let amountVerbs: Set<UInt64> = Set(
        ["increased", "decreased", "reduced", "elevated", "enhanced", "suppressed", "diminished", "lowered", "raised", "augmented"].map {
            TextTokens.hash(Substring($0))
        })
    /// Words naming the kind of genes a list holds, between "expression of" and the list.
    static let listHeads: Set<UInt64> = Set(
        [
            "the", "its", "their", "these", "pro", "anti", "apoptotic", "apoptosis", "related", "associated", "gene", "genes", "protein",
            "proteins", "marker", "markers", "including", "such", "as", "key", "several", "enzymes", "enzyme", "antioxidant",
            "inflammatory", "cytokines", "mrna", "both", "total", "oncogenic", "oncogene", "oncogenes", "tumor", "tumour",
            "suppressor", "suppressors", "cycle", "cell", "factor", "factors", "transcription",
        ].map { TextTokens.hash(Substring($0)) })
}

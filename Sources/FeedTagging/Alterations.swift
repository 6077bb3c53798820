import FeedModel

/// The alteration rules: what state each gene mention is in ("HER2-low", "EGFR-mutant",
/// "loss of PTEN", "KRAS G12C"), read from the words around it.
extension Tagger {
    // MARK: - Alterations

    func alterations(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let list = tokens.tokens
        var found: [(mention: (range: Range<Int>, gene: Int), kinds: [(String, Range<Int>)])] = []
        for mention in mentions {
            let gene = ontology.genes[mention.gene]
            var kinds: [(String, Range<Int>)] = []
            let last = mention.range.upperBound - 1
            // Symbol glued to + or -: "ER+", "HER2-".
            if let next = tokens.byte(after: last) {
                if next == UInt8(ascii: "+") { kinds.append(("positive", mention.range)) }
                let suspended = mention.range.upperBound < list.count && Self.joiners.contains(list[mention.range.upperBound].hash)
                if next == UInt8(ascii: "-"), let after = tokens.byte(afterNext: last), !TextTokens.isWordByte(after), after != UInt8(ascii: "/"),
                    !suspended
                {
                    kinds.append(("negative", mention.range))
                }
            }
            // Words after the gene: "HER2-low", "EGFR-mutant", "ALK rearrangement", "HER2 gene amplification".
            var position = mention.range.upperBound
            var skipped = 0
            while position < list.count, skipped < 3 {
                let hash = list[position].hash
                if let (_, length) = variants.match(list, at: position) {
                    position += length
                    continue
                }
                if let kind = cues[hash] {
                    // "low"/"ultralow" only right after the gene ("HER2-low"), not in "IDH2-mutant low-grade".
                    let adjacent =
                        position == mention.range.upperBound
                        || (position == mention.range.upperBound + 1 && kind == "underexpression" && kinds.isEmpty)
                    if (kind == "underexpression" || kind == "ultralow") && !adjacent && !kinds.isEmpty { break }
                    kinds.append((kind, mention.range.lowerBound..<(position + 1)))
                    position += 1
                    continue
                }
                if Self.fillers.contains(hash) || isNumber(tokens, position) {
                    skipped += 1
                    position += 1
                    continue
                }
                break
            }
            // Words before it: "low HER2 expression", "loss of p53".
            let first = mention.range.lowerBound
            // …but not the "low" of a gene just before: "HER2-low, hormone receptor-positive".
            let afterGene = mentions.contains { $0.range.upperBound == first - 1 }
            if first > 0, !afterGene, let kind = cues[list[first - 1].hash], kind == "underexpression" || kind == "overexpression" {
                kinds.append((kind, (first - 1)..<mention.range.upperBound))
            }
            if first > 1, list[first - 1].hash == Self.of, list[first - 2].hash == Self.loss {
                kinds.append(("deletion", (first - 2)..<mention.range.upperBound))
            }
            found.append((mention, resolve(kinds, gene: gene)))
        }
        // A list shares the alteration named after its last gene: "PALB2 and ATM mutations",
        // "BRCA1- or BRCA2-mutated", "PIK3CA, AKT1 or PTEN alterations".
        for index in found.indices.reversed() where index + 1 < found.count && found[index].kinds.isEmpty {
            let next = found[index + 1]
            let between = found[index].mention.range.upperBound..<next.mention.range.lowerBound
            guard between.count <= 1, between.allSatisfy({ Self.joiners.contains(list[$0].hash) }) else { continue }
            found[index].kinds = next.kinds.filter {
                ["mutation", "amplification", "fusion", "deletion", "positive", "negative", "expression", "overexpression", "wild-type"].contains(
                    $0.0)
            }
        }
        for (mention, kinds) in found {
            let gene = ontology.genes[mention.gene]
            let named = tokens.text(mention.range).lowercased()
            // Biomarkers whose state is in their own name: "dMMR", "MSI-H", "TMB-high".
            if let state = Self.namedState(gene.symbol, named) {
                let evidence = TagSet.Evidence(
                    start: list[mention.range.lowerBound].start, end: list[mention.range.upperBound - 1].end, text: tokens.text(mention.range),
                    rule: "biomarker named with its state")
                tags.add(\.alterations, state, evidence)
            }
            for (kind, range) in kinds {
                let evidence = TagSet.Evidence(
                    start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: "gene + \(kind) cue")
                tags.add(\.alterations, Self.stateDisplay(gene.symbol, kind), evidence)
            }
        }
        tripleNegative(tokens, into: &tags)
        if mentions.contains(where: { ontology.genes[$0.gene].symbol == "HER-2" }) { her2Scores(tokens, mentions, into: &tags) }
        namedVariants(tokens, mentions, into: &tags)
    }

    /// The clinical names of MSI, TMB and MMR states: "MSI positive" is MSI-H, "TMB high" TMB-high.
    static func stateDisplay(_ symbol: String, _ kind: String) -> String {
        switch (symbol, kind) {
        case ("MSI", "positive"), ("MSI", "overexpression"): return "MSI-H"
        case ("MSI", "negative"), ("MSI", "underexpression"): return "MSS"
        case ("TMB", "positive"), ("TMB", "overexpression"): return "TMB-high"
        case ("TMB", "negative"), ("TMB", "underexpression"): return "TMB-low"
        case ("MMR", "deletion"), ("MMR", "negative"): return "dMMR"
        case ("MMR", "positive"): return "pMMR"
        default: return "\(symbol) \(kind)"
        }
    }

    /// A state the biomarker's own name carries ("dMMR", "MSI-high", "TMB-H"), or nil.
    static func namedState(_ symbol: String, _ named: String) -> String? {
        switch symbol {
        case "MMR":
            if named.hasPrefix("dmmr") || named.contains("deficien") { return "dMMR" }
            if named.hasPrefix("pmmr") || named.contains("proficien") { return "pMMR" }
        case "MSI": if named.hasSuffix("-h") || named.hasSuffix("high") { return "MSI-H" }
        case "TMB": if named.hasSuffix("-h") || named.hasSuffix("high") { return "TMB-high" }
        default: break
        }
        return nil
    }

    /// "triple-negative", "triple negative", "TNBC": negative for ER, PR and HER2 together.
    func tripleNegative(_ tokens: TextTokens, into tags: inout TagSet) {
        let list = tokens.tokens
        for (index, token) in list.enumerated() {
            let isTNBC = token.hash == Self.tnbc
            guard isTNBC || (token.hash == Self.triple && index + 1 < list.count && cues[list[index + 1].hash] == "negative") else { continue }
            let range = index..<(isTNBC ? index + 1 : index + 2)
            tags.add(
                \.alterations, "triple negative",
                TagSet.Evidence(
                    start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: "triple negative"))
        }
    }

    static let triple = TextTokens.hash("triple")
    static let tnbc = TextTokens.hash("tnbc")

    /// Words that may sit between a gene and its alteration: "HER2 gene amplification", "EGFR exon mutation".
    static let fillers: Set<UInt64> = Set(
        [
            "gene", "protein", "status", "receptor", "somatic", "germline", "activating", "point", "ihc", "exon", "co", "hotspot", "type", "strong",
            "strongly", "weak", "weakly",
        ].map {
            TextTokens.hash(Substring($0))
        })

    /// "expression" after "low" or "over" is part of that; positive + overexpression stays both.
    func resolve(_ kinds: [(String, Range<Int>)], gene: Ontology.Gene) -> [(String, Range<Int>)] {
        var result: [(String, Range<Int>)] = []
        let names = Set(kinds.map(\.0))
        for (kind, range) in kinds {
            if kind == "expression" && (names.contains("underexpression") || names.contains("overexpression")) { continue }
            if kind == "ultralow" && names.contains("underexpression") && gene.symbol == "HER-2" {
                // "ultra-low" splits as ultra + low: it is ultralow, not low.
                result.removeAll { $0.0 == "underexpression" }
            }
            if kind == "underexpression" && names.contains("ultralow") { continue }
            if result.contains(where: { $0.0 == kind }) { continue }
            result.append((kind, range))
        }
        return result.map { ($0.0 == "ultralow" ? "ultralow" : $0.0, $0.1) }
    }

    /// HER2 IHC/ISH scores: 1+ and 2+/ISH- are HER2-low, 3+ and 2+/ISH+ positive, 0+ ultralow, 0 null.
    func her2Scores(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let bytes = tokens.bytes
        let list = tokens.tokens
        for (index, token) in list.enumerated() {
            guard token.end - token.start == 1, let digit = Optional(bytes[token.start]), (0x30...0x33).contains(digit) else { continue }
            // A score is "IHC n", "HER2 n+" or "n+" after IHC within 3 words.
            let plus = token.end < bytes.count && bytes[token.end] == UInt8(ascii: "+")
            let nearIHC = (max(0, index - 3)..<index).contains { list[$0].hash == Self.ihc || list[$0].hash == Self.her2 }
            guard nearIHC, plus || digit == 0x30 else { continue }
            // A bare 0 is a score only right after IHC, HER2 or "score", and not a count or a
            // number ("HER2-low, 0 of 40 patients", "n=0", "0.7"): a hostile week found those
            // tagged HER2-negative.
            if digit == 0x30 && !plus && !bareZeroIsScore(tokens, at: index) { continue }
            let kind: String
            switch digit {
            case 0x31: kind = "underexpression"
            case 0x32: kind = ishNegative(tokens, after: index) ? "underexpression" : ishPositive(tokens, after: index) ? "positive" : "expression"
            case 0x33: kind = "positive"
            default: kind = plus ? "ultralow" : "negative"
            }
            if digit == 0x32 && kind == "expression" { continue }
            let range = max(0, index - 1)..<min(list.count, index + 1)
            tags.add(
                \.alterations, "HER-2 \(kind)",
                TagSet.Evidence(
                    start: list[range.lowerBound].start, end: token.end + (plus ? 1 : 0), text: tokens.text(range), rule: "HER2 IHC/ISH score"))
        }
    }

    func bareZeroIsScore(_ tokens: TextTokens, at index: Int) -> Bool {
        let list = tokens.tokens
        let bytes = tokens.bytes
        guard index > 0, [Self.ihc, Self.her2, Self.score].contains(list[index - 1].hash) else { return false }
        // The 0 and its predecessor are separated by a space, a colon or "=" at most, not a comma.
        let between = bytes[list[index - 1].end..<list[index].start]
        guard between.allSatisfy({ $0 == 0x20 || $0 == 0x3A }) else { return false }
        let end = list[index].end
        if end < bytes.count, [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "%")].contains(bytes[end]),
            end + 1 >= bytes.count || (0x30...0x39).contains(bytes[end + 1]) || bytes[end] == UInt8(ascii: "%")
        {
            return false
        }
        if index + 1 < list.count, [Self.of, Self.patients].contains(list[index + 1].hash) { return false }
        return true
    }

    static let score = TextTokens.hash("score")
    static let patients = TextTokens.hash("patients")
    static let ihc = TextTokens.hash("ihc")
    static let her2 = TextTokens.hash("her2")
    static let ish = TextTokens.hash("ish")
    static let fish = TextTokens.hash("fish")
    static let negativeWord = TextTokens.hash("negative")
    static let positiveWord = TextTokens.hash("positive")
    static let amplified = TextTokens.hash("amplified")
    static let nonamplified = TextTokens.hash("nonamplified")

    func ishNegative(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: true)
    }

    func ishPositive(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: false)
    }

    /// "2+/ISH-", "2+ and ISH-negative", "2+ without amplification", "2+/ISH+", "2+ amplified".
    func ishResult(_ tokens: TextTokens, after index: Int, negative: Bool) -> Bool {
        let list = tokens.tokens
        let window = (index + 1)..<min(list.count, index + 6)
        for position in window {
            let hash = list[position].hash
            if hash == Self.ish || hash == Self.fish {
                if let next = tokens.byte(after: position) {
                    if next == UInt8(ascii: "-") || next == 0xE2 {
                        let after = tokens.byte(afterNext: position)
                        if after == nil || !TextTokens.isWordByte(after ?? 0) || next == 0xE2 { return negative }
                    }
                    if next == UInt8(ascii: "+") { return !negative }
                }
                if position + 1 < list.count {
                    let word = list[position + 1].hash
                    if word == Self.negativeWord || word == Self.non { return negative }
                    if word == Self.positiveWord || word == Self.amplified { return !negative }
                }
            }
            if hash == Self.nonamplified || hash == Self.non { return negative }
        }
        return false
    }

    func namedVariants(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let list = tokens.tokens
        var index = 0
        while index < list.count {
            guard let (entry, length) = variants.match(list, at: index) else {
                index += 1
                continue
            }
            // "KRAS non-G12C" names what the tumour does not have.
            if index > 0, list[index - 1].hash == Self.non {
                index += length
                continue
            }
            // The nearest gene named before it wins for shared variants (exon 20 insertion: EGFR or HER2).
            var gene = entry.payload.gene
            if let near = mentions.last(where: { $0.range.upperBound <= index && index - $0.range.upperBound <= 4 }) {
                let symbol = ontology.genes[near.gene].symbol
                if entry.payload.name.lowercased().hasPrefix("exon 20") && (symbol == "HER-2" || symbol == "EGFR") { gene = symbol }
            }
            let name = entry.payload.name.lowercased().hasPrefix("exon") ? entry.payload.name.lowercased() : entry.payload.name
            let range = index..<(index + length)
            tags.add(
                \.alterations, "\(gene) \(Self.canonicalVariant(name))",
                TagSet.Evidence(start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range), rule: "named variant"))
            // "V600E-mutant", "T790M-positive", "exon 20 insertion mutations": the gene gets that kind too.
            if index + length < list.count, let kind = cues[list[index + length].hash], kind == "mutation" || kind == "positive" {
                tags.add(
                    \.alterations, "\(gene) \(kind)",
                    TagSet.Evidence(
                        start: list[index].start, end: list[index + length].end, text: tokens.text(index..<(index + length + 1)),
                        rule: "named variant + \(kind) cue"))
            }
            if !tags.genes.contains(where: { $0.display.hasPrefix(gene + " (") }), let known = ontology.genes.first(where: { $0.symbol == gene }) {
                tags.add(
                    \.genes, known.display,
                    TagSet.Evidence(
                        start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range), rule: "gene of a named variant"))
            }
            index += length
        }
    }

    /// "exon 19 deletions" → "exon 19 deletion"; "ex19del" → "exon 19 deletion".
    static func canonicalVariant(_ name: String) -> String {
        switch name.lowercased() {
        case "exon 19 deletions", "exon 19 del", "ex19del": return "exon 19 deletion"
        case "exon 20 insertions": return "exon 20 insertion"
        case "metex14": return "exon 14 skipping"
        default: return name
        }
    }
}

import FeedModel
import Foundation

/// Tags text with genes, alterations, drugs, phases, entry types and NCT ids, keeping for every
/// tag the span and rule that produced it.
///
/// One pass tokenises the text and looks every word up in phrase indexes built from the ontology
/// (leftmost-longest wins); alteration, phase and type rules then read the words around what
/// matched. Short gene symbols (ER, PR, AR, MET, ALK, RET …) count only written in capitals and
/// next to a biomedical word, so "ER visits" and "the study met its endpoint" stay untagged.
public final class Tagger: Sendable {
    private enum Concept: Sendable {
        case gene(Int, guarded: Bool)
        case drug(Int)
    }

    public let ontology: Ontology
    private let concepts: PhraseIndex<Concept>
    private let cues: HashTable<String>
    private let variants: PhraseIndex<(gene: String, name: String)>

    public init(ontology: Ontology) {
        self.ontology = ontology
        var concepts = PhraseIndex<Concept>()
        for (index, gene) in ontology.genes.enumerated() {
            for name in [gene.symbol] + gene.aliases {
                let guarded = (gene.needsContext && name.count <= 4) || name.count <= 2
                concepts.insert(name, .gene(index, guarded: guarded))
            }
        }
        for (index, drug) in ontology.drugs.enumerated() {
            for name in drug.names { concepts.insert(name, .drug(index)) }
        }
        self.concepts = concepts
        var cues = HashTable<String>()
        for (kind, words) in Self.alterationWords {
            for word in words { cues[TextTokens.hash(Substring(word))] = kind }
        }
        self.cues = cues
        var variants = PhraseIndex<(gene: String, name: String)>()
        for (gene, names) in Self.namedVariants {
            for name in names { variants.insert(name, (gene, name)) }
        }
        self.variants = variants
    }

    // MARK: - Vocabulary of the rules

    /// Words after (or before) a gene that say how it is altered.
    static let alterationWords: [(String, [String])] = [
        ("positive", ["positive", "positivity", "pos", "enriched"]),
        ("negative", ["negative", "negativity", "neg", "null", "zero"]),
        // Wild-type is not negative: "EGFR negative" reads as no protein on IHC.
        ("wild-type", ["wild", "wildtype"]),
        ("underexpression", ["low", "underexpression", "underexpressing"]),
        ("ultralow", ["ultralow", "ultra"]),
        ("overexpression", ["overexpression", "overexpressed", "overexpresses", "overexpressing", "high"]),
        ("expression", ["expression", "expressing", "expressed", "staining"]),
        ("amplification", ["amplification", "amplifications", "amplified", "amp"]),
        (
            "mutation",
            ["mutation", "mutations", "mutant", "mutants", "mutated", "mut", "variant", "variants", "alteration", "alterations", "comutations"]
        ),
        ("fusion", ["fusion", "fusions", "rearrangement", "rearrangements", "rearranged", "translocation"]),
        ("deletion", ["deletion", "deletions", "deleted", "loss"]),
    ]

    /// Named variants and the gene they belong to when the text names none nearby.
    static let namedVariants: [(String, [String])] = [
        ("BRAF", ["V600E", "V600K", "V600"]),
        (
            "EGFR",
            ["L858R", "T790M", "C797S", "exon 19 deletion", "exon 19 deletions", "exon 19 del", "ex19del", "exon 20 insertion", "exon 20 insertions"]
        ),
        ("KRAS", ["G12C", "G12D", "G12V", "G13D", "G12R"]),
        ("PIK3CA", ["H1047R", "E545K", "E542K"]),
        ("ER", ["Y537S", "D538G"]),
        ("MET", ["exon 14 skipping", "METex14"]),
        ("JAK2", ["V617F"]),
        ("PDGFRA", ["D842V"]),
        ("KIT", ["D816V"]),
        ("IDH1", ["R132H"]),
        ("BCR-ABL1", ["T315I"]),
    ]

    static let joiners: Set<UInt64> = Set(["and", "or"].map { TextTokens.hash(Substring($0)) })
    private static let hr = TextTokens.hash("hr")
    private static let randomWords: Set<UInt64> = Set(
        ["randomized", "randomised", "randomly", "randomization", "randomisation"].map { TextTokens.hash(Substring($0)) })
    /// Words that, right after a short symbol, say it is something else.
    static let vetoes: Set<UInt64> = Set(
        ["stress", "lumen", "membrane", "visits", "visit", "physician", "physicians", "department", "team", "staff", "interval", "glasses"].map {
            TextTokens.hash(Substring($0))
        })
    private static let of = TextTokens.hash("of")
    private static let non = TextTokens.hash("non")
    private static let loss = TextTokens.hash("loss")

    /// A token of digits only (exon numbers).
    private func isNumber(_ tokens: TextTokens, _ index: Int) -> Bool {
        let token = tokens.tokens[index]
        return tokens.bytes[token.start..<token.end].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Words that make a short symbol a biomarker: ER positive, RET fusion, ALK inhibitor.
    static let contextWords: Set<UInt64> = Set(
        [
            "positive", "negative", "status", "expression", "receptor", "receptors", "mutation", "mutations", "mutant", "mutated",
            "fusion", "fusions", "rearranged", "rearrangement", "amplification", "amplified", "ihc", "exon", "inhibitor", "inhibitors",
            "tki", "tkis", "kinase", "positivity", "hormone", "low", "overexpression", "altered", "alteration", "alterations",
            "wild", "wildtype", "driven", "gene", "targeted", "staining", "serum", "level", "levels", "deficiency", "deficient",
            "velocity", "doubling", "kinetics", "loss",
        ].map { TextTokens.hash(Substring($0)) })

    // MARK: - Tagging

    /// Tags `text`; `title` (when given) is tagged too and weighs in on entry types.
    public func tag(_ text: String) -> TagSet {
        tag(utf8: Array(text.utf8))
    }

    /// The text one call tags: PubMed's longest abstracts are under 10 KB, and some rules cost
    /// more than linear time on text dense with names, so a hostile 3 MB abstract took minutes.
    public static let maxBytes = 64 << 10

    /// Tags UTF-8 bytes (a line of a file, an abstract) without building a String first; only
    /// the first ``maxBytes`` (cut at a character boundary) are read.
    public func tag(utf8 bytes: [UInt8]) -> TagSet {
        var bytes = bytes
        if bytes.count > Self.maxBytes {
            var end = Self.maxBytes
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.removeSubrange(end...)
        }
        let tokens = TextTokens(bytes: bytes)
        var tags = TagSet()
        var geneMentions: [(range: Range<Int>, gene: Int)] = []
        let list = tokens.tokens
        var index = 0
        while index < list.count {
            if let (entry, length) = concepts.match(
                list, at: index,
                accept: { entry, length in
                    guard case .gene(_, let guarded) = entry.payload, guarded else { return true }
                    return self.passesContext(tokens, index, length)
                })
            {
                let range = index..<(index + length)
                let evidence = TagSet.Evidence(
                    start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range),
                    rule: {
                        switch entry.payload {
                        case .gene(_, let guarded): return guarded ? "gene symbol in biomedical context" : "gene name or alias"
                        case .drug: return "drug name"
                        }
                    }())
                switch entry.payload {
                case .gene(let gene, _):
                    tags.add(\.genes, ontology.genes[gene].display, evidence)
                    geneMentions.append((range, gene))
                case .drug(let drug):
                    tags.add(\.drugs, ontology.drugs[drug].display, evidence)
                }
                index += length
                continue
            }
            index += 1
        }
        alterations(tokens, geneMentions, into: &tags)
        phases(tokens, into: &tags)
        types(tokens, into: &tags)
        ncts(tokens, into: &tags)
        return tags
    }

    /// A guarded symbol counts when written in capitals and followed by `+`/`-`, or next to a
    /// context word or another gene within three words.
    private func passesContext(_ tokens: TextTokens, _ index: Int, _ length: Int) -> Bool {
        let list = tokens.tokens
        guard (index..<(index + length)).allSatisfy({ list[$0].isUpper }) else { return false }
        let last = index + length - 1
        // "ER stress", "ER lumen", "ER visits": the endoplasmic reticulum and the emergency room.
        if last + 1 < list.count, Self.vetoes.contains(list[last + 1].hash) { return false }
        // "HR" is also a hazard ratio, homologous recombination and hormone replacement: only "HR+", "HR-positive".
        if length == 1, list[index].hash == Self.hr {
            if let next = tokens.byte(after: last), next == UInt8(ascii: "+") { return true }
            guard last + 1 < list.count, let kind = cues[list[last + 1].hash] else { return false }
            return kind == "positive" || kind == "negative"
        }
        if let next = tokens.byte(after: last), next == UInt8(ascii: "+") || next == 0xE2 { return true }
        if let next = tokens.byte(after: last), next == UInt8(ascii: "-"), let after = tokens.byte(afterNext: last), !TextTokens.isWordByte(after) {
            return true
        }
        let window = max(0, index - 3)..<min(list.count, last + 4)
        for position in window where position < index || position > last {
            if Self.contextWords.contains(list[position].hash) { return true }
        }
        // Another marker right beside it, or one word away across "and"/"or": "ER/PR", "ER and PR".
        for position in [index - 1, index - 2, last + 1, last + 2] where position >= 0 && position < list.count {
            let between = position < index ? position + 1..<index : (last + 1)..<position
            guard between.allSatisfy({ Self.joiners.contains(list[$0].hash) }) else { continue }
            if list[position].isUpper, list[position].hash != list[index].hash, concepts.match(list, at: position) != nil { return true }
        }
        return false
    }

    // MARK: - Alterations

    private func alterations(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
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
                    let adjacent = position == mention.range.upperBound || (position == mention.range.upperBound + 1 && kind == "underexpression")
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
    private func tripleNegative(_ tokens: TextTokens, into tags: inout TagSet) {
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

    private static let triple = TextTokens.hash("triple")
    private static let tnbc = TextTokens.hash("tnbc")

    /// Words that may sit between a gene and its alteration: "HER2 gene amplification", "EGFR exon mutation".
    static let fillers: Set<UInt64> = Set(
        [
            "gene", "protein", "status", "receptor", "somatic", "germline", "activating", "point", "ihc", "exon", "co", "hotspot", "type", "strong",
            "strongly", "weak", "weakly",
        ].map {
            TextTokens.hash(Substring($0))
        })

    /// "expression" after "low" or "over" is part of that; positive + overexpression stays both.
    private func resolve(_ kinds: [(String, Range<Int>)], gene: Ontology.Gene) -> [(String, Range<Int>)] {
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
    private func her2Scores(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
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

    private func bareZeroIsScore(_ tokens: TextTokens, at index: Int) -> Bool {
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

    private static let score = TextTokens.hash("score")
    private static let patients = TextTokens.hash("patients")
    private static let ihc = TextTokens.hash("ihc")
    private static let her2 = TextTokens.hash("her2")
    private static let ish = TextTokens.hash("ish")
    private static let fish = TextTokens.hash("fish")
    private static let negativeWord = TextTokens.hash("negative")
    private static let positiveWord = TextTokens.hash("positive")
    private static let amplified = TextTokens.hash("amplified")
    private static let nonamplified = TextTokens.hash("nonamplified")

    private func ishNegative(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: true)
    }

    private func ishPositive(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: false)
    }

    /// "2+/ISH-", "2+ and ISH-negative", "2+ without amplification", "2+/ISH+", "2+ amplified".
    private func ishResult(_ tokens: TextTokens, after index: Int, negative: Bool) -> Bool {
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

    private func namedVariants(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
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
    private static func canonicalVariant(_ name: String) -> String {
        switch name.lowercased() {
        case "exon 19 deletions", "exon 19 del", "ex19del": return "exon 19 deletion"
        case "exon 20 insertions": return "exon 20 insertion"
        case "metex14": return "exon 14 skipping"
        default: return name
        }
    }

    // MARK: - Phases, types, NCT ids

    private static let romans: [UInt64: Int] = [
        TextTokens.hash("i"): 1, TextTokens.hash("ii"): 2, TextTokens.hash("iii"): 3, TextTokens.hash("iv"): 4,
        TextTokens.hash("1"): 1, TextTokens.hash("2"): 2, TextTokens.hash("3"): 3, TextTokens.hash("4"): 4,
        TextTokens.hash("ib"): 1, TextTokens.hash("1b"): 1, TextTokens.hash("ia"): 1, TextTokens.hash("1a"): 1,
        TextTokens.hash("iia"): 2, TextTokens.hash("2a"): 2, TextTokens.hash("iib"): 2, TextTokens.hash("2b"): 2,
        TextTokens.hash("iiia"): 3, TextTokens.hash("3a"): 3, TextTokens.hash("iiib"): 3, TextTokens.hash("3b"): 3,
    ]
    private static let phaseWord = TextTokens.hash("phase")

    private func phases(_ tokens: TextTokens, into tags: inout TagSet) {
        let list = tokens.tokens
        for index in list.indices where list[index].hash == Self.phaseWord && index + 1 < list.count {
            guard let first = Self.romans[list[index + 1].hash] else { continue }
            var last = first
            var end = index + 2
            if end < list.count, let second = Self.romans[list[end].hash], second == first + 1,
                let separator = tokens.byte(after: index + 1), separator == UInt8(ascii: "/")
            {
                last = second
                end += 1
            }
            let label = last == first ? "P\(first)" : "P\(first)/\(last)"
            tags.add(
                \.phases, label,
                TagSet.Evidence(start: list[index].start, end: list[end - 1].end, text: tokens.text(index..<end), rule: "phase in text"))
            // "phase I and II studies": two phases, each its own tag.
            if end + 1 < list.count, Self.joiners.contains(list[end].hash), let other = Self.romans[list[end + 1].hash], other != first {
                tags.add(
                    \.phases, "P\(other)",
                    TagSet.Evidence(start: list[index].start, end: list[end + 1].end, text: tokens.text(index..<(end + 2)), rule: "phase in text"))
            }
        }
    }

    private static let typeCues: [(String, [String])] = [
        ("Meta-analysis", ["meta-analysis", "meta-analyses", "metaanalysis", "pooled analysis"]),
        (
            "Review",
            ["systematic review", "narrative review", "a review", "review of", "literature review", "scoping review", "we review", "this review"]
        ),
        ("Retrospective data", ["retrospective", "retrospectively", "real-world", "real world"]),
        (
            "Preclinical",
            ["xenograft", "xenografts", "mice", "murine", "in vitro", "in vivo", "cell lines", "cell line", "organoids", "tumor-bearing"]
        ),
        ("Clinical", ["patients", "randomized", "randomised", "trial", "cohort", "participants"]),
        ("Erratum", ["erratum", "corrigendum", "correction to"]),
        ("Retracted", ["retracted", "retraction"]),
    ]

    /// The entry types the text cues give (``EntryTagger/types`` lists them all).
    public static var cueTypes: Set<String> { Set(typeCues.map(\.0)) }

    private static let typeIndex: PhraseIndex<String> = {
        var index = PhraseIndex<String>()
        for (type, cues) in typeCues { for cue in cues { index.insert(cue, type) } }
        return index
    }()

    private func types(_ tokens: TextTokens, into tags: inout TagSet) {
        let index = Self.typeIndex
        let list = tokens.tokens
        var position = 0
        while position < list.count {
            if let (entry, length) = index.match(list, at: position) {
                tags.add(
                    \.types, entry.payload,
                    TagSet.Evidence(
                        start: list[position].start, end: list[position + length - 1].end, text: tokens.text(position..<(position + length)),
                        rule: "entry type cue"))
                position += length
            } else {
                position += 1
            }
        }
        // Results of a phase 3 trial: a phase 3 randomised study, not a cohort that mentions one.
        if let phase = tags.phases.first, phase.display == "P3", tags.types.contains(where: { $0.display == "Clinical" }),
            !tags.types.contains(where: { $0.display == "Retrospective data" }), list.contains(where: { Self.randomWords.contains($0.hash) })
        {
            tags.add(
                \.types, "P3 data",
                TagSet.Evidence(start: phase.evidence[0].start, end: phase.evidence[0].end, text: phase.evidence[0].text, rule: "phase 3 + clinical"))
        }
        let io = ["PD-L1", "PD-1", "TMB", "MSI", "MMR", "CTLA-4"]
        if let marker = tags.genes.first(where: { tag in io.contains { tag.display.hasPrefix($0 + " (") } }) {
            tags.add(
                \.types, "IO biomarker",
                TagSet.Evidence(
                    start: marker.evidence[0].start, end: marker.evidence[0].end, text: marker.evidence[0].text, rule: "immuno-oncology biomarker"))
        }
    }

    private func ncts(_ tokens: TextTokens, into tags: inout TagSet) {
        for token in tokens.tokens where token.end - token.start == 11 {
            let bytes = tokens.bytes[token.start..<token.end]
            let prefix = Array(bytes.prefix(3)).map { $0 | 0x20 }
            guard prefix == Array("nct".utf8), bytes.dropFirst(3).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            let id = "NCT" + String(decoding: bytes.dropFirst(3), as: UTF8.self)
            tags.add(\.nct, id, TagSet.Evidence(start: token.start, end: token.end, text: id, rule: "NCT id"))
        }
    }
}

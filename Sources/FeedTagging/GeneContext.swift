import FeedModel

/// One written form of a generated gene (a symbol, an alias or the full name), checked against
/// the text's case on every match: NCBI's symbols are upper case and mouse genes are written
/// "Kras" or "Trp53", so "KRAS" and "Bax" (title case, in gene context) count and "kras" does not.
struct LexiconForm: Sendable {
    enum Kind: Sendable { case symbol, alias, name }
    enum Match { case exact, loose }

    var text: String
    var kind: Kind
    /// The form's letters and digits as written ("IL-6" → "IL6"), compared byte by byte.
    let squeezed: [UInt8]

    init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
        squeezed = Array(text.utf8.filter(TextTokens.isWordByte))
    }

    /// The phrases a form is looked up under: "CDK4" also as "CDK-4"/"CDK 4", "IL-6" also as "IL6".
    static func variants(of text: String, _ kind: Kind) -> [String] {
        guard kind != .name else { return [text] }
        var result = [text]
        let squeezed = Array(text.utf8.filter(TextTokens.isWordByte))
        if squeezed.count != text.utf8.count { result.append(String(decoding: squeezed, as: UTF8.self)) }
        // Letters then digits: split before the digits ("MMP-9", "CDK 4"), for short letter parts
        // only: trial names are longer words with a number ("TOPAZ-1", "PAOLA-1").
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        if let digit = squeezed.firstIndex(where: isDigit), (2...4).contains(digit), squeezed[digit...].allSatisfy(isDigit),
            squeezed[..<digit].allSatisfy({ !isDigit($0) && $0 < 0x80 })
        {
            result.append(String(decoding: squeezed[..<digit] + [0x20] + squeezed[digit...], as: UTF8.self))
        }
        return result
    }

    /// How the text at `range` matches this form's case, or nil when it does not. Runs for every
    /// word that is some gene's symbol in another case ("was" is WAS), so it allocates nothing.
    func written(_ tokens: TextTokens, _ range: Range<Int>) -> Match? {
        if kind == .name { return .exact }
        let bytes = tokens.bytes
        var count = 0
        for index in range { count += tokens.tokens[index].end - tokens.tokens[index].start }
        guard count == squeezed.count, let first = range.first else { return nil }
        // "TPS 1", "IL-6", "PD‑L1": a symbol's parts are joined by one space or hyphen (ASCII or
        // Unicode), not by "<" or "/" ("TPS <1%" is a score, not TPS1).
        for index in range.dropFirst() {
            let gap = bytes[tokens.tokens[index - 1].end..<tokens.tokens[index].start]
            guard gap.count == 1 ? (gap.first == 0x20 || gap.first == 0x2D) : TextTokens.separatorWidth(bytes, gap.startIndex) == gap.count else {
                return nil
            }
        }
        var exact = true
        var titleCase = count >= 3
        var position = 0
        var protein = squeezed[0] == UInt8(ascii: "P") && bytes[tokens.tokens[first].start] == UInt8(ascii: "p")
        for index in range {
            for offset in tokens.tokens[index].start..<tokens.tokens[index].end {
                let byte = bytes[offset]
                let wanted = squeezed[position]
                if byte != wanted { exact = false }
                let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                if upper != wanted { return nil }
                let isUpper = byte >= 0x41 && byte <= 0x5A
                // "Bax", "Snail", "Beclin1": title case of an upper-case symbol, in gene context only.
                if position == 0 ? !isUpper : isUpper { titleCase = false }
                // "p21", "p53" for P21: a protein's lower-case p before digits.
                if position > 0 && !(byte >= 0x30 && byte <= 0x39) { protein = false }
                position += 1
            }
        }
        if exact || protein { return .exact }
        return titleCase ? .loose : nil
    }
}

/// A generated gene found in the text, waiting for its context to be read.
struct LexiconMention {
    var range: Range<Int>
    var gene: Int
    var form: Int
    var exact: Bool
}

extension Tagger {
    /// Words that make a word a gene: what genes do, what is done to them, how they are measured.
    static let geneContextWords: Set<UInt64> = Set(
        [
            "gene", "genes", "protein", "proteins", "mrna", "mrnas", "expression", "expressed", "expressing", "overexpression",
            "overexpressed", "overexpressing", "underexpression", "mutation", "mutations", "mutant", "mutants", "mutated", "variant",
            "variants", "amplification", "amplified", "deletion", "deleted", "fusion", "fusions", "rearrangement", "rearranged",
            "knockdown", "silencing", "silenced", "knockout", "depletion", "promoter", "methylation", "methylated", "hypermethylation",
            "signaling", "signalling", "pathway", "pathways", "phosphorylation", "phosphorylated", "transcription", "transcriptional",
            "activation", "activated", "inhibition", "inhibited", "inhibitor", "inhibitors", "upregulated", "downregulated",
            "upregulation", "downregulation", "sirna", "shrna", "polymorphism", "polymorphisms", "snp", "snps", "allele", "alleles",
            "germline", "somatic", "deficiency", "deficient", "loss", "staining", "immunohistochemistry", "ihc", "ligand", "receptor",
            "kinase", "axis", "mediated", "dependent", "induced", "targeting", "binding", "interacts", "interaction", "regulates",
            "regulated", "regulator", "oncogene", "suppressor", "encoding", "encoded", "biomarker", "biomarkers", "marker", "markers",
            "carriers", "carrier", "locus", "transcript", "transcripts", "isoform", "levels", "level", "positive", "negative",
            "positivity", "secretion", "secreted", "production", "antibody", "antibodies", "alteration", "alterations", "altered",
            "status", "wild", "wildtype", "copy", "exon", "hotspot",
        ].map { TextTokens.hash(Substring($0)) })

    /// The pending generated genes that stand in gene context, with the rule that let each in:
    /// a symbol or alias with a digit written as NCBI writes it ("CDK12", "IL-6", "KIAA1549"), a
    /// full name with a number ("cyclin D1", "caspase-3"), or any form next to a gene word, a
    /// protein change, or in a list with a gene already found ("STK11, KEAP1, or TP53").
    func acceptedLexicon(_ tokens: TextTokens, _ pending: [LexiconMention], known: [(range: Range<Int>, gene: Int)]) -> [(
        Range<Int>, Int, String
    )] {
        guard !pending.isEmpty else { return [] }
        let list = tokens.tokens
        var accepted = [String?](repeating: nil, count: pending.count)
        for (slot, mention) in pending.enumerated() {
            let form = lexicon.forms[mention.form]
            let hasDigit = form.text.contains(where: \.isNumber)
            // "CD8+ T cells", "CD4 lymphocytes": a cell population, not the gene.
            if isCellMarker(tokens, mention) { continue }
            if mention.exact, hasDigit, form.kind != .name || form.text.contains(" ") {
                accepted[slot] = form.kind == .name ? "gene name" : "gene symbol"
                continue
            }
            let window = max(0, mention.range.lowerBound - 3)..<min(list.count, mention.range.upperBound + 3)
            // Short symbols without a digit (ATM, BID, EFS, SHE) are also words and abbreviations:
            // only the words that say "gene" let them in, not "positive" or "levels".
            let short = form.kind != .name && !hasDigit && form.text.count <= 3
            let words = short ? Self.strongGeneWords : Self.geneContextWords
            if window.contains(where: { !mention.range.contains($0) && words.contains(list[$0].hash) }) {
                accepted[slot] = "gene in gene context"
                continue
            }
            let next = mention.range.upperBound
            if next < list.count, ProteinChange.parse(tokens, next) != nil {
                accepted[slot] = "gene before a protein change"
            }
        }
        // Lists: a pending gene beside an accepted one (or a curated one), across , / and or.
        var starts = Set(known.map(\.range.lowerBound))
        var ends = Set(known.map(\.range.upperBound))
        for (slot, mention) in pending.enumerated() where accepted[slot] != nil {
            starts.insert(mention.range.lowerBound)
            ends.insert(mention.range.upperBound)
        }
        // Two sweeps, left to right then right to left, reach every chain from its accepted end
        // in linear time (a 64 KB list of symbols is 10,000 mentions).
        for slot in pending.indices where accepted[slot] == nil {
            let mention = pending[slot]
            if listNeighbour(tokens, before: mention.range.lowerBound, ends: ends) {
                accepted[slot] = "gene in a list of genes"
                starts.insert(mention.range.lowerBound)
                ends.insert(mention.range.upperBound)
            }
        }
        for slot in pending.indices.reversed() where accepted[slot] == nil {
            let mention = pending[slot]
            if listNeighbour(tokens, after: mention.range.upperBound, starts: starts) {
                accepted[slot] = "gene in a list of genes"
                starts.insert(mention.range.lowerBound)
                ends.insert(mention.range.upperBound)
            }
        }
        return pending.enumerated().compactMap { slot, mention in accepted[slot].map { (mention.range, mention.gene, $0) } }
    }

    /// Words that only a gene or its product takes.
    static let strongGeneWords: Set<UInt64> = Set(
        [
            "gene", "genes", "protein", "mrna", "mutation", "mutations", "mutated", "mutant", "expression", "overexpression", "knockdown",
            "silencing", "knockout", "promoter", "methylation", "phosphorylation", "sirna", "shrna", "germline", "somatic", "kinase",
            "inhibitor", "inhibitors",
        ].map { TextTokens.hash(Substring($0)) })

    static let cellWords: Set<UInt64> = Set(
        [
            "cells", "cell", "t", "b", "nk", "lymphocytes", "lymphocyte", "macrophages", "tils", "til", "infiltrating", "infiltration", "subsets",
            "subset", "treg", "tregs", "cytotoxic", "count", "counts", "density", "infiltrate", "infiltrates", "population", "populations",
        ].map { TextTokens.hash(Substring($0)) })
    /// Words before a CD antigen that make it a cell population: "tumour-infiltrating CD8+".
    private static let cellWordsBefore: Set<UInt64> = Set(
        ["infiltrating", "intratumoral", "intratumoural", "peritumoral", "stromal", "circulating", "cytotoxic", "effector", "memory", "naive"].map {
            TextTokens.hash(Substring($0))
        })

    /// A CD antigen named as a cell population: "CD8+ T cells", "CD4 lymphocytes", "CD68+
    /// macrophages", "the CD8+/Treg ratio", "tumour infiltrating CD8+".
    private func isCellMarker(_ tokens: TextTokens, _ mention: LexiconMention) -> Bool {
        let first = tokens.tokens[mention.range.lowerBound]
        guard first.end - first.start >= 3, tokens.bytes[first.start] == UInt8(ascii: "C"), tokens.bytes[first.start + 1] == UInt8(ascii: "D") else {
            return false
        }
        let after = mention.range.upperBound
        let before = mention.range.lowerBound
        return (after..<min(tokens.tokens.count, after + 3)).contains { Self.cellWords.contains(tokens.tokens[$0].hash) }
            || (max(0, before - 2)..<before).contains { Self.cellWordsBefore.contains(tokens.tokens[$0].hash) }
    }

    /// A gene ends right before `start`, separated by a comma, slash, "and"/"or" (or ", and").
    private func listNeighbour(_ tokens: TextTokens, before start: Int, ends: Set<Int>) -> Bool {
        for gap in 0...2 where start - gap >= 0 && ends.contains(start - gap) && start - gap > 0 {
            if gap == 0 { continue }
            let between = (start - gap)..<start
            if between.allSatisfy({ Self.joiners.contains(tokens.tokens[$0].hash) }) { return true }
        }
        if ends.contains(start), start > 0 {
            // Directly adjacent tokens: only punctuation between ("STK11, KEAP1", "MLH1/MSH2").
            let gap = tokens.bytes[tokens.tokens[start - 1].end..<tokens.tokens[start].start]
            return !gap.isEmpty && gap.allSatisfy { [0x20, 0x2C, 0x2F, 0x3B, 0x28, 0x29].contains($0) } && gap.contains { $0 != 0x20 }
        }
        return false
    }

    private func listNeighbour(_ tokens: TextTokens, after end: Int, starts: Set<Int>) -> Bool {
        guard end < tokens.tokens.count else { return false }
        for gap in 1...2 where starts.contains(end + gap) {
            if (end..<(end + gap)).allSatisfy({ Self.joiners.contains(tokens.tokens[$0].hash) }) { return true }
        }
        if starts.contains(end) {
            let gap = tokens.bytes[tokens.tokens[end - 1].end..<tokens.tokens[end].start]
            return !gap.isEmpty && gap.allSatisfy { [0x20, 0x2C, 0x2F, 0x3B, 0x28, 0x29].contains($0) } && gap.contains { $0 != 0x20 }
        }
        return false
    }

    /// "NTRK1/2/3", "BRCA1/2", "ERK1/2", "caspase-3, -8 and -9", "caspase 3, 8 and 9", "VEGF-A, -B,
    /// -C and -D": the numbers (or capital letters) after a gene name its siblings, by its symbol
    /// (NTRK1 → NTRK2) or by the way it is written (ERK1 → ERK2, an alias of MAPK1).
    func numberedSiblings(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)]) -> [(Range<Int>, Int)] {
        let list = tokens.tokens
        let bytes = tokens.bytes
        var result: [(Range<Int>, Int)] = []
        var taken = Set(mentions.flatMap { Array($0.range) })
        for mention in mentions {
            let last = list[mention.range.upperBound - 1]
            let written = Array(bytes[last.start..<last.end])
            let digits = written.reversed().prefix { (0x30...0x39).contains($0) }.count
            let letter = written.count == 1 && (0x41...0x44).contains(written[0]) && mention.range.count > 1
            guard (1...2).contains(digits) || letter else { continue }
            let suffix = letter ? String(decoding: written, as: UTF8.self) : String(decoding: written.suffix(digits), as: UTF8.self)
            // The sibling is the mention as written with the new number ("ERK1" → "ERK2", "caspase-3"
            // → "caspase-8"), else the symbol with it, when the symbol is what is written
            // ("Caspase-3" → CASP8); "VEGFR-1/2/3" is FLT1, KDR, FLT4, never FLT2 and FLT3.
            let mentionText = Array(bytes[list[mention.range.lowerBound].start..<last.end])
            let writtenStem = Array(mentionText.dropLast(suffix.utf8.count))
            let symbol = gene(mention.gene).hgnc ?? gene(mention.gene).symbol
            let visible = String(decoding: mentionText.filter { TextTokens.isWordByte($0) }, as: UTF8.self).uppercased()
            let symbolStem =
                symbol.hasSuffix(suffix) && visible.hasPrefix(String(symbol.dropLast(suffix.count))) ? String(symbol.dropLast(suffix.count)) : nil
            var found: [(Int, Int)] = []
            var needsClosing = false
            var closed = false
            var position = mention.range.upperBound
            while position < list.count {
                var candidate = position
                var viaJoiner = false
                if Self.joiners.contains(list[candidate].hash), candidate + 1 < list.count {
                    viaJoiner = true
                    candidate += 1
                }
                let previousEnd = list[position - 1].end
                let before = bytes[previousEnd..<list[position].start].filter { $0 != 0x20 }
                let inner = viaJoiner ? bytes[list[position].end..<list[candidate].start].filter { $0 != 0x20 } : []
                let hyphened = (viaJoiner ? inner : before).last == UInt8(ascii: "-")
                let shapeOK: Bool
                if viaJoiner {
                    shapeOK = (before.isEmpty || before == [0x2C]) && (inner.isEmpty || inner == [0x2D])
                } else {
                    shapeOK = before == [0x2F] || before == [0x2C] || before == [0x2C, 0x2D]
                }
                let next = list[candidate]
                let word = Array(bytes[next.start..<next.end])
                let shaped =
                    letter
                    ? word.count == 1 && (0x41...0x5A).contains(word[0])
                    : (1...2).contains(word.count) && word.allSatisfy { (0x30...0x39).contains($0) }
                // "1.5", "3%": a number, not a sibling.
                let decimal =
                    next.end < bytes.count && (bytes[next.end] == UInt8(ascii: "%") || bytes[next.end] == UInt8(ascii: "."))
                    && next.end + 1 < bytes.count && (0x30...0x39).contains(bytes[next.end + 1])
                guard shapeOK, shaped, !decimal, !taken.contains(candidate) else { break }
                let number = String(decoding: word, as: UTF8.self)
                guard let sibling = geneNamed(writtenStem + word) ?? symbolStem.flatMap({ geneIndex(symbol: $0 + number) }) else {
                    break
                }
                if before != [0x2F] && !hyphened { needsClosing = true }
                closed = viaJoiner
                found.append((candidate, sibling))
                position = candidate + 1
            }
            guard !found.isEmpty else { continue }
            // "CDK4 and 6 months", "IL-6, 8 patients": bare numbers after a comma or "and" name
            // siblings only in a closed list followed by a gene word or punctuation.
            if needsClosing {
                guard closed else { continue }
                let end = found[found.count - 1].0
                if end + 1 < list.count {
                    let gap = bytes[list[end].end..<list[end + 1].start]
                    let punctuated = gap.contains { $0 != 0x20 && $0 != UInt8(ascii: "-") }
                    guard punctuated || Self.geneContextWords.contains(list[end + 1].hash) || Self.verbFillers.contains(list[end + 1].hash) else {
                        continue
                    }
                }
            }
            for (position, sibling) in found {
                result.append((position..<(position + 1), sibling))
                taken.insert(position)
            }
        }
        return result
    }

    /// A gene and its level written as one word, as survival analyses name their groups:
    /// "CCL5high", "CCL5low", "CD44hi". The level is read as over- or underexpression.
    func gluedLevel(_ tokens: TextTokens, _ index: Int) -> (gene: Int, split: Int, kind: String)? {
        let token = tokens.tokens[index]
        let bytes = tokens.bytes
        // Most words end in none of "high", "low", "hi", "lo": answered from the last bytes alone.
        let end = token.end
        guard end - token.start >= 5 else { return nil }
        let suffix: Int
        let kind: String
        switch (bytes[end - 2], bytes[end - 1]) {
        case (UInt8(ascii: "g"), UInt8(ascii: "h"))
        where end - token.start >= 7 && bytes[end - 4] == UInt8(ascii: "h") && bytes[end - 3] == UInt8(ascii: "i"):
            suffix = 4
            kind = "overexpression"
        case (UInt8(ascii: "o"), UInt8(ascii: "w")) where bytes[end - 3] == UInt8(ascii: "l"):
            suffix = 3
            kind = "underexpression"
        case (UInt8(ascii: "h"), UInt8(ascii: "i")):
            suffix = 2
            kind = "overexpression"
        case (UInt8(ascii: "l"), UInt8(ascii: "o")):
            suffix = 2
            kind = "underexpression"
        default: return nil
        }
        let split = end - suffix
        let before = bytes[split - 1]
        guard (0x30...0x39).contains(before) || (0x41...0x5A).contains(before), let gene = geneNamed(Array(bytes[token.start..<split])) else {
            return nil
        }
        // "CD8high T cells" is a cell population.
        let cells =
            bytes[token.start] == UInt8(ascii: "C") && bytes[token.start + 1] == UInt8(ascii: "D")
            && (index + 1..<min(tokens.tokens.count, index + 3)).contains { Self.cellWords.contains(tokens.tokens[$0].hash) }
        return cells ? nil : (gene, split, kind)
    }

    /// The gene a single written word names (curated, or generated exactly as written), or nil.
    func geneNamed(_ text: [UInt8]) -> Int? {
        let probe = TextTokens(bytes: text).tokens
        guard !probe.isEmpty else { return nil }
        // "ERK2" is stored once, as "ERK-2", "caspase 8" as written by NCBI: hyphens and spaces
        // are not part of the match, letters and their case are.
        let squeezed = text.filter { $0 != UInt8(ascii: "-") && $0 != 0x20 }
        let exact = { (entry: PhraseIndex<Concept>.Match, length: Int) -> Bool in
            guard length == probe.count else { return false }
            switch entry.payload {
            case .gene: return true
            case .lexicon(_, let form):
                return self.lexicon.forms[form].text.utf8.filter { $0 != UInt8(ascii: "-") && $0 != 0x20 }.elementsEqual(squeezed)
            case .drug: return false
            }
        }
        guard let (entry, _) = concepts.match(probe, at: 0, accept: exact) ?? lexicon.index.match(probe, at: 0, accept: exact) else { return nil }
        switch entry.payload {
        case .gene(let gene, _), .lexicon(let gene, _): return gene
        case .drug: return nil
        }
    }

    /// A gene and a protein change written as one word: "KRASG12D", "BRAFV600E", "GNASR201C",
    /// "p53V172F". Returns the gene and where its name ends, or nil.
    func gluedChange(_ tokens: TextTokens, _ index: Int) -> (gene: Int, split: Int)? {
        let token = tokens.tokens[index]
        let length = token.end - token.start
        guard length >= 5, length <= 24 else { return nil }
        let bytes = tokens.bytes
        // A change ends in its new residue, a capital ("KRASG12C", "p53V172F"): most words do not.
        guard bytes[token.end - 1] &- 0x41 < 26 else { return nil }
        for split in (token.start + 2)..<(token.end - 2) where (0x41...0x5A).contains(bytes[split]) {
            guard ProteinChange.isChange(bytes[split..<token.end]) else { continue }
            if let gene = geneNamed(Array(bytes[token.start..<split])) { return (gene, split) }
        }
        return nil
    }

    /// Abbreviations the text defines as something other than a gene: "partial response (PR)",
    /// "hazard ratio (HR)", "overall survival (OS)". Their words' initials spell the letters in
    /// brackets and no gene or drug name starts there; the symbol then means that in this text.
    func abbreviationsDefinedOtherwise(_ tokens: TextTokens) -> Set<UInt64> {
        let list = tokens.tokens
        let bytes = tokens.bytes
        var result = Set<UInt64>()
        for (index, token) in list.enumerated() where token.isUpper && token.start > 0 && token.end < bytes.count {
            let letters = token.end - token.start
            guard (2...6).contains(letters), bytes[token.start - 1] == UInt8(ascii: "("), bytes[token.end] == UInt8(ascii: ")"), index >= letters
            else { continue }
            let words = (index - letters)..<index
            let initials = words.map { bytes[list[$0].start] | 0x20 }
            guard initials.elementsEqual(bytes[token.start..<token.end].map { $0 | 0x20 }) else { continue }
            if concepts.match(list, at: words.lowerBound) != nil || lexicon.index.match(list, at: words.lowerBound) != nil { continue }
            result.insert(token.hash)
        }
        return result
    }
}

import FeedModel

/// Drugs no list names yet: a new antibody or kinase inhibitor carries its WHO INN stem
/// ("cirmtuzumab", "olverembatinib"), and an investigational compound its sponsor's code
/// ("AZD6738", "TAK-243") where a sentence gives it like a drug ("treated with GSK126").
extension Tagger {
    var unlistedDrugRule: String { "INN stem or compound code of an unlisted drug" }

    /// Whether the word ending at `end` ends like one of ``unlistedStems``, from its last three
    /// bytes: "mab", "nib", "lib", "rib", "sib", "mib", "gib", "tin", "xel", "cin", "can", "ine".
    @inline(__always) static func endsInStem(_ bytes: [UInt8], _ end: Int) -> Bool {
        let a = bytes[end - 3] | 0x20
        let b = bytes[end - 2] | 0x20
        let c = bytes[end - 1] | 0x20
        switch (a, b, c) {
        case (0x6D, 0x61, 0x62), (0x6E, 0x69, 0x62), (0x6C, 0x69, 0x62), (0x72, 0x69, 0x62), (0x73, 0x69, 0x62), (0x6D, 0x69, 0x62),
            (0x67, 0x69, 0x62), (0x74, 0x69, 0x6E), (0x78, 0x65, 0x6C), (0x63, 0x69, 0x6E), (0x63, 0x61, 0x6E):
            return true
        case (0x69, 0x6E, 0x65): return bytes[end - 5] | 0x20 == 0x61 && bytes[end - 4] | 0x20 == 0x62
        default: return false
        }
    }

    /// An unlisted drug at a word: an INN by its stem, else a compound code (only with the
    /// generated lexicon, which knows the genes a code must not be).
    func unlistedDrugAt(_ tokens: TextTokens, _ index: Int, lastDrugEnd: Int, codes: Bool) -> (name: String, length: Int)? {
        if let name = unlistedDrug(tokens, index) { return (name, 1) }
        guard codes else { return nil }
        let list = tokens.tokens
        let afterDrug =
            index > 0 && list[index - 1].end == lastDrugEnd
            && (tokens.bytes[lastDrugEnd] == UInt8(ascii: "/") || tokens.bytes[lastDrugEnd] == UInt8(ascii: "+"))
        guard let code = compoundCode(tokens, index, afterDrug: afterDrug) else { return nil }
        // "ceralasertib (AZD6738)": the code in brackets after a drug is that drug's other name.
        if index > 0, list[index - 1].end == lastDrugEnd, tokens.bytes[lastDrugEnd..<list[index].start].elementsEqual(" (".utf8) { return nil }
        return code
    }

    /// The drug a word no index knows names, or nil: only the stems no other word ends in.
    func unlistedDrug(_ tokens: TextTokens, _ index: Int) -> String? {
        let token = tokens.tokens[index]
        let bytes = tokens.bytes
        let length = token.end - token.start
        guard length >= 8, length <= 30 else { return nil }
        guard Self.endsInStem(bytes, token.end) else { return nil }
        let word = bytes[token.start..<token.end]
        // The stem first, on the bytes (most long words end in none), then the letters: names,
        // not codes or acronyms (a capital first letter at a sentence start).
        guard
            Self.unlistedStemBytes.contains(where: { stem in
                word.count > stem.count && zip(word.suffix(stem.count), stem).allSatisfy { $0 | 0x20 == $1 }
            })
        else { return nil }
        guard word.dropFirst().allSatisfy({ (0x61...0x7A).contains($0) }), (0x41...0x5A).contains(word.first!) || (0x61...0x7A).contains(word.first!)
        else { return nil }
        let lower = String(decoding: word, as: UTF8.self).lowercased()
        // "antirituximab" is about rituximab.
        guard !lower.hasPrefix("anti") else { return nil }
        return lower
    }

    static let unlistedStemBytes: [[UInt8]] = unlistedStems.map { Array($0.utf8) }

    /// A sponsor's compound code given as a drug: "treated with AZD6738", "GSK126 treatment",
    /// "the ATR inhibitor AZD6738", "TAK-243 alone". Two to five capitals, an optional hyphen and
    /// three to six digits (and a letter); never a gene (those are read first), never a cell line
    /// ("HCT116 cells"), and only beside words that give a drug: a code alone is a cell line, a
    /// trial or a catalogue number as often.
    func compoundCode(_ tokens: TextTokens, _ index: Int, afterDrug: Bool = false) -> (name: String, length: Int)? {
        let list = tokens.tokens
        let bytes = tokens.bytes
        let first = list[index]
        let word = bytes[first.start..<first.end]
        let letters = word.prefix { (0x41...0x5A).contains($0) }.count
        guard (2...5).contains(letters) else { return nil }
        var length = 1
        var digits = word.dropFirst(letters).prefix { (0x30...0x39).contains($0) }.count
        var rest = word.count - letters - digits
        if digits == 0, rest == 0, index + 1 < list.count, list[index + 1].start == first.end + 1, bytes[first.end] == UInt8(ascii: "-") {
            // "TAK-243": the letters, a hyphen, the digits.
            let next = bytes[list[index + 1].start..<list[index + 1].end]
            digits = next.prefix { (0x30...0x39).contains($0) }.count
            rest = next.count - digits
            length = 2
        }
        guard (3...6).contains(digits), rest <= 1 else { return nil }
        let end = list[index + length - 1].end
        if rest == 1, !(0x41...0x5A).contains(bytes[end - 1]) { return nil }
        // Not glued into a longer name ("AZD6738-resistant" is fine: a word; "ABC123/456" is not).
        if end < bytes.count, bytes[end] == UInt8(ascii: "/") { return nil }
        // "RAW264.7": a cell line's name goes on after a dot.
        if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "."), (0x30...0x39).contains(bytes[end + 1]) { return nil }
        let after = index + length
        if after < list.count, Self.cellLineWords.contains(list[after].hash) { return nil }
        // "treated with GSK126", "the FACT inhibitor CBL0137", "gemcitabine/AZD6738".
        var before = false
        var named = false
        if index > 0, !clauseEnds(tokens, before: index) {
            let previous = list[index - 1].hash
            named = Self.codeBefore.contains(previous)
            before = before || named || (previous == Self.withWord && index > 1 && Self.givenWith.contains(list[index - 2].hash))
        }
        // Cell lines, non-coding RNAs, enzyme families and a gene's isoforms ("VEGF165") are not
        // drugs, unless the sentence names it one ("the FACT inhibitor CBL0137").
        let prefix = String(decoding: word.prefix(letters), as: UTF8.self)
        if Self.notCodePrefixes.contains(prefix) || (length == 1 && gluedChange(tokens, index) != nil) { return nil }
        if !named, geneIndex(symbol: prefix) != nil { return nil }
        // "GW9662 (a PPARγ antagonist)", "cirmtuzumab, an anti-ROR1 mAb": a drug named in apposition.
        if !before { before = afterDrug }
        if !before, after + 1 < list.count, Self.articles.contains(list[after].hash) {
            before = (after + 1..<min(list.count, after + 5)).contains { Self.codeBefore.contains(list[$0].hash) || list[$0].hash == Self.mab }
        }
        let following = after < list.count && Self.codeAfter.contains(list[after].hash) && !clauseEnds(tokens, before: after)
        guard before || following else { return nil }
        return (String(decoding: bytes[first.start..<end], as: UTF8.self), length)
    }

    static let withWord = TextTokens.hash("with")
    static let mab = TextTokens.hash("mab")
    static let articles: Set<UInt64> = [TextTokens.hash("a"), TextTokens.hash("an")]
    static let codeBefore: Set<UInt64> = Set(
        ["inhibitor", "inhibitors", "antagonist", "agonist", "compound", "drug", "agent", "degrader", "receiving", "received"].map {
            TextTokens.hash(Substring($0))
        })
    /// "treated with", "combined with": what comes after is given.
    static let givenWith: Set<UInt64> = Set(
        ["treated", "treatment", "pretreated", "pretreatment", "combined", "combination", "incubated", "exposed", "dosed", "cotreated"].map {
            TextTokens.hash(Substring($0))
        })
    static let notCodePrefixes: Set<String> = [
        "LINC", "MIR", "LOC", "SNHG", "CYP", "HCT", "SW", "HEK", "RPMI", "RAW", "MDA", "NCI", "HT", "BT", "MCF", "PC", "DU", "LN", "HL", "THP",
        "SK", "OVCAR", "KYSE", "HCC", "SNU", "AGS", "MKN", "TE", "CAL", "FADU", "SCC", "UM", "OCI", "MOLM", "MV", "KG", "TF", "WM", "SUM", "HS",
        "SP", "ST", "TA", "UL", "WBC", "MOF", "CD", "IL", "HLA", "ATCC", "NCT", "ISRCTN", "ACTRN", "CHICTR", "EUDRACT", "PMID", "DOI",
    ]
    static let codeAfter: Set<UInt64> = Set(
        [
            "treatment", "treated", "inhibited", "induced", "suppressed", "alone", "monotherapy", "plus", "combined", "combination", "exposure",
            "administration", "sensitized", "enhanced", "reduced", "mg", "dose", "doses", "significantly", "potently", "selectively",
            "blocked", "abrogated", "attenuated", "decreased", "increased", "inhibits", "induces", "suppresses",
        ].map { TextTokens.hash(Substring($0)) })
    static let cellLineWords: Set<UInt64> = Set(
        [
            "cells", "cell", "line", "lines", "xenograft", "xenografts", "tumors", "tumours", "mice", "cohort", "trial", "study", "assay",
            "antibody", "clone", "panel", "strain", "strains",
        ].map {
            TextTokens.hash(Substring($0))
        })

    /// Stems of WHO INNs that only drugs end in: monoclonal antibodies, kinase, PARP, CDK, PI3K
    /// and proteasome inhibitors, platinum, taxanes, anthracyclines, camptothecins, nucleosides.
    static let unlistedStems: [String] = [
        "tuzumab", "ximab", "zumab", "umab", "tamab", "cimab", "limab", "tinib", "ciclib", "parib", "lisib", "zomib", "rafenib", "degib",
        "platin", "taxel", "rubicin", "tecan", "citabine",
    ]
}

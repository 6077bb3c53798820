import FeedModel
import Foundation

extension Ontology {
    /// Every human protein-coding gene of the generated NCBI Gene list (data/ontology/generated/
    /// genes-ncbi.tsv, SOURCES.md) that the curated file does not already hold, shown as
    /// "SYMBOL (name)". Curated genes keep priority: a gene whose symbol is a curated `hgnc`, and
    /// any name a curated gene already uses, are left out. A missing file adds nothing.
    ///
    /// NCBI's aliases are noisy (OF, CI, II, MRI, ANOVA, COPD are all somebody's alias), so only
    /// aliases that look like a gene are kept: one gene's alone, with a digit or mixed case, and
    /// not an abbreviation abstracts use for something else. The tagger adds the context rules.
    static func generatedGenes(_ url: URL, curated: [Gene]) -> [Gene] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        // On bytes, with forms compared by the hash of their squeezed bytes (``key``): this runs
        // at every start, over 20,000 genes and 100,000 aliases, and Strings are built only for
        // what is kept.
        let bytes = [UInt8](data)
        struct Row {
            var symbol: Range<Int>
            var name: Range<Int>
            var aliases: [Range<Int>]
        }
        var rows: [Row] = []
        rows.reserveCapacity(21_000)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = start..<end
            start = end + 1
            guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#") else { continue }
            var fields: [Range<Int>] = []
            var fieldStart = line.lowerBound
            for position in line where bytes[position] == 0x09 {
                fields.append(fieldStart..<position)
                fieldStart = position + 1
            }
            fields.append(fieldStart..<line.upperBound)
            guard fields.count >= 3 else { continue }
            var aliases: [Range<Int>] = []
            if fields.count > 3 {
                var aliasStart = fields[3].lowerBound
                for position in fields[3] where bytes[position] == UInt8(ascii: "|") {
                    aliases.append(aliasStart..<position)
                    aliasStart = position + 1
                }
                aliases.append(aliasStart..<fields[3].upperBound)
            }
            rows.append(Row(symbol: fields[1], name: fields[2], aliases: aliases.filter { !$0.isEmpty }))
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func key(_ range: Range<Int>) -> UInt64 { Self.key(bytes[range]) }
        let stopped = Set((notGenesInText.map { $0 } + notDrugsInText.subtracting(peptideHormones).map { $0 }).map { Self.key(Array($0.utf8)[...]) })
        let curatedSymbols = Set(curated.compactMap(\.hgnc))
        let curatedForms = Set(curated.flatMap { [$0.symbol] + $0.aliases }.map { Self.key(Array($0.utf8)[...]) })
        // An alias that is another gene's symbol, or several genes' alias, names nobody for sure.
        var symbols = Set<UInt64>()
        var owners: [UInt64: Int] = [:]
        for row in rows {
            let symbol = key(row.symbol)
            if !stopped.contains(symbol) { symbols.insert(symbol) }
            for alias in Set(row.aliases.map(key)) { owners[alias, default: 0] += 1 }
        }
        var result: [Gene] = []
        for row in rows {
            let symbol = key(row.symbol)
            guard row.symbol.count >= 2, !curatedForms.contains(symbol), !stopped.contains(symbol) else { continue }
            let symbolText = text(row.symbol)
            guard !curatedSymbols.contains(symbolText) else { continue }
            var aliases: [String] = []
            for alias in row.aliases {
                let aliasKey = key(alias)
                guard aliasKey != symbol, !symbols.contains(aliasKey), owners[aliasKey] == 1, !curatedForms.contains(aliasKey),
                    !stopped.contains(aliasKey), Self.looksLikeGene(bytes[alias])
                else { continue }
                aliases.append(text(alias))
            }
            // Shown as the curated genes are: "FGFR2 (Fibroblast growth factor receptor 2)".
            var shown = Array(bytes[row.name])
            if shown.count > 1, (0x61...0x7A).contains(shown[0]), (0x61...0x7A).contains(shown[1]) { shown[0] -= 0x20 }
            var gene = Gene(symbol: symbolText, name: String(decoding: shown, as: UTF8.self), aliases: aliases, needsContext: true)
            gene.generated = true
            let words = bytes[row.name].filter { $0 == 0x20 }.count + 1
            let nameKey = key(row.name)
            if row.name.count >= 5, words <= 4, !bytes[row.name].contains(UInt8(ascii: ",")), !curatedForms.contains(nameKey),
                !stopped.contains(nameKey)
            {
                gene.textName = text(row.name)
            }
            result.append(gene)
        }
        return result
    }

    /// The hash of a form's letters and digits, upper-cased: "IL-6", "IL6" and "il 6" are one key.
    static func key(_ form: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in form where TextTokens.isWordByte(byte) {
            if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// An alias worth matching: 3+ characters of letters, digits and hyphens, with a digit and two
    /// letters ("IL-6", "P21", "CD279") or both cases ("c-Myc", "Bcl-2").
    static func looksLikeGene(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 3, bytes.allSatisfy({ ($0 < 0x80 && TextTokens.isWordByte($0)) || $0 == UInt8(ascii: "-") }) else { return false }
        let upper = bytes.filter { $0 >= 0x41 && $0 <= 0x5A }.count
        let lower = bytes.filter { $0 >= 0x61 && $0 <= 0x7A }.count
        let digits = bytes.contains { $0 >= 0x30 && $0 <= 0x39 }
        return (digits && upper + lower >= 2) || (upper > 0 && lower > 0 && upper + lower >= 4)
    }

    /// Symbols, aliases and names of the NCBI list that abstracts mostly use for something else:
    /// units, chemistry, statistics, imaging, lab values, diseases and study words. Found by
    /// counting which gene forms are commonest in 25,000 PubMed abstracts (the odd-PMID records
    /// of NCBI's two benchmark files outside the evaluation set) and reading each.
    static let notGenesInText: Set<String> = [
        // study, statistics and clinical words
        "CAT", "SET", "MAX", "REST", "CAD", "SDS", "GC", "CS", "CP", "TG", "CRP", "TRH", "MB", "ABO", "NHS", "PAH", "ACE", "STS", "APP",
        "CO2", "P450", "NO3", "T2D", "HIF-1", "LDLC", "ANOVA", "COPD", "MRSA", "SARS", "GTP", "ATPase", "NADPH", "HDL", "LDL",
        "AIDS", "HIV", "HPV", "EBV", "CMV", "HBV", "HCV", "PET", "MRI", "TNM", "WHO", "FDA", "ICU", "BMI", "GFR", "DNA", "RNA",
        "MAP", "PAD", "CAR", "CAP", "ART", "TEM", "MSC", "NPC", "OCT", "ICD", "ADC", "LED", "MCI", "SAS", "PBS", "STZ", "TPN",
        "EFS", "SHE", "ALB", "ADM", "SCT", "BID", "ME2", "C2", "C3", "C5", "F3", "COX1", "COX2", "COX3", "ND1", "ND2", "ATP6", "CYTB",
        // cell lines and scores written like a gene's alias
        "PC9", "PC-9", "TPS", "CPS",
        // names that are chemistry or a common word more often than a gene
        "insulin", "albumin", "transferrin", "thrombin", "renin", "elastin", "keratin", "hemopexin", "haptoglobin", "lactoferrin",
    ]

    /// Peptide hormones are genes' products named as such (calcitonin is a tumour marker of
    /// medullary thyroid cancer; leptin and ghrelin are measured as such): tagged in gene context,
    /// never as drugs.
    static let peptideHormones: Set<String> = [
        "calcitonin", "leptin", "ghrelin", "somatostatin", "gastrin", "glucagon", "secretin", "oxytocin", "prolactin",
    ]
}

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
    enum Concept: Sendable {
        case gene(Int, guarded: Bool)
        case drug(Int)
        /// A generated gene's symbol, alias or name (``Lexicon/forms`` holds its text).
        case lexicon(Int, form: Int)
    }

    public let ontology: Ontology
    let concepts: PhraseIndex<Concept>
    let cues: HashTable<String>
    let variants: PhraseIndex<(gene: String, name: String)>
    /// Curated gene index by upper-cased symbol and hgnc: family members, "NTRK1/2/3".
    private let curatedBySymbol: [String: Int]
    private let lexiconBox: LexiconBox

    public init(ontology: Ontology) {
        self.ontology = ontology
        // Sized by the names, so its one-bit filter stays sparse (about 1 bit in 16 set) however
        // many drugs the generated lexicon brings: most words then skip every lookup.
        let names = ontology.genes.reduce(0) { $0 + 1 + $1.aliases.count } + ontology.drugs.reduce(0) { $0 + $1.names.count }
        var concepts = PhraseIndex<Concept>(minimumCapacity: max(4096, names))
        for (index, gene) in ontology.genes.enumerated() {
            for name in [gene.symbol] + gene.aliases {
                let guarded = (gene.needsContext && name.count <= 4) || name.count <= 2
                concepts.insert(name, .gene(index, guarded: guarded))
            }
        }
        for (index, drug) in ontology.drugs.enumerated() {
            for name in drug.names { concepts.insert(name, .drug(index)) }
        }
        concepts.freeze(firstWords: concepts.multiFirstWords)
        self.concepts = concepts
        var bySymbol: [String: Int] = [:]
        for (index, gene) in ontology.genes.enumerated() where bySymbol[gene.symbol.uppercased()] == nil {
            bySymbol[gene.symbol.uppercased()] = index
            if let hgnc = gene.hgnc, bySymbol[hgnc] == nil { bySymbol[hgnc] = index }
        }
        curatedBySymbol = bySymbol
        lexiconBox = LexiconBox(url: ontology.generatedGenesURL, curated: ontology.genes, curatedConcepts: concepts)
        var cues = HashTable<String>()
        for (kind, words) in Self.alterationWords {
            for word in words { cues[TextTokens.hash(Substring(word))] = kind }
        }
        self.cues = cues
        var variants = PhraseIndex<(gene: String, name: String)>()
        for (gene, names) in Self.namedVariants {
            for name in names { variants.insert(name, (gene, name)) }
        }
        variants.freeze(firstWords: variants.multiFirstWords)
        self.variants = variants
    }

    // MARK: - Vocabulary of the rules

    /// Words after (or before) a gene that say how it is altered.
    static let alterationWords: [(String, [String])] = [
        ("positive", ["positive", "positivity", "pos", "enriched"]),
        ("negative", ["negative", "negativity", "neg", "null", "zero"]),
        // Wild-type is not negative: "EGFR negative" reads as no protein on IHC.
        ("wild-type", ["wild", "wildtype", "wt"]),
        ("underexpression", ["low", "underexpression", "underexpressing"]),
        ("ultralow", ["ultralow", "ultra"]),
        ("overexpression", ["overexpression", "overexpressed", "overexpresses", "overexpressing", "high"]),
        ("expression", ["expression", "expressing", "expressed", "staining", "upregulated", "downregulated", "upregulation", "downregulation"]),
        // A copy-number gain is read as amplification (as pathologists' reports and the unseen set's labels do).
        ("amplification", ["amplification", "amplifications", "amplified", "amp", "gain", "gains"]),
        (
            "mutation",
            ["mutation", "mutations", "mutant", "mutants", "mutated", "mut", "variant", "variants", "comutations"]
        ),
        ("fusion", ["fusion", "fusions", "rearrangement", "rearrangements", "rearranged", "translocation", "translocations"]),
        ("deletion", ["deletion", "deletions", "deleted"]),
        // Loss on IHC (no staining) is not a deletion of the gene.
        ("loss", ["loss", "lost", "inactivation", "inactivated"]),
        ("methylation", ["methylation", "methylated", "hypermethylation", "hypermethylated"]),
    ]

    /// Named variants and the gene they belong to when the text names none nearby.
    static let namedVariants: [(String, [String])] = [
        ("BRAF", ["V600E", "V600K", "V600"]),
        (
            "EGFR",
            [
                "L858R", "T790M", "C797S", "exon 19 deletion", "exon 19 deletions", "exon 19 del", "ex19del", "19del", "del19", "e19del",
                "exon 20 insertion", "exon 20 insertions", "ex20ins", "20ins",
            ]
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
    static let hr = TextTokens.hash("hr")
    private static let randomWords: Set<UInt64> = Set(
        ["randomized", "randomised", "randomly", "randomization", "randomisation"].map { TextTokens.hash(Substring($0)) })
    /// Words that, right after a short symbol, say it is something else.
    static let vetoes: Set<UInt64> = Set(
        ["stress", "lumen", "membrane", "visits", "visit", "physician", "physicians", "department", "team", "staff", "interval", "glasses"].map {
            TextTokens.hash(Substring($0))
        })
    static let of = TextTokens.hash("of")
    static let non = TextTokens.hash("non")
    static let loss = TextTokens.hash("loss")

    /// A token of digits only (exon numbers).
    func isNumber(_ tokens: TextTokens, _ index: Int) -> Bool {
        let token = tokens.tokens[index]
        return tokens.bytes[token.start..<token.end].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether a drug name stands where a drug is given or tested: "treated with curcumin",
    /// "aspirin use", "chloroquine (10 µM) inhibited", "mifepristone-induced", in ±4 words.
    func inDrugContext(_ tokens: TextTokens, _ range: Range<Int>) -> Bool {
        let list = tokens.tokens
        let bytes = tokens.bytes
        // "quinoline-5,8-diones", "isatin-triazole", "alpha-2'-deoxythioguanosine": part of a larger
        // chemical name, unless the glued word says how it acts ("curcumin-induced").
        let start = list[range.lowerBound].start
        let end = list[range.upperBound - 1].end
        if start > 0, bytes[start - 1] == UInt8(ascii: "-") || bytes[start - 1] == UInt8(ascii: "'") { return false }
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "'") {
            guard range.upperBound < list.count, list[range.upperBound].start == end + 1, Self.drugContextWords.contains(list[range.upperBound].hash)
            else { return false }
        }
        // "quinoline derivatives", "curcumin analogs": a family of compounds, not the drug.
        if range.upperBound < list.count, Self.compoundFamilies.contains(list[range.upperBound].hash) { return false }
        let window = max(0, range.lowerBound - 4)..<min(list.count, range.upperBound + 4)
        return window.contains { !range.contains($0) && Self.drugContextWords.contains(list[$0].hash) }
    }

    static let compoundFamilies: Set<UInt64> = Set(
        [
            "derivative", "derivatives", "analog", "analogs", "analogue", "analogues", "hybrid", "hybrids", "scaffold", "scaffolds", "moiety",
            "moieties", "based", "ring", "rings", "core", "conjugate", "conjugates", "nucleus", "skeleton", "class", "family",
        ].map { TextTokens.hash(Substring($0)) })

    static let drugContextWords: Set<UInt64> = Set(
        [
            "treated", "treatment", "treatments", "treating", "therapy", "therapies", "dose", "doses", "dosing", "dosage", "mg", "kg",
            "administered", "administration", "received", "receiving", "plus", "combined", "combination", "combinations", "regimen",
            "chemotherapy", "induced", "exposure", "exposed", "concentration", "concentrations", "ic50", "μm", "µm", "nm", "agent",
            "agents", "drug", "drugs", "versus", "vs",
            "sensitivity", "resistance", "resistant", "sensitized", "sensitizes", "cytotoxicity", "antitumor", "antitumour", "anticancer",
            "efficacy", "daily", "oral", "orally", "intravenous", "intravenously", "infusion", "placebo", "monotherapy", "adjuvant", "use",
            "users", "repurposing", "repurposed", "arm", "suppresses", "suppressed", "inhibits", "inhibited", "induces", "enhances",
            "enhanced", "reverses", "reversed", "attenuates", "attenuated", "triggers", "mediated", "inhibitor", "blocker", "antagonist",
            "agonist", "given", "prescribed", "prophylaxis", "premedication", "pretreatment", "pretreated", "incubated", "mm", "mg/kg",
        ].map { TextTokens.hash(Substring($0)) })

    /// Words that make a short symbol a biomarker: ER positive, RET fusion, ALK inhibitor.
    static let contextWords: Set<UInt64> = Set(
        [
            "positive", "negative", "status", "expression", "receptor", "receptors", "mutation", "mutations", "mutant", "mutated",
            "fusion", "fusions", "rearranged", "rearrangement", "amplification", "amplified", "ihc", "exon", "inhibitor", "inhibitors",
            "tki", "tkis", "kinase", "positivity", "hormone", "low", "overexpression", "altered", "alteration", "alterations",
            "wild", "wildtype", "driven", "gene", "targeted", "staining", "serum", "level", "levels", "deficiency", "deficient",
            "velocity", "doubling", "kinetics", "loss", "response",
        ].map { TextTokens.hash(Substring($0)) })

    // MARK: - Tagging

    /// Tags `text`; `title` (when given) is tagged too and weighs in on entry types.
    public func tag(_ text: String) -> TagSet {
        tag(utf8: Array(text.utf8))
    }

    /// Tags with the curated vocabulary only, without reading the generated gene list: for names
    /// in feeds.yml, resolved at every command's start ("HER2-low", "Enhertu").
    public func tagCurated(_ text: String) -> TagSet {
        tag(utf8: Array(text.utf8), lexicon: nil)
    }

    /// The text one call tags: PubMed's longest abstracts are under 10 KB, and some rules cost
    /// more than linear time on text dense with names, so a hostile 3 MB abstract took minutes.
    public static let maxBytes = 64 << 10

    /// Tags UTF-8 bytes (a line of a file, an abstract) without building a String first; only
    /// the first ``maxBytes`` (cut at a character boundary) are read.
    public func tag(utf8 bytes: [UInt8]) -> TagSet {
        tag(utf8: bytes, lexicon: lexicon)
    }

    /// The generated genes, read and indexed on first use (0.25 s).
    var lexicon: Lexicon { lexiconBox.value }

    /// Reads and indexes the generated genes now rather than at the first text.
    public func prepare() { _ = lexiconBox.value }

    /// The gene or drug a whole name stands for, read without the context a name needs in running
    /// text: `--gene ER`, `--drug aspirin` and `--gene BAX` name what the user means even though
    /// "ER", "aspirin" and "BAX" alone in an abstract are not tagged. Nil for any other kind, or
    /// when the name is not all of one entry's name.
    public func display(named value: String, kind: TagKind) -> String? {
        guard kind == .genes || kind == .drugs else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let tokens = TextTokens(bytes: Array(trimmed.utf8))
        let list = tokens.tokens
        guard !list.isEmpty else { return nil }
        let whole = { (_: PhraseIndex<Concept>.Match, length: Int) in length == list.count }
        if let (entry, _) = concepts.match(list, at: 0, accept: whole) {
            switch entry.payload {
            case .gene(let gene, _): return kind == .genes ? ontology.genes[gene].display : nil
            case .drug(let drug): return kind == .drugs ? ontology.drugs[drug].display : nil
            case .lexicon: return nil
            }
        }
        if kind == .drugs {
            // A compound code is tagged as written, in capitals: "azd6738" finds "AZD6738".
            let code = trimmed.uppercased()
            let probe = TextTokens(bytes: Array(code.utf8))
            if let (name, length) = compoundCode(probe, 0, afterDrug: true), length == probe.tokens.count { return name }
            return nil
        }
        guard let (entry, _) = lexicon.index.match(list, at: 0, accept: whole), case .lexicon(let gene, _) = entry.payload else { return nil }
        return self.gene(gene).display
    }

    /// The gene of a mention: curated indexes first, then the generated list's after them.
    func gene(_ index: Int) -> Ontology.Gene {
        index < ontology.genes.count ? ontology.genes[index] : lexicon.genes[index - ontology.genes.count]
    }

    /// A gene by its symbol (upper case) or HGNC symbol, curated first.
    func geneIndex(symbol: String) -> Int? {
        let key = symbol.uppercased()
        if let index = curatedBySymbol[key] { return index }
        return lexicon.bySymbol[key].map { $0 + ontology.genes.count }
    }

    private func tag(utf8 bytes: [UInt8], lexicon: Lexicon?) -> TagSet {
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
        var pending: [LexiconMention] = []
        let otherwise = abbreviationsDefinedOtherwise(tokens)
        // "KRASG12C", "p53V172F": a gene glued to its change, read from one token.
        func addGlued(_ index: Int) {
            // A glued change ends in a capital, a glued level in "high", "low", "hi" or "lo": most
            // words end otherwise and are answered from their last byte.
            guard lexicon != nil, list[index].end - list[index].start >= 5 else { return }
            let last = tokens.bytes[list[index].end - 1]
            guard last &- 0x41 < 26 || last == 0x68 || last == 0x77 || last == 0x69 || last == 0x6F,
                let gene = gluedChange(tokens, index)?.gene ?? gluedLevel(tokens, index)?.gene
            else { return }
            let evidence = TagSet.Evidence(
                start: list[index].start, end: list[index].end, text: tokens.text(index..<(index + 1)),
                rule: "gene glued to a protein change or level")
            tags.add(\.genes, self.gene(gene).display, evidence)
            geneMentions.append((index..<(index + 1), gene))
        }
        // The end of the last drug found: "gemcitabine/AZD6738" gives the code after it as a drug.
        var lastDrugEnd = -1
        // The shape of an unlisted drug, from a word's bytes (asked of every word): eight bytes or
        // more ending like an INN stem, or two capitals then a digit or a hyphen ("AZD6738", "TAK-243").
        let text = tokens.bytes
        @inline(__always) func mayBeUnlisted(_ token: TextTokens.Token) -> Bool {
            let length = token.end - token.start
            if length >= 8 { if Self.endsInStem(text, token.end) { return true } }
            guard length >= 2, text[token.start] &- 0x41 < 26, text[token.start + 1] &- 0x41 < 26 else { return false }
            let last = text[token.end - 1]
            return last &- 0x30 < 10 || (token.end + 1 < text.count && text[token.end] == 0x2D && text[token.end + 1] &- 0x30 < 10)
        }
        var index = 0
        while index < list.count {
            // Most words start no phrase in either index: answered from the two filters, with no
            // closure or probe built for them.
            let startsPhrase = concepts.mayStart(list[index].hash) || lexicon?.index.mayStart(list[index].hash) == true
            if !startsPhrase {
                addGlued(index)
                index +=
                    mayBeUnlisted(list[index])
                    ? addUnlisted(tokens, index, codes: lexicon != nil, tags: &tags, lastDrugEnd: &lastDrugEnd) : 1
                continue
            }
            // The closure reads a constant copy of the position: capturing the loop's `index`
            // would box it, and every access to it would pay an exclusivity check.
            let at = index
            let accept = { (entry: PhraseIndex<Concept>.Match, length: Int) -> Bool in
                switch entry.payload {
                case .gene(let gene, let guarded):
                    return !self.namesItsReceptor(tokens, at + length, gene)
                        && (!guarded || (!otherwise.contains(list[at].hash) && self.passesContext(tokens, at, length)))
                // A generated drug without a stem needs drug context, and a gene's name wins over it.
                case .drug(let drug):
                    return !self.ontology.drugs[drug].needsContext
                        || (self.inDrugContext(tokens, at..<(at + length)) && lexicon?.index.match(list, at: at) == nil)
                case .lexicon(let gene, let form):
                    return !otherwise.contains(list[at].hash) && !self.namesItsReceptor(tokens, at + length, gene)
                        && lexicon?.forms[form].written(tokens, at..<(at + length)) != nil
                }
            }
            if let (entry, length) = longestMatch(list, at: index, lexicon: lexicon, accept: accept) {
                if case .lexicon(let gene, let form) = entry.payload, let lexicon {
                    let range = index..<(index + length)
                    let exact = lexicon.forms[form].written(tokens, range) == .exact
                    pending.append(LexiconMention(range: range, gene: gene, form: form, exact: exact))
                    index += length
                    continue
                }
                let range = index..<(index + length)
                let evidence = TagSet.Evidence(
                    start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range),
                    rule: {
                        switch entry.payload {
                        case .gene(_, let guarded): return guarded ? "gene symbol in biomedical context" : "gene name or alias"
                        case .drug: return "drug name"
                        case .lexicon: return "gene in gene context"
                        }
                    }())
                switch entry.payload {
                case .gene(let gene, _):
                    tags.add(\.genes, ontology.genes[gene].display, evidence)
                    geneMentions.append((range, gene))
                    for member in ontology.genes[gene].members {
                        if let known = lexicon == nil ? curatedBySymbol[member.uppercased()] : geneIndex(symbol: member) {
                            tags.add(
                                \.genes, self.gene(known).display,
                                TagSet.Evidence(start: evidence.start, end: evidence.end, text: evidence.text, rule: "member of a gene family"))
                        }
                    }
                case .drug(let drug):
                    tags.add(\.drugs, ontology.drugs[drug].display, evidence)
                    lastDrugEnd = evidence.end
                    for ingredient in ontology.drugs[drug].ingredients {
                        tags.add(
                            \.drugs, ingredient,
                            TagSet.Evidence(start: evidence.start, end: evidence.end, text: evidence.text, rule: "active ingredient of a formulation")
                        )
                    }
                case .lexicon: break
                }
                index += length
                continue
            }
            addGlued(index)
            index +=
                mayBeUnlisted(list[index])
                ? addUnlisted(tokens, index, codes: lexicon != nil, tags: &tags, lastDrugEnd: &lastDrugEnd) : 1
        }
        for (range, gene, rule) in acceptedLexicon(tokens, pending, known: geneMentions) {
            let evidence = TagSet.Evidence(
                start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: rule)
            tags.add(\.genes, self.gene(gene).display, evidence)
            geneMentions.append((range, gene))
        }
        for (range, gene) in lexicon == nil ? [] : numberedSiblings(tokens, geneMentions) {
            let evidence = TagSet.Evidence(
                start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range),
                rule: "numbered sibling of a gene")
            tags.add(\.genes, self.gene(gene).display, evidence)
            geneMentions.append((range, gene))
        }
        geneMentions.sort { $0.range.lowerBound < $1.range.lowerBound }
        alterations(tokens, geneMentions, into: &tags)
        phases(tokens, into: &tags)
        types(tokens, into: &tags)
        ncts(tokens, into: &tags)
        return tags
    }

    /// Tags the drug no list names at a word ("cirmtuzumab", "treated with AZD6738") and says
    /// how many words it takes (1 when none). Parameters, not captures: the loop's `tags` stays
    /// a plain local, with no exclusivity check on each access.
    private func addUnlisted(_ tokens: TextTokens, _ index: Int, codes: Bool, tags: inout TagSet, lastDrugEnd: inout Int) -> Int {
        let list = tokens.tokens
        guard let (name, length) = unlistedDrugAt(tokens, index, lastDrugEnd: lastDrugEnd, codes: codes) else { return 1 }
        let range = index..<(index + length)
        tags.add(
            \.drugs, name,
            TagSet.Evidence(start: list[index].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: unlistedDrugRule))
        lastDrugEnd = list[range.upperBound - 1].end
        return length
    }

    /// "vascular endothelial growth factor receptor 2", "IL-6 receptor": a ligand's name before
    /// "receptor" names its receptor, not the ligand (a receptor's own name, "HER2 receptor", is itself).
    func namesItsReceptor(_ tokens: TextTokens, _ next: Int, _ gene: Int) -> Bool {
        guard next < tokens.tokens.count, Self.receptorWords.contains(tokens.tokens[next].hash) else { return false }
        let name = self.gene(gene).name.lowercased()
        return !(name.contains("receptor") || name.contains("kinase") || name.contains("proto-oncogene"))
    }

    static let receptorWords: Set<UInt64> = [TextTokens.hash("receptor"), TextTokens.hash("receptors")]

    /// The curated match at a word, unless a generated gene's symbol with a number is longer:
    /// "VEGFR-1" is FLT1, not the VEGFR family and a stray 1.
    @inline(__always) private func longestMatch(
        _ list: [TextTokens.Token], at index: Int, lexicon: Lexicon?, accept: (PhraseIndex<Concept>.Match, Int) -> Bool
    ) -> (PhraseIndex<Concept>.Match, Int)? {
        guard let curated = concepts.match(list, at: index, accept: accept) else { return lexicon?.index.match(list, at: index, accept: accept) }
        guard let lexicon, case .gene = curated.0.payload, let generated = lexicon.index.match(list, at: index, accept: accept),
            generated.1 > curated.1, case .lexicon(_, let form) = generated.0.payload, lexicon.forms[form].text.contains(where: \.isNumber)
        else { return curated }
        return generated
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
            if list[position].isUpper, list[position].hash != list[index].hash,
                concepts.match(list, at: position) != nil || lexicon.index.match(list, at: position) != nil
            {
                return true
            }
        }
        return false
    }

    // MARK: - Phases, types, NCT ids

    private static let weakClinical: Set<String> = ["patients", "participants"]

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
        // A cell-line or mouse study that mentions "patients" (whose cancer it models) is not
        // clinical: only a trial, cohort or randomisation makes it so beside preclinical cues.
        if tags.types.contains(where: { $0.display == "Preclinical" }),
            let clinical = tags.types.firstIndex(where: { $0.display == "Clinical" }),
            tags.types[clinical].evidence.allSatisfy({ Self.weakClinical.contains($0.text.lowercased()) })
        {
            tags.types.remove(at: clinical)
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

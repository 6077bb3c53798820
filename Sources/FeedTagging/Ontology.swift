import FeedModel
import Foundation
import Yams

/// The vocabulary the taggers resolve to: genes with aliases, drugs with every name, from
/// `data/ontology/*.yml` (curated by hand; see the files' headers for sources).
public struct Ontology: Sendable {
    /// A gene or biomarker: its tag symbol, display name and aliases.
    public struct Gene: Sendable, Hashable {
        public var symbol: String
        public var name: String
        public var aliases: [String]
        /// Short or ambiguous symbols fire only in capitals next to biomedical words.
        public var needsContext: Bool
        /// The HGNC symbol of a curated biomarker (nil for MSI, TMB, families).
        public var hgnc: String?
        /// From the generated NCBI list, not the curated file: tagged only in gene context.
        public var generated = false
        /// The full name, matched in any case ("cyclin D1", "galectin 9"), for generated genes.
        public var textName: String?
        /// The genes a family name stands for: "CDK4/6" is CDK4 and CDK6 (symbols).
        public var members: [String] = []

        /// `HER-2 (Human epidermal growth factor receptor 2)`.
        public var display: String { "\(symbol) (\(name))" }

        public init(symbol: String, name: String, aliases: [String], needsContext: Bool, hgnc: String? = nil) {
            self.symbol = symbol
            self.name = name
            self.aliases = aliases
            self.needsContext = needsContext
            self.hgnc = hgnc
        }
    }

    /// A drug: its display form and every name that resolves to it.
    public struct Drug: Sendable, Hashable {
        public var display: String
        public var names: [String]
        /// The displays of the generics a formulation is made of ("Abraxane (nab-paclitaxel)" is
        /// paclitaxel), tagged with it so `--drug paclitaxel` finds the papers on its formulations.
        public var ingredients: [String] = []
        /// A generated drug without an INN stem ("aspirin", "curcumin", "chloroquine"): tagged
        /// only in drug context (treated with, dose, -induced …), as its name may be a reagent's
        /// or a lab value's too.
        public var needsContext = false

        public init(display: String, names: [String], ingredients: [String] = [], needsContext: Bool = false) {
            self.display = display
            self.names = names
            self.ingredients = ingredients
            self.needsContext = needsContext
        }
    }

    /// The curated genes (genes.yml); the generated NCBI list is read by the tagger when it first
    /// tags (``Tagger``), so commands that only read the store start in 0.05 s, not 0.3 s.
    public var genes: [Gene]
    public var drugs: [Drug]
    /// generated/genes-ncbi.tsv beside the curated files, or nil (no generated genes).
    public var generatedGenesURL: URL?

    public init(genes: [Gene], drugs: [Drug]) {
        self.genes = genes
        self.drugs = drugs
    }

    /// Loads `genes.yml` and `drugs.yml` from `directory`.
    ///
    /// - Throws: ``ConfigError`` naming the file when one is missing or malformed.
    public static func load(directory: URL) throws -> Ontology {
        struct GeneFile: Decodable {
            struct Entry: Decodable {
                var symbol: String
                var name: String
                var aliases: [String]?
                var context: Bool?
                var hgnc: String?
                var members: [String]?

                private enum CodingKeys: String, CodingKey, CaseIterable { case symbol, name, hgnc, aliases, context, members }
                private struct AnyKey: CodingKey {
                    var stringValue: String
                    var intValue: Int? { nil }
                    init(stringValue: String) { self.stringValue = stringValue }
                    init?(intValue: Int) { nil }
                }

                // Strict, because a comma in an unquoted flow value (`name: A,5-B`) ends the
                // value and turns the rest into a key: refuse it rather than cut a gene's name.
                init(from decoder: any Decoder) throws {
                    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
                    if let unknown = keys.first(where: { CodingKeys(rawValue: $0) == nil }) {
                        throw DecodingError.dataCorrupted(
                            DecodingError.Context(
                                codingPath: decoder.codingPath,
                                debugDescription: "unknown key \"\(unknown)\" (quote a value that holds a comma)"))
                    }
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    symbol = try container.decode(String.self, forKey: .symbol)
                    name = try container.decode(String.self, forKey: .name)
                    aliases = try container.decodeIfPresent([String].self, forKey: .aliases)
                    context = try container.decodeIfPresent(Bool.self, forKey: .context)
                    hgnc = try container.decodeIfPresent(String.self, forKey: .hgnc)
                    members = try container.decodeIfPresent([String].self, forKey: .members)
                }
            }
            var genes: [Entry]
        }
        struct DrugFile: Decodable {
            var drugs: [[String]]
            var ingredients: [String: [String]]?
        }
        func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ConfigError(
                    file: url.path,
                    message:
                        "cannot read the ontology: the file is missing or unreadable (--ontology names the folder holding genes.yml and drugs.yml)")
            }
            do {
                return try YAMLDecoder().decode(T.self, from: text)
            } catch {
                throw ConfigError(file: url.path, message: "cannot read the ontology (\(error))")
            }
        }
        let genes = try read("genes.yml", as: GeneFile.self).genes.map {
            var gene = Gene(symbol: $0.symbol, name: $0.name, aliases: $0.aliases ?? [], needsContext: $0.context ?? false, hgnc: $0.hgnc)
            gene.members = $0.members ?? []
            return gene
        }

        let drugFile = try read("drugs.yml", as: DrugFile.self)
        var drugs = drugFile.drugs.compactMap { entry -> Drug? in
            guard let display = entry.first else { return nil }
            return Drug(display: display, names: Array(entry.dropFirst()), ingredients: drugFile.ingredients?[display] ?? [])
        }
        // Every formulation and ingredient must be a drug of the file: a typo would tag nothing.
        let displays = Set(drugs.map(\.display))
        for (formulation, ingredients) in drugFile.ingredients ?? [:] {
            for name in [formulation] + ingredients where !displays.contains(name) {
                throw ConfigError(
                    file: directory.appendingPathComponent("drugs.yml").path,
                    message: "ingredients: \"\(name)\" is not the display name of any drug in the file")
            }
        }
        drugs += generatedDrugs(directory.appendingPathComponent("generated/drugs-dner.tsv"), curated: drugs)
        var ontology = Ontology(genes: genes, drugs: drugs)
        ontology.generatedGenesURL = directory.appendingPathComponent("generated/genes-ncbi.tsv")
        return ontology
    }

    /// The generic names of the generated drug lexicon (SOURCES.md) that the curated file lacks,
    /// each its own drug shown in lower case. Only generics: brand names and lab synonyms of a
    /// 20,000-drug dictionary include common words; combination products, salts written with
    /// commas and body chemistry ("glucose", "albumin") are left out too. A missing file adds
    /// nothing.
    static func generatedDrugs(_ url: URL, curated: [Drug]) -> [Drug] {
        // Read on every command's start: only each line's first field is looked at, and the
        // cheap tests (its first word's stem) come before any String is built.
        guard let data = try? Data(contentsOf: url) else { return [] }
        // Names are compared as their words ("interferon-alpha" is "interferon alpha"), so no
        // generated drug repeats a curated name written with other hyphens.
        func key(_ name: String) -> String { name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") }
        var known = Set(curated.flatMap { [$0.display] + $0.names }.map(key))
        var result: [Drug] = []
        let stems = Self.drugStems.map { Array($0.utf8) }
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let lineEnd = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                defer { start = lineEnd + 1 }
                guard bytes[start] != UInt8(ascii: "#"), let tab = bytes[start..<lineEnd].firstIndex(of: 0x09) else { continue }
                let field = bytes[start..<tab]
                let firstWord = field[..<(field.firstIndex(of: 0x20) ?? tab)]
                guard field.count >= 5 else { continue }
                let stemmed = stems.contains(where: { firstWord.count >= $0.count && firstWord.suffix($0.count).elementsEqual($0) })
                // Without a stem, only what DrugBank lists as a drug (the third field holds its id).
                if !stemmed {
                    guard let synonymsEnd = bytes[(tab + 1)..<lineEnd].firstIndex(of: 0x09), synonymsEnd + 1 < lineEnd,
                        bytes[synonymsEnd + 1] == UInt8(ascii: "D")
                    else { continue }
                }
                let name = String(decoding: field, as: UTF8.self).lowercased()
                guard name.split(separator: " ").count <= 3, !name.contains(where: { "(),/;:[]".contains($0) }), !name.contains(" and "),
                    !Self.notDrugsInText.contains(name), stemmed || Self.mayBeGuardedDrug(name), known.insert(key(name)).inserted
                else { continue }
                result.append(Drug(display: name, names: [name], needsContext: !stemmed))
            }
        }
        return result
    }

    /// Endings of international nonproprietary names (WHO's INN stems) and a few classic drug
    /// families: the dictionary also holds proteins, classes and reagents ("cyclin d1", "antibodies",
    /// "hematoxylin"), which a drug's own name never looks like.
    static let drugStems: [String] = [
        "mab", "nib", "lib", "platin", "taxel", "rubicin", "mycin", "micin", "tecan", "zomib", "domide", "lutamide", "stat", "sertib",
        "parib", "ciclib", "lisib", "trozole", "strant", "relix", "relin", "sone", "solone", "olone", "xantrone", "cycline", "cillin",
        "floxacin", "vir", "afil", "prazole", "sartan", "pril", "olol", "dipine", "statin", "cept", "citabine", "trexed", "fosfamide",
        "mustine", "busulfan", "tepa", "rabine", "guanine", "purine", "uracil", "toxin", "tansine", "dotin", "ecan", "ximab", "zumab",
        "umab", "momab", "ximod", "imod", "fenib", "rafenib", "metinib", "dronate", "denosumab", "proxen", "profen", "fenac", "xafor",
        "xaban", "gatran", "parin", "setron", "pitant", "azepam", "zolam", "oxetine", "triptyline", "peridol", "apine", "idone",
        "formin", "glitazone", "gliptin", "tidine", "ifene", "oxifene",
    ]

    /// Whether a DrugBank name without an INN stem may be a drug in text: not a reagent, not a
    /// hormone of the body ("gonadotropin-releasing hormone") and not a microbe ("lactobacillus casei").
    static func mayBeGuardedDrug(_ name: String) -> Bool {
        if reagents.contains(name) || name.hasSuffix("hormone") { return false }
        // One word, or an acid named by a word of its own ("mycophenolic acid", "valproic acid"):
        // DrugBank's other many-word names are salts, allergen extracts and plants ("sodium
        // chloride", "pinus pollen"), and their common first words would slow every lookup.
        let words = name.split(separator: " ")
        if words.count > 2 || (words.count == 2 && (words[1] != "acid" || words[0].count < 6)) { return false }
        let first = name.prefix { $0 != " " }
        return !(name.contains(" ") && ["bacillus", "bacterium", "coccus", "myces", "bacter"].contains { first.hasSuffix($0) })
    }

    /// DrugBank entries that laboratories use as stains, solvents, tracers and tools: in a methods
    /// sentence they stand next to "treated" and "concentration" like a drug would.
    static let reagents: Set<String> = [
        "hematoxylin", "eosin", "hydrogen peroxide", "dimethyl sulfoxide", "fluorodeoxyglucose", "fludeoxyglucose f-18", "paraffin",
        "formaldehyde", "methanol", "glycerol", "glycerin", "agarose", "trypan blue", "propidium iodide", "crystal violet", "methylene blue",
        "indocyanine green", "fluorescein", "isopropyl alcohol", "acetone", "chloroform", "phenol", "lactic acid",
        "ascorbic acid", "citric acid", "acetic acid", "hydrochloric acid", "sodium bicarbonate", "bicarbonate", "nitric oxide",
        "carbon dioxide", "nitrous oxide", "ozone", "sulfur", "phosphorus", "gadolinium", "technetium", "barium sulfate", "gallium",
        "fluorine", "tritium", "deuterium", "dextran", "sorbitol", "lecithin", "starch", "cellulose", "talc",
        "petrolatum", "lanolin", "menthol", "camphor", "capsaicin", "tannic acid", "vitamin a", "vitamin e", "vitamin c",
        "cholecalciferol", "ergocalciferol", "saline", "edetic acid", "tromethamine", "polysorbate 80",
        "polyethylene glycol", "glutamic acid", "aspartic acid", "taurine", "carnitine", "creatine", "melanin", "keratin", "elastin",
        "hyaluronic acid", "chondroitin", "glucosamine", "heme", "biliverdin", "estrone", "estriol", "androstenedione",
        "dehydroepiandrosterone", "pregnenolone", "aldosterone", "corticosterone",
        "acetylcholine", "gamma-aminobutyric acid", "adenosine triphosphate", "nicotinamide", "oxaloacetate", "succinic acid", "fumaric acid",
        "malic acid", "tartaric acid", "oleic acid", "linoleic acid", "palmitic acid", "stearic acid", "butyric acid", "arachidonic acid",
        "docosahexaenoic acid", "lipopolysaccharide", "ribose", "deoxyribose", "adenosine diphosphate", "adenine", "guanine", "cytosine",
        "thymine", "uracil",
        // Salts and counter-ions: "leuprolide acetate" is leuprolide.
        "acetate", "sulfate", "sulphate", "mesylate", "tosylate", "maleate", "fumarate", "succinate", "tartrate",
        "besylate", "hydrochloride", "bromide", "nitrate", "carbonate", "gluconate", "oxalate", "iodide", "fluoride", "hydroxide",
        "phosphate", "ammonium", "dihydrochloride", "monohydrate", "hemihydrate",
        // Foods, allergen sources, elements and materials DrugBank lists for their extracts or uses.
        "yeast", "wheat", "poultry", "cotton", "shrimp", "honey", "sorghum", "cadmium", "nitrite", "chitosan", "titanium", "silicon",
        "chromium", "plasminogen", "graphite", "ether", "boron", "glyphosate", "chlorine", "nadph", "aluminum", "aluminium", "threonine",
        "peanut", "soybean", "tomato", "garlic", "ginger", "cinnamon", "coffee", "cocoa", "tobacco", "latex", "nickel", "mercury", "arsenic",
        "lead", "uranium", "plutonium", "radon", "asbestos", "silica", "sulfur dioxide",
        // Ring systems medicinal chemists build on, named as scaffolds more often than as drugs.
        "quinoline", "isatin", "benzophenone", "pyrimidine", "indole", "coumarin", "chalcone", "triazole", "imidazole", "thiazole",
        "quinazoline", "benzimidazole", "pyrazole", "piperazine", "morpholine", "pyridine", "furan", "thiophene", "quinone", "naphthalene",
        "anthracene", "acridine", "carbazole", "xanthone", "flavone", "stilbene", "benzene", "toluene", "styrene",
    ]

    /// Dictionary entries that abstracts mostly name as chemistry, diet or lab values, not as a
    /// drug given.
    static let notDrugsInText: Set<String> = [
        "oxygen", "water", "glucose", "sodium", "potassium", "calcium", "magnesium", "chloride", "sodium chloride", "ethanol", "alcohol",
        "caffeine", "nicotine", "cholesterol", "albumin", "creatinine", "bilirubin", "hemoglobin", "haemoglobin", "thrombin", "fibrinogen",
        "collagen", "gelatin", "glycine", "glutamine", "arginine", "cysteine", "methionine", "lysine", "leucine", "tryptophan", "tyrosine",
        "serine", "histidine", "alanine", "valine", "proline", "glutamate", "dopamine", "serotonin", "histamine", "melatonin", "insulin",
        "estrogen", "oestrogen", "estradiol", "progesterone", "testosterone", "cortisol", "ferritin", "lactate", "pyruvate", "citrate",
        "sucrose", "lactose", "fructose", "urea", "ammonia", "nitrogen", "carbon", "hydrogen", "helium", "argon", "xenon", "iodine",
        "selenium", "copper", "silver", "gold", "platinum", "radium", "cobalt", "zinc", "iron", "lithium", "heparin", "thymidine",
        "adenosine", "guanosine", "uridine", "cytidine", "inosine", "biotin", "folate", "retinol", "tocopherol", "vitamin", "niacin",
        "riboflavin", "thiamine", "choline", "inositol", "glutathione", "hyaluronidase", "trypsin", "pepsin", "lipase", "amylase",
        "oxytocin", "ghrelin", "glucagon", "somatostatin", "calcitonin", "secretin", "gastrin", "leptin", "thyroxine", "prolactin",
    ]
}

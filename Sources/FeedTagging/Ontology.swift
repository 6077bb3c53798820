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

        /// `HER-2 (Human epidermal growth factor receptor 2)`.
        public var display: String { "\(symbol) (\(name))" }
    }

    /// A drug: its display form and every name that resolves to it.
    public struct Drug: Sendable, Hashable {
        public var display: String
        public var names: [String]
    }

    public var genes: [Gene]
    public var drugs: [Drug]

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

                private enum CodingKeys: String, CodingKey, CaseIterable { case symbol, name, hgnc, aliases, context }
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
                }
            }
            var genes: [Entry]
        }
        struct DrugFile: Decodable { var drugs: [[String]] }
        func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
            let url = directory.appendingPathComponent(name)
            do {
                return try YAMLDecoder().decode(T.self, from: try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw ConfigError(file: url.path, message: "cannot read the ontology (\(error))")
            }
        }
        let genes = try read("genes.yml", as: GeneFile.self).genes.map {
            Gene(symbol: $0.symbol, name: $0.name, aliases: $0.aliases ?? [], needsContext: $0.context ?? false)
        }
        let drugs = try read("drugs.yml", as: DrugFile.self).drugs.compactMap { entry -> Drug? in
            guard let display = entry.first else { return nil }
            return Drug(display: display, names: Array(entry.dropFirst()))
        }
        return Ontology(genes: genes, drugs: drugs)
    }
}

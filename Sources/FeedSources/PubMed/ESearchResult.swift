import FeedModel
import Foundation

/// An esearch answer: how many records match, and where the history server keeps them.
public struct ESearchResult: Sendable, Hashable {
    public var count: Int
    public var queryKey: String?
    public var webEnv: String?
    public var ids: [String]
    /// `ErrorList` entries (PhraseNotFound, FieldNotFound) and `WarningList` messages: PubMed
    /// answers HTTP 200 with Count 0 and these when a query term is unknown.
    public var warnings: [String]

    /// Parses an `eSearchResult` XML body.
    ///
    /// - Throws: ``PubMedParseError`` for a malformed body, an `<ERROR>` or a foreign document.
    public static func parse(_ data: Data, source: String) throws(PubMedParseError) -> ESearchResult {
        do {
            let reader = try XMLReader(data: data)
            guard let root = try reader.nextElement(maxDepth: 0) else {
                throw PubMedParseError(source: source, reason: .malformed(line: reader.line, column: 0, message: "no root element"))
            }
            guard root.name == "eSearchResult" else { throw PubMedParseError(source: source, reason: .unexpectedRoot(root.name)) }
            return try reader.withSubtree { node throws(PubMedParseError) in
                if let error = node.child("ERROR"), !error.text.isEmpty {
                    throw PubMedParseError(source: source, reason: .errorDocument([error.text]))
                }
                guard let count = node.child("Count").flatMap({ Int($0.text) }) else {
                    throw PubMedParseError(source: source, reason: .malformed(line: 0, column: 0, message: "eSearchResult without a Count"))
                }
                var warnings: [String] = []
                for list in [node.child("ErrorList"), node.child("WarningList")].compactMap({ $0 }) {
                    warnings += list.children.map { "\($0.name): \($0.text)" }
                }
                return ESearchResult(
                    count: count, queryKey: node.child("QueryKey")?.text, webEnv: node.child("WebEnv")?.text,
                    ids: node.child("IdList")?.children.map(\.text) ?? [], warnings: warnings)
            }
        } catch let error as PubMedParseError {
            throw error
        } catch let failure as XMLReader.Failure {
            throw PubMedParseError(source: source, reason: .malformed(line: failure.line, column: failure.column, message: failure.message))
        } catch {
            throw PubMedParseError(source: source, reason: .malformed(line: 0, column: 0, message: "\(error)"))
        }
    }
}

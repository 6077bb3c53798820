/// Why a PubMed XML document could not be read, naming the document and where it broke.
public struct PubMedParseError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The XML is malformed or ends early; libxml2's own words.
        case malformed(line: Int, column: Int, message: String)
        /// E-utilities answered with an `<ERROR>` document instead of records.
        case errorDocument([String])
        /// The document is XML but not PubMed records (e.g. an RSS feed).
        case unexpectedRoot(String)
    }

    /// The file path or request the document came from.
    public var source: String
    public var reason: Reason
    /// Complete records delivered before the failure; they are not lost.
    public var recordsBefore: Int

    public init(source: String, reason: Reason, recordsBefore: Int = 0) {
        self.source = source
        self.reason = reason
        self.recordsBefore = recordsBefore
    }

    public var description: String {
        let kept =
            recordsBefore == 1
            ? "; the complete record before it was kept" : recordsBefore > 1 ? "; the \(recordsBefore) complete records before it were kept" : ""
        switch reason {
        case .malformed(let line, _, let message) where line == 0:
            return "\(source): \(message)\(kept)"
        case .malformed(let line, let column, let message):
            return "\(source): XML breaks at line \(line), column \(column): \(message)\(kept)"
        case .errorDocument(let messages):
            return "\(source): E-utilities returned an error instead of records: \(messages.joined(separator: "; "))"
        case .unexpectedRoot(let root):
            return "\(source): not a PubMed document (root element <\(root)>, expected <PubmedArticleSet> or <MedlineCitationSet>)"
        }
    }
}

import FeedModel
import Foundation

/// One unit read from a PubMed XML document.
public enum PubMedItem: Sendable {
    /// A record, with its XML as it was received.
    case article(Article, rawXML: String)
    /// A `DeleteCitation` list from an update file: these PMIDs were withdrawn from PubMed.
    case deletion([String])
    /// A record that cannot be stored as it is: no PMID, a PMID that is not a number, or text that
    /// depends on the file's DOCTYPE (an entity it declares), which a stored record cannot keep.
    /// The reader goes on with the next record.
    case rejected(RejectedRecord)
}

/// A record the reader refused, named for the message: file, line, PMID when it has one, reason.
public struct RejectedRecord: Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var pmid: String?
    public var reason: String

    public init(source: String, line: Int, pmid: String?, reason: String) {
        self.source = source
        self.line = line
        self.pmid = pmid
        self.reason = reason
    }

    public var description: String {
        "\(source):\(line): record\(pmid.map { " PMID \($0)" } ?? "") not stored: \(reason)"
    }
}

/// Streams records out of a `PubmedArticleSet` or `MedlineCitationSet`, one at a time.
///
/// Pull-based so the caller decides when to store a batch; memory stays flat whatever the size of
/// the input. An error document, a foreign root or a break in the XML throws ``PubMedParseError``
/// after every complete record before it has been returned.
public final class PubMedReader {
    private let reader: XMLReader
    private let source: String
    private var started = false
    /// Complete records returned so far.
    public private(set) var recordCount = 0

    /// Opens a file (`.xml` or `.xml.gz`) for streaming.
    public init(path: String) throws(PubMedParseError) {
        source = path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PubMedParseError(source: path, reason: .malformed(line: 0, column: 0, message: "file not found or not readable"))
        }
        do { reader = try XMLReader(path: path) } catch {
            throw PubMedParseError(source: path, reason: .malformed(line: error.line, column: error.column, message: error.message))
        }
    }

    /// Reads a response body; `source` names it in errors.
    public init(data: Data, source: String) throws(PubMedParseError) {
        self.source = source
        do { reader = try XMLReader(data: data) } catch {
            throw PubMedParseError(source: source, reason: .malformed(line: error.line, column: error.column, message: error.message))
        }
    }

    /// Bytes of (decompressed) input consumed so far, for progress reports.
    public var bytesConsumed: Int { reader.bytesConsumed }

    /// Bytes of the file as stored (compressed for `.gz`) read so far: against the file's size, how
    /// far the ingest is.
    public var fileOffset: Int { reader.fileOffset }

    /// The next record or deletion list, or nil at the end of the document.
    public func next() throws(PubMedParseError) -> PubMedItem? {
        do {
            if !started {
                started = true
                try checkRoot()
            }
            while let position = try reader.nextElement(maxDepth: 1) {
                guard position.depth == 1 else { continue }
                switch position.name {
                case "PubmedArticle", "PubmedBookArticle", "MedlineCitation":
                    let line = reader.line
                    let decoded = try reader.withSubtree { node in
                        (PubMedArticleDecoder.decode(node), node.xml)
                    }
                    guard let article = decoded.0 else {
                        return .rejected(RejectedRecord(source: source, line: line, pmid: nil, reason: "it has no PMID"))
                    }
                    if let reason = Self.problem(article, rawXML: decoded.1) {
                        return .rejected(RejectedRecord(source: source, line: line, pmid: String(article.pmid.prefix(40)), reason: reason))
                    }
                    recordCount += 1
                    return .article(article, rawXML: decoded.1)
                case "DeleteCitation":
                    return .deletion(try reader.withSubtree(PubMedArticleDecoder.deletedPMIDs))
                default:
                    continue
                }
            }
            return nil
        } catch let failure as XMLReader.Failure {
            throw PubMedParseError(
                source: source, reason: .malformed(line: failure.line, column: failure.column, message: failure.message),
                recordsBefore: recordCount)
        } catch let error as PubMedParseError {
            throw error
        } catch {
            throw PubMedParseError(source: source, reason: .malformed(line: reader.line, column: 0, message: "\(error)"))
        }
    }

    /// Why a decoded record cannot be stored, or nil. A stored record is read back on its own,
    /// without the file's DOCTYPE, so an entity the DOCTYPE declares (`&co;`) would break it for
    /// good; PubMed's own records never use one.
    static func problem(_ article: Article, rawXML: String) -> String? {
        guard !article.pmid.isEmpty, article.pmid.count <= 12, article.pmid.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "its PMID \"\(article.pmid.prefix(40))\" is not a number"
        }
        if let range = rawXML.range(of: #"&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)[A-Za-z_][A-Za-z0-9._-]*;"#, options: .regularExpression)
        {
            return "it uses the entity \(rawXML[range]) declared in the file's DOCTYPE, which a stored record cannot keep"
        }
        return nil
    }

    private func checkRoot() throws {
        guard let root = try reader.nextElement(maxDepth: 0) else {
            throw PubMedParseError(source: source, reason: .malformed(line: reader.line, column: 0, message: "no root element"))
        }
        switch root.name {
        case "PubmedArticleSet", "MedlineCitationSet":
            return
        case "eFetchResult", "eSearchResult", "ePostResult", "eSummaryResult", "ERROR":
            throw PubMedParseError(source: source, reason: .errorDocument(try errorMessages(rootName: root.name)))
        default:
            throw PubMedParseError(source: source, reason: .unexpectedRoot(root.name))
        }
    }

    private func errorMessages(rootName: String) throws -> [String] {
        let messages = try reader.withSubtree { node in
            node.name == "ERROR" ? [node.text] : node.children.filter { $0.name == "ERROR" }.map(\.text)
        }
        return messages.isEmpty ? ["<\(rootName)> without records"] : messages
    }
}

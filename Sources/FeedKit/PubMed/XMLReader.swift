import CLibXML2
import Foundation

/// A streaming pull reader over libxml2's `xmlTextReader`: the one place bmfeed touches C XML.
///
/// libxml2 rather than FoundationXML because `XMLParser` reports success on a truncated body and
/// fails on inputs over 10 MB (docs/toolchain.md). The reader is opened with `XML_PARSE_NONET`,
/// without `XML_PARSE_NOENT` or `XML_PARSE_DTDLOAD`: no DTD is fetched, no entity is expanded,
/// and ``XMLNode/text`` skips entity references, so an XXE payload yields nothing.
///
/// It is a class because it owns a C handle that `deinit` frees; it is used from one task at a time.
final class XMLReader {
    /// Where a document broke and why, as libxml2 reported it first.
    struct Failure: Error, Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    /// An element the reader stands on, at a given depth.
    struct Position {
        var name: String
        var depth: Int
    }

    private let reader: xmlTextReaderPtr
    private let errors: ErrorSink
    private var state: Int32 = 1
    private var skipRead = false

    /// Opens a file, streaming from disk; libxml2 inflates `.gz` transparently.
    init(path: String) throws(Failure) {
        guard let reader = xmlReaderForFile(path, nil, Self.options) else {
            throw Failure(line: 0, column: 0, message: "cannot open \(path)")
        }
        self.reader = reader
        self.errors = ErrorSink()
        install()
    }

    /// Reads a document held in memory (an HTTP body).
    init(data: Data) throws(Failure) {
        guard !data.isEmpty else { throw Failure(line: 0, column: 0, message: "empty document") }
        // xmlReaderForMemory does not copy, so the reader gets bytes it owns until deinit.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
        copy.copyBytes(from: data)
        guard let base = copy.baseAddress,
            let created = xmlReaderForMemory(
                base.assumingMemoryBound(to: CChar.self), Int32(clamping: copy.count), nil, nil, Self.options)
        else {
            copy.deallocate()
            throw Failure(line: 0, column: 0, message: "cannot read document")
        }
        self.reader = created
        self.errors = ErrorSink()
        self.buffer = copy
        install()
    }

    private var buffer: UnsafeMutableRawBufferPointer?

    deinit {
        xmlFreeTextReader(reader)
        buffer?.deallocate()
        Unmanaged.passUnretained(errors).release()
    }

    private func install() {
        let context = Unmanaged.passRetained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
            sink.record(error.pointee)
        }, context)
    }

    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue)

    /// Moves to the next element start at `maxDepth` or shallower, or returns nil at the end.
    ///
    /// - Throws: ``Failure`` when the document is malformed or ends early.
    func nextElement(maxDepth: Int) throws(Failure) -> Position? {
        while true {
            if skipRead {
                skipRead = false
            } else {
                state = xmlTextReaderRead(reader)
            }
            if state == 0 { return nil }
            if state < 0 { throw failure() }
            let depth = Int(xmlTextReaderDepth(reader))
            if xmlTextReaderNodeType(reader) == 1 && depth <= maxDepth {
                return Position(name: String(cString: xmlTextReaderConstLocalName(reader)), depth: depth)
            }
        }
    }

    /// Builds the whole subtree of the current element and hands it to `body`.
    ///
    /// Afterwards the reader stands past the element, and libxml2 frees the subtree as it moves
    /// on, which keeps memory flat over files of any size.
    func withSubtree<T>(_ body: (XMLNode) throws -> T) throws -> T {
        guard let node = xmlTextReaderExpand(reader) else { throw failure() }
        let result = try body(XMLNode(node: node))
        state = xmlTextReaderNext(reader)
        if state < 0 { throw failure() }
        skipRead = true
        return result
    }

    /// Bytes of input consumed so far (after decompression).
    var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(reader)) }

    /// The line the reader is on.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    private func failure() -> Failure {
        if let first = errors.first { return first }
        return Failure(line: line, column: Int(xmlTextReaderGetParserColumnNumber(reader)), message: "malformed XML")
    }
}

/// Collects the first error libxml2 reports, which names the real cause; later ones are echoes.
private final class ErrorSink {
    var first: XMLReader.Failure?

    func record(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "malformed XML"
        first = XMLReader.Failure(
            line: Int(error.line), column: Int(error.int2),
            message: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A borrowed view of an element in an expanded subtree; valid only inside ``XMLReader/withSubtree(_:)``.
struct XMLNode {
    fileprivate let node: xmlNodePtr

    var name: String { String(cString: node.pointee.name) }

    /// The element children, in document order.
    var children: [XMLNode] {
        var result: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLNode(node: current)) }
            child = current.pointee.next
        }
        return result
    }

    /// The first child element called `name`.
    func child(_ name: String) -> XMLNode? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, String(cString: current.pointee.name) == name {
                return XMLNode(node: current)
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Follows a path of child names: `node.path("Journal", "JournalIssue", "PubDate")`.
    func path(_ names: String...) -> XMLNode? {
        var current: XMLNode? = self
        for name in names { current = current?.child(name) }
        return current
    }

    /// The value of an attribute, entity references resolved to their predefined characters.
    func attribute(_ name: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if String(cString: current.pointee.name) == name {
                var text = ""
                var value = current.pointee.children
                while let part = value {
                    if let content = part.pointee.content { text += String(cString: content) }
                    value = part.pointee.next
                }
                return text
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// All descendant text in document order, inline markup dropped, whitespace runs collapsed.
    ///
    /// Entity reference nodes are skipped on purpose: the five predefined entities and character
    /// references arrive already decoded as text, and anything else is an entity we refuse to expand.
    var text: String {
        var raw = ""
        Self.collect(node, into: &raw)
        return Self.collapse(raw)
    }

    private static func collect(_ node: xmlNodePtr, into text: inout String) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ELEMENT_NODE:
                collect(current, into: &text)
            default:
                break
            }
            child = current.pointee.next
        }
    }

    private static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The element serialised back to XML, as stored for later re-derivation.
    var xml: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, node.pointee.doc, node, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}

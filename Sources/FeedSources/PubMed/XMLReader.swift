import CLibXML2
import CZlib
import FeedModel
import Foundation

/// A streaming pull reader over libxml2's `xmlTextReader`: the one place bmfeed touches C XML.
///
/// libxml2 rather than FoundationXML because `XMLParser` reports success on a truncated body and
/// fails on inputs over 10 MB (docs/toolchain.md). The reader is opened with `XML_PARSE_NONET`,
/// without `XML_PARSE_NOENT` or `XML_PARSE_DTDLOAD`: no DTD is fetched, no entity is expanded,
/// and ``XMLNode/text`` skips entity references, so an XXE payload yields nothing.
///
/// libxml2's own limits stay on (no `XML_PARSE_HUGE`): elements nest at most 256 deep and a text
/// node holds at most 10 MB. On top of them a record (any element at depth 1) may take at most
/// ``Limits/recordBytes`` of input, and a gzip file may not inflate more than
/// ``Limits/expansionRatio``-fold, so a hostile file fails with a message instead of taking memory.
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
    private let input: InputSource
    private var state: Int32 = 1
    private var skipRead = false

    /// Opens a file, streaming from disk; `.gz` files are inflated on the way (zlib reads plain
    /// files unchanged).
    convenience init(path: String) throws(Failure) {
        guard let file = gzopen(path, "rb") else { throw Failure(line: 0, column: 0, message: "cannot open the file") }
        gzbuffer(file, 1 << 17)
        try self.init(input: InputSource(file: file), name: path)
    }

    /// Reads a document held in memory (an HTTP body).
    convenience init(data: Data) throws(Failure) {
        guard !data.isEmpty else { throw Failure(line: 0, column: 0, message: "empty document") }
        try self.init(input: InputSource(data: data), name: "memory")
    }

    private init(input: InputSource, name: String) throws(Failure) {
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard
            let reader = xmlReaderForIO(
                { context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    return Unmanaged<InputSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
                }, nil, context, name, nil, Self.options)
        else {
            throw Failure(line: 0, column: 0, message: "cannot start the XML reader")
        }
        self.reader = reader
        self.input = input
        self.errors = ErrorSink()
        install()
    }

    deinit {
        xmlFreeTextReader(reader)
        Unmanaged.passUnretained(errors).release()
    }

    private func install() {
        let context = Unmanaged.passRetained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
                sink.record(error.pointee)
            }, context)
    }

    // Blank text nodes are kept (no XML_PARSE_NOBLANKS), so a closed record always has a successor.
    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOWARNING.rawValue)

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
                input.markProgress()
                return Position(name: String(cString: xmlTextReaderConstLocalName(reader)), depth: depth)
            }
        }
    }

    /// Builds the whole subtree of the current element and hands it to `body`.
    ///
    /// Afterwards the reader stands past the element, and libxml2 frees the subtree as it moves
    /// on, which keeps memory flat over files of any size.
    func withSubtree<T>(_ body: (XMLNode) throws -> T) throws -> T {
        guard let node = xmlTextReaderExpand(reader) else {
            // Expand reads ahead, and when the input breaks in that read-ahead it fails even if
            // this element was already closed. A node with a successor was closed (the input's
            // end marker guarantees one): hand it over and report the break on the next move.
            guard let current = xmlTextReaderCurrentNode(reader), current.pointee.next != nil else { throw failure() }
            let result = try body(XMLNode(node: current))
            state = -1
            skipRead = true
            return result
        }
        let result = try body(XMLNode(node: node))
        state = xmlTextReaderNext(reader)
        if state < 0 { throw failure() }
        input.markProgress()
        skipRead = true
        return result
    }

    /// Bytes of input consumed so far (after decompression).
    var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(reader)) }

    /// Bytes of the file itself read so far (compressed bytes for `.gz`), against its size on
    /// disk for a percentage.
    var fileOffset: Int { input.fileOffset }

    /// The line the reader is on.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    private func failure() -> Failure {
        var failure = errors.first ?? Failure(line: line, column: Int(xmlTextReaderGetParserColumnNumber(reader)), message: "malformed XML")
        if let problem = input.problem {
            failure.message = problem
        } else if failure.message.hasPrefix("Excessive depth") {
            failure.message = "elements nest more than 256 deep, which no PubMed record does"
        } else if failure.message.contains("huge text node") || failure.message.contains("XML_PARSE_HUGE") {
            failure.message =
                "a text or name over 10 MB, which no PubMed record has (\(failure.message.replacingOccurrences(of: ", use XML_PARSE_HUGE option", with: "")))"
        } else if input.reachedEnd {
            failure.message = "the document ends before it is complete, cut off? (\(failure.message))"
        }
        return failure
    }
}

/// The bounds a document must keep, whatever it claims to be.
enum Limits {
    /// Input one record (an element at depth 1) may span: PubMed's largest, with thousands of
    /// authors, are about 1 MB.
    static let recordBytes = 32 << 20
    /// How many times a gzip file may grow when inflated: PubMed's files grow 5 to 10 times, a
    /// zip bomb a thousand.
    static let expansionRatio = 200
    /// Inflated bytes before the ratio is checked, so small files of repeated text pass.
    static let expansionFloor = 64 << 20
}

/// Feeds libxml2 from a gzip-or-plain file or from memory, then an end marker.
///
/// The marker (a comment, legal after the root element) follows the real input so that a record
/// closed just before a break still has a successor node, which is how ``XMLReader`` tells it
/// from a record the break cut through.
private final class InputSource {
    private static let endText = "\n<!-- end of input -->\n"
    /// The marker in the input's own encoding: a UTF-16 document followed by UTF-8 bytes would
    /// end in "Extra content". Chosen from the first bytes, as libxml2 detects the encoding.
    private var endMarker = Array(InputSource.endText.utf8)
    private var sniffed = false

    private var file: gzFile?
    private var data: Data?
    private var offset = 0
    private var markerOffset = 0
    /// True once the real input is exhausted.
    private(set) var reachedEnd = false
    /// A read error (a gzip stream cut short) or a broken limit, reported instead of the parse
    /// error it causes.
    private(set) var problem: String?
    /// Bytes handed to libxml2 so far, and at the last record boundary.
    private var delivered = 0
    private var progressMark = 0

    /// Notes a record boundary: ``Limits/recordBytes`` counts from here.
    func markProgress() { progressMark = delivered }

    init(file: gzFile) { self.file = file }
    init(data: Data) { self.data = data }

    /// Bytes of the file (as stored, compressed or not) read so far.
    var fileOffset: Int { file.map { Int(gzoffset($0)) } ?? offset }

    deinit {
        if let file { gzclose(file) }
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        if !reachedEnd {
            if let broken = brokenLimit() {
                problem = broken
                return -1
            }
            let count = readInput(into: buffer, length: length)
            if count > 0 {
                if !sniffed { sniff(UnsafeRawBufferPointer(start: buffer, count: count)) }
                delivered += count
                return Int32(count)
            }
            reachedEnd = true
        }
        let count = min(length, endMarker.count - markerOffset)
        endMarker.withUnsafeBufferPointer { marker in
            guard let base = marker.baseAddress, count > 0 else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + markerOffset, byteCount: count)
        }
        markerOffset += count
        return Int32(count)
    }

    private func sniff(_ bytes: UnsafeRawBufferPointer) {
        sniffed = true
        guard bytes.count >= 2 else { return }
        let (first, second) = (bytes[0], bytes[1])
        if (first == 0xFF && second == 0xFE) || (first == 0x3C && second == 0x00) {
            endMarker = Self.endText.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        } else if (first == 0xFE && second == 0xFF) || (first == 0x00 && second == 0x3C) {
            endMarker = Self.endText.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
    }

    private func brokenLimit() -> String? {
        if delivered - progressMark > Limits.recordBytes {
            return "one record spans more than \(Limits.recordBytes >> 20) MB, which no PubMed record does; reading stops here"
        }
        if let file, delivered > Limits.expansionFloor, delivered / max(Int(gzoffset(file)), 1) > Limits.expansionRatio {
            return "the file inflates more than \(Limits.expansionRatio)-fold (a zip bomb?); reading stops here"
        }
        return nil
    }

    private func readInput(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int {
        if let file {
            let count = Int(gzread(file, buffer, UInt32(length)))
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                problem = "the compressed input breaks off: \(message)"
                return 0
            }
            return count
        }
        guard let data, offset < data.count else { return 0 }
        let count = min(length, data.count - offset)
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
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
            message: message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
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
            if current.pointee.type == XML_ELEMENT_NODE, Self.named(current, name) {
                return XMLNode(node: current)
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Compares a node's name with `name` without building a String.
    private static func named(_ node: xmlNodePtr, _ name: String) -> Bool {
        strcmp(UnsafeRawPointer(node.pointee.name).assumingMemoryBound(to: CChar.self), name) == 0
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
            if strcmp(UnsafeRawPointer(current.pointee.name).assumingMemoryBound(to: CChar.self), name) == 0 {
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
    /// Works on UTF-8 bytes: only ASCII whitespace is collapsed, so a thin space (U+2009) between a
    /// number and its unit stays.
    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        var pendingSpace = false
        Self.collect(node, into: &bytes, pendingSpace: &pendingSpace)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Walks the subtree without recursion (a stack of siblings to resume), so depth costs no
    /// call stack.
    private static func collect(_ node: xmlNodePtr, into bytes: inout [UInt8], pendingSpace: inout Bool) {
        var resume: [xmlNodePtr] = []
        var child = node.pointee.children
        while true {
            guard let current = child else {
                guard let next = resume.popLast() else { return }
                child = next
                continue
            }
            child = current.pointee.next
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard var byte = current.pointee.content else { break }
                while byte.pointee != 0 {
                    let value = byte.pointee
                    if value == 0x20 || value == 0x0A || value == 0x09 || value == 0x0D {
                        pendingSpace = !bytes.isEmpty
                    } else {
                        if pendingSpace { bytes.append(0x20) }
                        pendingSpace = false
                        bytes.append(value)
                    }
                    byte += 1
                }
            case XML_ELEMENT_NODE:
                if let next = child { resume.append(next) }
                child = current.pointee.children
            default:
                break
            }
        }
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

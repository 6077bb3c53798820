import CZlib
import FeedModel
import Foundation

/// Reads a plain or gzip-compressed file line by line in constant memory (JSONL of any size).
///
/// zlib's `gzread` passes plain files through unchanged, so one reader serves both.
public final class LineReader {
    private let file: gzFile
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts, and how far it has been searched for a newline.
    private var start = 0
    private var scanned = 0
    private var finished = false
    private static let chunkSize = 1 << 20
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes of (decompressed) input read so far.
    public private(set) var bytesRead = 0

    public init?(path: String) {
        guard let file = gzopen(path, "rb") else { return nil }
        gzbuffer(file, 1 << 17)
        self.file = file
    }

    deinit { gzclose(file) }

    /// The next line without its newline, or nil at the end.
    ///
    /// - Throws: ``LineReadError`` when a compressed file breaks off.
    public func next() throws(LineReadError) -> Data? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Data(buffer[start..<newline])
                start = newline + 1
                scanned = start
                lineNumber += 1
                return line
            }
            scanned = buffer.count
            if finished {
                guard start < buffer.count else { return nil }
                let line = Data(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    /// Drops what was consumed and appends the next chunk of input.
    private func fill() throws(LineReadError) {
        if start > 0 {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let count = buffer.withUnsafeMutableBytes { bytes in
            gzread(file, bytes.baseAddress.map { $0 + old }, UInt32(Self.chunkSize))
        }
        buffer.removeLast(Self.chunkSize - max(Int(count), 0))
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            throw LineReadError(line: lineNumber + 1, message: "the file breaks off: \(message)")
        }
        if count == 0 { finished = true }
        bytesRead += Int(count)
    }
}

/// A file that could not be read to its end: the 1-based line where reading stopped, and why.
public struct LineReadError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

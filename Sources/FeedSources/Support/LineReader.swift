import CZlib
import FeedModel
import Foundation

/// Reads a plain or gzip-compressed file line by line in constant memory (JSONL of any size).
///
/// zlib's `gzread` passes plain files through unchanged, so one reader serves both. A line longer
/// than ``maxLineBytes`` is skipped as it streams past (never held whole) and reported as a
/// recoverable ``LineReadError``; a gzip file inflating more than 200-fold stops the read.
public final class LineReader {
    private let file: gzFile
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts, and how far it has been searched for a newline.
    private var start = 0
    private var scanned = 0
    private var finished = false
    private static let chunkSize = 1 << 20
    /// gzread's landing place, copied onto `buffer` in one move.
    private var scratch = [UInt8](repeating: 0, count: 1 << 20)
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes of (decompressed) input read so far.
    public private(set) var bytesRead = 0
    /// The longest line returned: one ClinicalTrials.gov study is at most a few hundred KB.
    public let maxLineBytes: Int
    /// True while the rest of an overlong line is being dropped.
    private var skipping = false

    public init?(path: String, maxLineBytes: Int = 8 << 20) {
        guard let file = gzopen(path, "rb") else { return nil }
        gzbuffer(file, 1 << 17)
        self.file = file
        self.maxLineBytes = maxLineBytes
    }

    deinit { gzclose(file) }

    /// The next line without its newline, or nil at the end.
    ///
    /// - Throws: ``LineReadError`` when a compressed file breaks off.
    /// - Throws: ``LineReadError`` when a compressed file breaks off or inflates too far, or (with
    ///   `recoverable` set, reading can go on) when a line is longer than ``maxLineBytes``.
    public func next() throws(LineReadError) -> Data? {
        while true {
            if let newline = newlineIndex() {
                if skipping {
                    skipping = false
                    start = newline + 1
                    scanned = start
                    lineNumber += 1
                    throw tooLong()
                }
                var line = Data(buffer[start..<newline])
                // A UTF-8 byte-order mark opens some exported files; JSON has no place for it.
                if lineNumber == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
                start = newline + 1
                scanned = start
                lineNumber += 1
                return line
            }
            scanned = buffer.count
            if !skipping && buffer.count - start > maxLineBytes {
                skipping = true
            }
            if skipping {
                start = buffer.count
                scanned = start
            }
            if finished {
                if skipping {
                    skipping = false
                    lineNumber += 1
                    throw tooLong()
                }
                guard start < buffer.count else { return nil }
                let line = Data(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    /// The first newline at or after `scanned`, found by `memchr` (a byte loop is ten times slower).
    private func newlineIndex() -> Int? {
        guard scanned < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let hit = memchr(base + scanned, 0x0A, bytes.count - scanned) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
    }

    /// Drops what was consumed and appends the next chunk of input.
    private func fill() throws(LineReadError) {
        if start > 0 {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        let count = scratch.withUnsafeMutableBytes { bytes in gzread(file, bytes.baseAddress, UInt32(Self.chunkSize)) }
        if count > 0 { buffer.append(contentsOf: scratch[0..<Int(count)]) }
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            throw LineReadError(line: lineNumber + 1, message: "the file breaks off: \(message)")
        }
        if count == 0 { finished = true }
        bytesRead += Int(count)
        if bytesRead > 64 << 20, bytesRead / max(Int(gzoffset(file)), 1) > 200 {
            throw LineReadError(line: lineNumber + 1, message: "the file inflates more than 200-fold (a zip bomb?); reading stops here")
        }
    }

    private func tooLong() -> LineReadError {
        LineReadError(
            line: lineNumber, message: "the line is longer than \(maxLineBytes >> 20) MB, which no study is; skipped",
            recoverable: true)
    }
}

/// A file that could not be read to its end: the 1-based line where reading stopped, and why.
public struct LineReadError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    /// True when only this line is lost and reading can go on.
    public var recoverable: Bool

    public init(line: Int, message: String, recoverable: Bool = false) {
        self.line = line
        self.message = message
        self.recoverable = recoverable
    }

    public var description: String { "line \(line): \(message)" }
}

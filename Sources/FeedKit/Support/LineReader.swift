import CLibXML2
import Foundation

/// Reads a plain or gzip-compressed file line by line in constant memory (JSONL of any size).
///
/// zlib's `gzread` passes plain files through unchanged, so one reader serves both.
final class LineReader {
    private let file: gzFile
    private var buffer = Data()
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var finished = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Bytes of (decompressed) input read so far.
    private(set) var bytesRead = 0

    init?(path: String) {
        guard let file = gzopen(path, "rb") else { return nil }
        self.file = file
    }

    deinit { gzclose(file) }

    /// The next line without its newline, or nil at the end.
    ///
    /// - Throws: ``TrialParseError`` when a compressed file breaks off.
    func next(source: String) throws(TrialParseError) -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                lineNumber += 1
                return Data(line)
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                let line = buffer
                buffer = Data()
                lineNumber += 1
                return line
            }
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw TrialParseError(source: source, record: "line \(lineNumber + 1)", message: "the file breaks off: \(message)")
            }
            if count == 0 {
                finished = true
            } else {
                bytesRead += Int(count)
                buffer.append(contentsOf: chunk[0..<Int(count)])
            }
        }
    }
}

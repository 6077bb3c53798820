import CZlib
import Foundation

/// zlib compression for trials' raw API v2 JSON (versions repeat most of their text; stores of
/// schema v2 and later hold them this way). Articles use ``Zstd``.
enum Deflate {
    /// A zlib stream of `data`; nil only if zlib fails.
    static func compress(_ data: Data, level: Int32 = 6) -> Data? {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = Data(count: Int(deflateBound(&stream, uLong(data.count))))
        let status = output.withUnsafeMutableBytes { target -> Int32 in
            data.withUnsafeBytes { source -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(data.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.count = Int(stream.total_out)
        return output
    }

    /// The first `size` bytes of what `data` inflates to (all of it when `size` is its full
    /// length), or nil when `data` is not a zlib stream made with this dictionary.
    static func decompress(_ data: Data, size: Int) -> Data? {
        guard size > 0 else { return Data() }
        var stream = z_stream()
        guard inflateInit2_(&stream, MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = Data(count: size)
        let produced = output.withUnsafeMutableBytes { target -> Int? in
            data.withUnsafeBytes { source -> Int? in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(data.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(size)
                let status = inflate(&stream, Z_NO_FLUSH)
                // Done when the stream ends, or when the prefix asked for is complete.
                guard status == Z_STREAM_END || (status == Z_OK && stream.avail_out == 0) || (status == Z_BUF_ERROR && stream.avail_out == 0)
                else { return nil }
                return size - Int(stream.avail_out)
            }
        }
        guard let produced else { return nil }
        output.count = produced
        return output
    }
}

import CZlib
import Foundation

/// zlib compression for stored raw XML, raw JSON and normalised records: PubMed XML and API v2
/// JSON shrink four- to eightfold, and the store reads them back only for `show --raw`.
enum Deflate {
    static func compress(_ data: Data, level: Int32 = 6) -> Data {
        var size = compressBound(uLong(data.count))
        var output = Data(count: Int(size))
        let status = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                compress2(
                    target.baseAddress?.assumingMemoryBound(to: Bytef.self), &size,
                    source.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), level)
            }
        }
        guard status == Z_OK else { return data }
        output.count = Int(size)
        return output
    }

    /// The original bytes, or nil when `data` is not what ``compress(_:level:)`` made of `size` bytes.
    static func decompress(_ data: Data, size: Int) -> Data? {
        var length = uLongf(size)
        var output = Data(count: size)
        let status = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                uncompress(
                    target.baseAddress?.assumingMemoryBound(to: Bytef.self), &length,
                    source.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count))
            }
        }
        guard status == Z_OK else { return nil }
        output.count = Int(length)
        return output
    }
}

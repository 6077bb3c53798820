import CLibXML2
import Foundation

/// zlib compression for stored raw JSON (trial versions repeat most of their text).
///
/// zlib arrives through the CLibXML2 module, which links it for gzip input anyway.
enum Deflate {
    static func compress(_ data: Data) -> Data {
        var size = compressBound(uLong(data.count))
        var output = Data(count: Int(size))
        let status = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                compress2(
                    target.baseAddress?.assumingMemoryBound(to: Bytef.self), &size,
                    source.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), 6)
            }
        }
        guard status == Z_OK else { return data }
        output.count = Int(size)
        return output
    }

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

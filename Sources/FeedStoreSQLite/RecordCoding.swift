import FeedStore
import Foundation

/// How normalised records are kept in a column: JSON (sorted keys, so equal records are equal
/// bytes), compressed, with the uncompressed size in front so a read needs no second column.
enum RecordCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder = JSONDecoder()

    /// JSON of `value`, compressed, behind its 4-byte size.
    static func pack<T: Encodable>(_ value: T) throws -> Data {
        try pack(bytes: encoder.encode(value))
    }

    static func pack(bytes: Data) -> Data {
        var size = UInt32(bytes.count).bigEndian
        var output = Data(bytes: &size, count: 4)
        output.append(Deflate.compress(bytes))
        return output
    }

    static func unpackBytes(_ data: Data) -> Data? {
        guard data.count >= 4 else { return nil }
        let size = data.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        return Deflate.decompress(data.dropFirst(4), size: size)
    }

    static func unpack<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        guard let bytes = unpackBytes(data) else { throw StoreError(path: what, message: "the stored record does not decompress; re-ingest it") }
        do { return try decoder.decode(type, from: bytes) } catch {
            throw StoreError(path: what, message: "the stored record cannot be read (\(error)); re-ingest it")
        }
    }
}

import FeedModel
import FeedStore
import Foundation

/// How records are kept in columns.
///
/// An article's body is its normalised record (JSON, sorted keys, so equal records are equal
/// bytes) followed by its raw XML, compressed as one Zstandard frame primed with
/// ``CompressionDictionary``: the XML repeats the JSON's text, so the two cost little more than
/// the XML alone, and a read that needs only the record decompresses only the JSON at the front.
/// A one-byte format and the two lengths come first. Tags are JSON compressed the same way.
enum RecordCoding {
    /// The first byte of a stored body: how it was compressed.
    enum Format: UInt8 {
        /// Zstandard with ``CompressionDictionary/version1``.
        case zstdDictionary1 = 1
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder = JSONDecoder()

    // MARK: - Article bodies

    static func articleBody(_ article: Article, rawXML: String, compressor: Zstd.Compressor? = nil) throws -> Data {
        let json = try encoder.encode(article)
        let xml = Data(rawXML.utf8)
        var body = header(.zstdDictionary1, json.count, xml.count)
        guard let compressed = compressor?.compress(json + xml) ?? Zstd.version1.compress(json + xml) else {
            throw StoreError(path: "article \(article.pmid)", message: "the record could not be compressed")
        }
        body.append(compressed)
        return body
    }

    /// The normalised article, inflating only the JSON part.
    static func article(from body: Data, pmid: String) throws -> Article {
        guard let (jsonCount, _, stream) = parts(body),
            let json = Zstd.version1.decompress(stream, size: jsonCount)
        else { throw StoreError(path: "article \(pmid)", message: "the stored record is damaged; re-ingest it") }
        do { return try decoder.decode(Article.self, from: json) } catch {
            throw StoreError(path: "article \(pmid)", message: "the stored record cannot be read (\(error)); re-ingest it")
        }
    }

    /// The normalised article and the raw XML of a body, decompressing it once.
    static func articleAndXML(from body: Data, pmid: String) throws -> (Article, Data) {
        guard let (jsonCount, xmlCount, stream) = parts(body),
            let all = Zstd.version1.decompress(stream, size: jsonCount + xmlCount), all.count == jsonCount + xmlCount
        else { throw StoreError(path: "article \(pmid)", message: "the stored record is damaged; re-ingest it") }
        do { return (try decoder.decode(Article.self, from: all.prefix(jsonCount)), all.dropFirst(jsonCount)) } catch {
            throw StoreError(path: "article \(pmid)", message: "the stored record cannot be read (\(error)); re-ingest it")
        }
    }

    /// The raw XML as received, or nil when the body is damaged.
    static func rawXML(from body: Data) -> Data? {
        guard let (jsonCount, xmlCount, stream) = parts(body),
            let all = Zstd.version1.decompress(stream, size: jsonCount + xmlCount),
            all.count == jsonCount + xmlCount
        else { return nil }
        return all.dropFirst(jsonCount)
    }

    // MARK: - Tags

    static func tagsBlob(_ tags: TagSet, compressor: Zstd.Compressor? = nil) throws -> Data {
        let json = TagSetJSON.encode(tags)
        var blob = header(.zstdDictionary1, json.count, 0)
        blob.append(compressor?.compress(json) ?? Zstd.version1.compress(json) ?? Data())
        return blob
    }

    static func tags(from blob: Data?) -> TagSet {
        guard let blob, let (count, _, stream) = parts(blob),
            let json = Zstd.version1.decompress(stream, size: count)
        else { return TagSet() }
        return (try? decoder.decode(TagSet.self, from: json)) ?? TagSet()
    }

    // MARK: - Framing

    private static func header(_ format: Format, _ first: Int, _ second: Int) -> Data {
        var data = Data([format.rawValue])
        for value in [UInt32(first), UInt32(second)] {
            withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    private static func parts(_ data: Data) -> (Int, Int, Data)? {
        let bytes = [UInt8](data.prefix(9))
        guard bytes.count == 9, bytes[0] == Format.zstdDictionary1.rawValue else { return nil }
        let first = bytes[1...4].reduce(0) { $0 << 8 | Int($1) }
        let second = bytes[5...8].reduce(0) { $0 << 8 | Int($1) }
        return (first, second, data.dropFirst(9))
    }
}

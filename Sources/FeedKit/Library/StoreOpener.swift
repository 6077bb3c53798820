import FeedModel
import FeedSources
import FeedStore
import FeedStoreSQLite
import Foundation

/// Opens the store a command names, upgrading stores of older bmfeeds on the way.
public enum StoreOpener {
    /// Opens the SQLite store at `path`; with `create` false a missing store is an error rather
    /// than an empty store left behind in a wrong folder.
    /// `now` stamps what the store writes (first seen, detected at), so a pinned clock replays a day.
    /// With `readOnly` the store is opened read-only (and never created).
    public static func open(path: String, create: Bool, readOnly: Bool = false, now: @escaping @Sendable () -> Date = Date.init) throws
        -> SQLiteStore
    {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(path: path, message: "no store here; run bmfeed fetch or bmfeed ingest first, or pass --db PATH")
        }
        return try SQLiteStore(path: path, access: readOnly ? .readOnly : .readWrite, now: now, legacyDecoder: legacyDecoder)
    }

    /// Re-reads an article a schema-v5 store kept only as XML.
    public static let legacyDecoder: SQLiteStore.LegacyDecoder = { rawXML, pmid in
        let reader = try PubMedReader(data: Data(("<PubmedArticleSet>" + rawXML + "</PubmedArticleSet>").utf8), source: "stored article \(pmid)")
        guard case .article(let article, _) = try reader.next() else {
            throw StoreError(path: "article \(pmid)", message: "the stored XML holds no record; re-ingest it")
        }
        return article
    }
}

import FeedKit
import Foundation

/// Failures as one line that names what failed: the promise every bmfeed error keeps, whatever
/// library raised it.
enum OneLine {
    /// The error's words, with SQLite's errors (which quote whole statements over many lines)
    /// cut to their reason and prefixed by the store they concern.
    static func describe(_ error: any Error, store: String) -> String {
        var text = "\(error)"
        if let range = text.range(of: " - while executing `") { text = String(text[..<range.lowerBound]) }
        if text.hasPrefix("SQLite error") {
            let hint = text.contains("disk is full") ? "; free some disk space and run it again (nothing half-written is kept)" : ""
            text = "the store \(store): \(text)\(hint)"
        }
        return text
    }

    /// ``Swift/String/oneLine``, cut with an ellipsis when very long.
    static func clean(_ text: String) -> String {
        let line = text.oneLine
        return line.count > 600 ? String(line.prefix(600)) + " …" : line
    }
}

/// Why a file operation failed, in a few words rather than an NSError's dump.
enum FileProblem {
    static func reason(_ error: any Error) -> String {
        let code = (error as NSError).code
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
        switch underlying ?? code {
        case Int(EACCES), Int(EPERM), CocoaError.fileWriteNoPermission.rawValue: return "permission denied"
        case Int(ENOENT), CocoaError.fileNoSuchFile.rawValue: return "no such folder"
        case Int(ENOSPC), CocoaError.fileWriteOutOfSpace.rawValue: return "the disk is full"
        case Int(EROFS), CocoaError.fileWriteVolumeReadOnly.rawValue: return "the file system is read-only"
        case Int(EISDIR): return "it is a folder"
        case Int(ENOTDIR): return "a part of the path is not a folder"
        default: return OneLine.clean((error as NSError).localizedDescription)
        }
    }
}

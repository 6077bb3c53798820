import FeedStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a store's folder, held while the store is created and migrated.
///
/// The folder, not the database file: closing any descriptor of the database would drop the
/// POSIX locks SQLite holds on it, and a separate lock file would be left lying beside the store.
/// `flock` locks are independent of SQLite's own `fcntl` locks, and the kernel drops them when the
/// process dies, so a killed run never leaves the store locked.
struct FolderLock {
    private let descriptor: Int32

    /// Waits for the lock; throws when the folder cannot be opened.
    init(_ folder: String) throws {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(path: folder, message: "cannot open the store's folder: \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

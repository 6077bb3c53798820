import FeedModel
import FeedSources
import Foundation

/// A clock for tests: time moves only when someone sleeps, by the time asked, so rate limits and
/// retry backoffs are checked without waiting for them. Every sleep is recorded.
public final class TestClock: FeedClock, @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed: Duration = .zero
    private var sleeps: [Duration] = []
    private let start: Date

    public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        self.start = start
    }

    public func now() -> Date {
        lock.withLock { start.addingTimeInterval(elapsed.inSeconds) }
    }

    public func uptime() -> Duration { lock.withLock { elapsed } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            sleeps.append(duration)
            elapsed += max(duration, .zero)
        }
        await Task.yield()
    }

    /// Moves time on without a sleep (a day passing between runs).
    public func advance(by duration: Duration) {
        lock.withLock { elapsed += duration }
    }

    /// Every sleep asked for so far, in order.
    public var recordedSleeps: [Duration] { lock.withLock { sleeps } }
}

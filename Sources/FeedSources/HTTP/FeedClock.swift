import FeedModel
import Foundation

/// The time a fetch sees: wall-clock stamps for run logs, a monotonic reading for spacing
/// requests, and sleeps for backoff. Injected so tests run retries and rate limits without
/// waiting in real time (FeedKitTesting's `TestClock` advances on every sleep).
public protocol FeedClock: Sendable {
    /// The wall-clock time, for run logs and stamps.
    func now() -> Date
    /// A monotonic reading: only differences between readings mean anything.
    func uptime() -> Duration
    /// Suspends for `duration` (throws `CancellationError` when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// The real clock: `Date()` and `ContinuousClock`.
public struct SystemClock: FeedClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func now() -> Date { Date() }

    public func uptime() -> Duration { origin.duration(to: .now) }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// The real clock with its wall-clock reading pinned: `BMFEED_NOW` replays a day (a cron run on
/// a simulated date, a test across days) while waits and rate limits keep real time.
public struct PinnedClock: FeedClock {
    public let pinned: Date
    private let system = SystemClock()

    public init(_ pinned: Date) {
        self.pinned = pinned
    }

    public func now() -> Date { pinned }

    public func uptime() -> Duration { system.uptime() }

    public func sleep(for duration: Duration) async throws {
        try await system.sleep(for: duration)
    }
}

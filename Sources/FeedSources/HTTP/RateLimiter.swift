/// Spaces requests to one source at least `interval` apart, across every task that shares it.
///
/// NCBI allows 3 requests a second without an API key and 10 with one; ClinicalTrials.gov asks
/// for about one a second. Each caller reserves the next free slot and sleeps until it, on the
/// injected clock.
public actor RateLimiter {
    private let interval: Duration
    private let clock: any FeedClock
    private var nextSlot: Duration

    /// - Parameter requestsPerSecond: the ceiling; values ≤ 0 mean no limit.
    public init(requestsPerSecond: Double, clock: any FeedClock = SystemClock()) {
        interval = requestsPerSecond > 0 ? .milliseconds(Int((1000 / requestsPerSecond).rounded(.up))) : .zero
        self.clock = clock
        nextSlot = clock.uptime()
    }

    /// Waits for this caller's slot.
    public func acquire() async throws {
        let now = clock.uptime()
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        if slot > now { try await clock.sleep(for: slot - now) }
    }

    /// Pushes every later slot back, as a 429's Retry-After asks.
    public func pause(for delay: Duration) {
        nextSlot = max(nextSlot, clock.uptime() + delay)
    }
}

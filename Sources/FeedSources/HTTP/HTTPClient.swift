import FeedModel
import Foundation
import Logging

/// GETs with a shared rate limit, retries with backoff, Retry-After and a hard deadline.
///
/// The transport performs single attempts; the clock spaces and delays them, so tests inject a
/// clock that does not wait in real time.
public struct HTTPClient: Sendable {
    private let transport: any HTTPTransport
    private let limiter: RateLimiter
    private let clock: any FeedClock
    public let retry: RetryPolicy
    /// When the whole run must end, on the real monotonic clock (a pinned feed clock never moves):
    /// no attempt starts after it, and none runs past it.
    public let deadline: ContinuousClock.Instant?
    private let logger: Logger

    public init(
        limiter: RateLimiter, retry: RetryPolicy = RetryPolicy(), deadline: ContinuousClock.Instant? = nil, transport: (any HTTPTransport)? = nil,
        clock: any FeedClock = SystemClock(), logger: Logger
    ) {
        self.transport = transport ?? URLSessionTransport(idleTimeout: retry.timeout + 1)
        self.limiter = limiter
        self.clock = clock
        self.retry = retry
        self.deadline = deadline
        self.logger = logger
    }

    /// Seconds left before the run's deadline (nil: none), and the error once it has passed.
    private func remaining(_ url: URL, attempt: Int) throws(HTTPError) -> Double? {
        guard let deadline else { return nil }
        let left = ContinuousClock.now.duration(to: deadline)
        let seconds = left.inSeconds
        guard seconds > 0 else { throw HTTPError(url: url.redacted, reason: .deadline, attempts: attempt) }
        return seconds
    }

    /// Fetches `url`, retrying what can be retried.
    ///
    /// - Throws: ``HTTPError`` once attempts run out or the failure is not retryable;
    ///   `CancellationError` when the task is cancelled.
    public func get(_ url: URL) async throws -> Data {
        var attempt = 0
        var timeouts = 0
        while true {
            attempt += 1
            try await limiter.acquire()
            let left = try remaining(url, attempt: attempt - 1)
            var failure: HTTPError
            var retryAfter: Double?
            switch await transport.get(url, deadline: min(retry.timeout, left ?? .infinity)) {
            case .answered(let status, _, let body) where (200..<300).contains(status):
                return body
            case .answered(let status, let header, let body):
                // A server may echo the request (NCBI's 429 JSON names the api-key): the body is
                // redacted like the URL, and made one line without control bytes.
                let text = url.redacting(String(decoding: body.prefix(300), as: UTF8.self)).oneLine
                failure = HTTPError(url: url.redacted, reason: .status(status, body: text), attempts: attempt)
                retryAfter = RetryPolicy.retryAfter(header, now: clock.now())
            case .timedOut:
                timeouts += 1
                if let left, left < retry.timeout { throw HTTPError(url: url.redacted, reason: .deadline, attempts: attempt) }
                failure = HTTPError(url: url.redacted, reason: .timeout(seconds: retry.timeout), attempts: attempt)
            case .tooSlow(let rate):
                // Like a timeout: a trickling server gets one more try, not five.
                timeouts += 1
                failure = HTTPError(url: url.redacted, reason: .transport("the transfer slowed to \(rate) bytes/s; given up"), attempts: attempt)
            case .failed(let message):
                try Task.checkCancellation()
                failure = HTTPError(url: url.redacted, reason: .transport(url.redacting(message).oneLine), attempts: attempt)
            }
            // A server that trickles or hangs gets one more deadline, not five: the time one
            // request can hold a run stays near two deadlines.
            guard failure.isRetryable, attempt < retry.maxAttempts, timeouts < 2 else { throw failure }
            let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            if let left = try remaining(url, attempt: attempt), delay >= left { throw failure }
            let wait = Duration.milliseconds(Int(delay * 1000))
            if retryAfter != nil { await limiter.pause(for: wait) }
            logger.warning(
                "\(failure); retrying in \(String(format: "%.1f", wait.inSeconds)) s")
            try await clock.sleep(for: wait)
        }
    }
}

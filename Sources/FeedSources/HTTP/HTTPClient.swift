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
    private let logger: Logger

    public init(
        limiter: RateLimiter, retry: RetryPolicy = RetryPolicy(), transport: (any HTTPTransport)? = nil, clock: any FeedClock = SystemClock(),
        logger: Logger
    ) {
        self.transport = transport ?? URLSessionTransport(idleTimeout: retry.timeout + 1)
        self.limiter = limiter
        self.clock = clock
        self.retry = retry
        self.logger = logger
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
            var failure: HTTPError
            var retryAfter: Double?
            switch await transport.get(url, deadline: retry.timeout) {
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
                failure = HTTPError(url: url.redacted, reason: .timeout(seconds: retry.timeout), attempts: attempt)
            case .failed(let message):
                try Task.checkCancellation()
                failure = HTTPError(url: url.redacted, reason: .transport(url.redacting(message).oneLine), attempts: attempt)
            }
            // A server that trickles or hangs gets one more deadline, not five: the time one
            // request can hold a run stays near two deadlines.
            guard failure.isRetryable, attempt < retry.maxAttempts, timeouts < 2 else { throw failure }
            let wait = Duration.milliseconds(Int(retry.delay(afterAttempt: attempt, retryAfter: retryAfter) * 1000))
            if retryAfter != nil { await limiter.pause(for: wait) }
            logger.warning(
                "\(failure); retrying in \(String(format: "%.1f", Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)) s")
            try await clock.sleep(for: wait)
        }
    }
}

import FeedModel
import Foundation

/// How often and how patiently a request is retried.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Backoff before the second attempt; it doubles each time, with full jitter.
    public var baseDelay: Double
    /// Ceiling for one wait, Retry-After included.
    public var maxDelay: Double
    /// Deadline for one whole request, body included.
    public var timeout: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 1, maxDelay: Double = 60, timeout: Double = 120) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.timeout = timeout
    }

    /// The wait before attempt `attempt + 1`: Retry-After when the server gave one, else
    /// exponential backoff with jitter so parallel clients do not retry in step.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        let ceiling = min(baseDelay * pow(2, Double(attempt - 1)), maxDelay)
        return ceiling / 2 + Double.random(in: 0...(ceiling / 2))
    }

    /// Reads a Retry-After header: delta-seconds or an HTTP-date.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

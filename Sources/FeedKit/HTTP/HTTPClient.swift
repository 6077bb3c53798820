import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// GETs with a shared rate limit, retries with backoff, Retry-After and a hard deadline.
///
/// URLSession on Linux has no overall deadline (its timeout only fires when nothing arrives), so
/// each attempt races a sleep and the loser is cancelled.
public struct HTTPClient: Sendable {
    private let session: URLSession
    private let limiter: RateLimiter
    public let retry: RetryPolicy
    private let logger: Logger

    public init(limiter: RateLimiter, retry: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "bmfeed.http")) {
        let configuration = URLSessionConfiguration.ephemeral
        // Our own deadline governs; URLSession's idle timeout is set above it (FoundationNetworking
        // truncates it to whole seconds, so a value under 1 s would fire at once).
        configuration.timeoutIntervalForRequest = retry.timeout.rounded(.up) + 1
        configuration.httpAdditionalHeaders = ["User-Agent": "bmfeed/0.1 (+https://github.com/bmfeed)"]
        self.session = URLSession(configuration: configuration)
        self.limiter = limiter
        self.retry = retry
        self.logger = logger
    }

    /// Fetches `url`, retrying what can be retried.
    ///
    /// - Throws: ``HTTPError`` once attempts run out or the failure is not retryable;
    ///   `CancellationError` when the task is cancelled.
    public func get(_ url: URL) async throws -> Data {
        var attempt = 0
        while true {
            attempt += 1
            try await limiter.acquire()
            let outcome = await once(url)
            switch outcome {
            case .success(let data):
                return data
            case .failure(var failure, let retryAfter):
                failure.attempts = attempt
                guard failure.isRetryable, attempt < retry.maxAttempts else { throw failure }
                let wait = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
                if retryAfter != nil { await limiter.pause(for: .milliseconds(Int(wait * 1000))) }
                logger.warning("\(failure); retrying in \(String(format: "%.1f", wait)) s")
                try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            }
        }
    }

    private enum Outcome: Sendable {
        case success(Data)
        case failure(HTTPError, retryAfter: Double?)
    }

    private func once(_ url: URL) async -> Outcome {
        let timeout = retry.timeout
        let session = session
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(from: url)
                    guard let http = response as? HTTPURLResponse else {
                        return .failure(HTTPError(url: url.redacted, reason: .transport("not an HTTP response"), attempts: 1), retryAfter: nil)
                    }
                    guard (200..<300).contains(http.statusCode) else {
                        let body = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        let retryAfter = RetryPolicy.retryAfter(http.value(forHTTPHeaderField: "Retry-After"))
                        return .failure(
                            HTTPError(url: url.redacted, reason: .status(http.statusCode, body: body), attempts: 1), retryAfter: retryAfter)
                    }
                    return .success(data)
                } catch {
                    if Task.isCancelled { return nil }
                    return .failure(HTTPError(url: url.redacted, reason: .transport(Self.describe(error)), attempts: 1), retryAfter: nil)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                if Task.isCancelled { return nil }
                return .failure(HTTPError(url: url.redacted, reason: .timeout(seconds: timeout), attempts: 1), retryAfter: nil)
            }
            var result: Outcome?
            for await outcome in group {
                if let outcome {
                    result = outcome
                    group.cancelAll()
                    break
                }
            }
            return result ?? .failure(HTTPError(url: url.redacted, reason: .transport("cancelled"), attempts: 1), retryAfter: nil)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "timed out"
            case .cannotConnectToHost: return "cannot connect to host"
            case .networkConnectionLost: return "connection lost"
            case .notConnectedToInternet: return "not connected to the internet"
            case .cannotFindHost: return "cannot find host"
            default: return "transfer failed (URLError \(urlError.code.rawValue)); the body may have been cut off"
            }
        }
        return "\(error)"
    }
}

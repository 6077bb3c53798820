import FeedModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP GET, answered or failed: the seam under ``HTTPClient``, which adds rate limits and
/// retries. Tests use the real ``URLSessionTransport`` against loopback servers; the protocol
/// lets a store of recorded answers or another client stand in.
public protocol HTTPTransport: Sendable {
    /// Performs one GET; never throws for network trouble, which comes back as a failed response.
    func get(_ url: URL, deadline seconds: Double) async -> TransportResponse
}

/// What one attempt gave.
public enum TransportResponse: Sendable {
    /// The server answered: its status, its `Retry-After` header and its body.
    case answered(status: Int, retryAfter: String?, body: Data)
    /// No complete answer within the deadline.
    case timedOut
    /// Connection refused, reset, body cut off: the client's words.
    case failed(String)
}

/// URLSession under a hard per-request deadline.
///
/// URLSession on Linux has no overall deadline (its timeout only fires when nothing arrives), so
/// each request races a sleep and the loser is cancelled.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(userAgent: String = "bmfeed/0.2 (+https://github.com/bmfeed)", idleTimeout: Double = 121) {
        let configuration = URLSessionConfiguration.ephemeral
        // Our own deadline governs; URLSession's idle timeout is set above it (FoundationNetworking
        // truncates it to whole seconds, so a value under 1 s would fire at once).
        configuration.timeoutIntervalForRequest = idleTimeout.rounded(.up)
        configuration.httpAdditionalHeaders = ["User-Agent": userAgent]
        session = URLSession(configuration: configuration)
    }

    public func get(_ url: URL, deadline seconds: Double) async -> TransportResponse {
        let session = session
        return await withTaskGroup(of: TransportResponse?.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(from: url)
                    guard let http = response as? HTTPURLResponse else { return .failed("not an HTTP response") }
                    return .answered(status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After"), body: data)
                } catch {
                    if Task.isCancelled { return nil }
                    return .failed(Self.describe(error))
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return Task.isCancelled ? nil : .timedOut
            }
            var result: TransportResponse?
            for await outcome in group {
                if let outcome {
                    result = outcome
                    group.cancelAll()
                    break
                }
            }
            return result ?? .failed("cancelled")
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

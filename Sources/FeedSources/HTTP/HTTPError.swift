import FeedModel
import Foundation

/// Why an HTTP request failed after its retries, with the (redacted) URL it was for.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The server answered with a status that is not 2xx; `body` is its first 300 characters.
        case status(Int, body: String)
        /// No complete answer within the deadline.
        case timeout(seconds: Double)
        /// Connection refused, reset, DNS failure, a body cut off: the client's words.
        case transport(String)
        /// The run's overall deadline passed (`fetch --deadline`).
        case deadline
    }

    /// The URL with any `api_key` replaced by `***`.
    public var url: String
    public var reason: Reason
    /// Attempts made, retries included.
    public var attempts: Int

    public init(url: String, reason: Reason, attempts: Int) {
        self.url = url
        self.reason = reason
        self.attempts = attempts
    }

    /// Whether another attempt could succeed: 429, 5xx, timeouts and transport failures.
    public var isRetryable: Bool {
        switch reason {
        case .status(let code, _): return code == 429 || code == 408 || (500...599).contains(code)
        case .timeout, .transport: return true
        case .deadline: return false
        }
    }

    public var description: String {
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch reason {
        case .status(let code, let body):
            let detail = body.isEmpty ? "" : ": \(body)"
            return "\(url): HTTP \(code)\(detail)\(tries)"
        case .timeout(let seconds):
            return "\(url): no complete answer within \(String(format: "%g", seconds)) s\(tries)"
        case .transport(let message):
            return "\(url): \(message)\(tries)"
        case .deadline:
            return "\(url): the run's deadline passed; stopped here (fetch --deadline SECONDS)\(tries)"
        }
    }
}

extension URL {
    /// The URL as it may be printed: secrets in the query replaced by `***`.
    public var redacted: String {
        guard var parts = URLComponents(url: self, resolvingAgainstBaseURL: false), let items = parts.queryItems else {
            return absoluteString
        }
        parts.queryItems = items.map { item in
            item.name == "api_key" ? URLQueryItem(name: item.name, value: "***") : item
        }
        return parts.string ?? absoluteString
    }

    /// `text` with every secret of this URL's query (the `api_key` value) replaced by `***`.
    public func redacting(_ text: String) -> String {
        let secrets = (URLComponents(url: self, resolvingAgainstBaseURL: false)?.queryItems ?? [])
            .filter { $0.name == "api_key" }.compactMap(\.value).filter { $0.count >= 4 }
        return secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}

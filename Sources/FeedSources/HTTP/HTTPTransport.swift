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
    /// The body arrived slower than the transport's minimum rate (bytes a second, measured).
    case tooSlow(Int)
}

/// URLSession under a hard per-request deadline and a minimum transfer rate.
///
/// URLSession on Linux has no overall deadline (its timeout only fires when nothing arrives), so
/// each request is watched: it fails when its deadline passes, and when, once its body has been
/// arriving for ``rateWindow`` seconds, fewer than ``minimumRate`` bytes a second arrived over the
/// last window (a server trickling 1 byte a second would otherwise hold it to the deadline). Bodies arrive
/// through a delegate so the watch sees every chunk.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let transfers: Transfers
    /// Bytes a second a transfer must keep up, averaged over ``rateWindow``.
    public let minimumRate: Double
    public let rateWindow: Double

    public init(
        userAgent: String = "bmfeed/0.2 (+https://github.com/bmfeed)", idleTimeout: Double = 121, minimumRate: Double = 512, rateWindow: Double = 30
    ) {
        let configuration = URLSessionConfiguration.ephemeral
        // Our own deadline governs; URLSession's idle timeout is set above it (FoundationNetworking
        // truncates it to whole seconds, so a value under 1 s would fire at once).
        configuration.timeoutIntervalForRequest = idleTimeout.rounded(.up)
        configuration.httpAdditionalHeaders = ["User-Agent": userAgent]
        transfers = Transfers()
        session = URLSession(configuration: configuration, delegate: transfers, delegateQueue: nil)
        self.minimumRate = minimumRate
        self.rateWindow = rateWindow
    }

    public func get(_ url: URL, deadline seconds: Double) async -> TransportResponse {
        let task = session.dataTask(with: url)
        let transfers = transfers
        let watch = Task { [minimumRate, rateWindow] in
            let started = ContinuousClock.now
            var marks: [(ContinuousClock.Instant, Int)] = [(started, 0)]
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(min(250, Int(seconds * 1000))))
                if Task.isCancelled { return }
                let now = ContinuousClock.now
                if now - started >= .milliseconds(Int(seconds * 1000)) {
                    transfers.fail(task, with: .timedOut)
                    return
                }
                let received = transfers.received(task)
                // The rate counts from the first byte: before it, a server still working on the
                // answer (efetch of 500 records) is only held to the deadline.
                guard received > 0 else {
                    marks = [(now, 0)]
                    continue
                }
                marks.append((now, received))
                // Keep, as the oldest, the newest mark at least a window back.
                while marks.count > 1, now - marks[1].0 >= .milliseconds(Int(rateWindow * 1000)) { marks.removeFirst() }
                guard let oldest = marks.first, now - oldest.0 >= .milliseconds(Int(rateWindow * 1000)) else { continue }
                let span = now - oldest.0
                let rate = Double(received - oldest.1) / max(span.inSeconds, 0.001)
                if rate < minimumRate {
                    transfers.fail(task, with: .tooSlow(Int(rate)))
                    return
                }
            }
        }
        defer { watch.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfers.start(task, continuation)
                task.resume()
            }
        } onCancel: {
            transfers.fail(task, with: .failed("cancelled"))
        }
    }

    static func describe(_ error: any Error) -> String {
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

/// The transfers in flight, fed by URLSession's delegate callbacks and ended exactly once: by
/// completion, or by the watch in ``URLSessionTransport`` (deadline, rate), whichever comes first.
private final class Transfers: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Transfer {
        var continuation: CheckedContinuation<TransportResponse, Never>
        var body = Data()
        var response: HTTPURLResponse?
    }

    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]
    /// Failures decided before the task started (a cancellation racing the start).
    private var early: [Int: TransportResponse] = [:]

    func start(_ task: URLSessionTask, _ continuation: CheckedContinuation<TransportResponse, Never>) {
        let decided: TransportResponse? = lock.withLock {
            if let outcome = early.removeValue(forKey: task.taskIdentifier) { return outcome }
            transfers[task.taskIdentifier] = Transfer(continuation: continuation)
            return nil
        }
        if let decided {
            task.cancel()
            continuation.resume(returning: decided)
        }
    }

    func received(_ task: URLSessionTask) -> Int {
        lock.withLock { transfers[task.taskIdentifier]?.body.count ?? 0 }
    }

    /// Ends a transfer with `outcome` unless it already ended, and cancels the task.
    func fail(_ task: URLSessionTask, with outcome: TransportResponse) {
        let transfer: Transfer? = lock.withLock {
            guard let transfer = transfers.removeValue(forKey: task.taskIdentifier) else {
                // Not started yet: the start hands this over. Already ended: nothing to do.
                if task.state == .suspended { early[task.taskIdentifier] = outcome }
                return nil
            }
            return transfer
        }
        task.cancel()
        transfer?.continuation.resume(returning: outcome)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { transfers[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock { transfers[dataTask.taskIdentifier]?.body.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer: Transfer? = lock.withLock {
            early.removeValue(forKey: task.taskIdentifier)
            return transfers.removeValue(forKey: task.taskIdentifier)
        }
        guard let transfer else { return }
        let http = transfer.response ?? (task.response as? HTTPURLResponse)
        if let error {
            let expected = http?.expectedContentLength ?? -1
            let cut = expected > 0 && Int64(transfer.body.count) < expected
            transfer.continuation.resume(
                returning: .failed(
                    cut
                        ? "the body was cut off after \(transfer.body.count) of \(expected) bytes"
                        : URLSessionTransport.describe(error)))
        } else if let http {
            transfer.continuation.resume(
                returning: .answered(status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After"), body: transfer.body))
        } else {
            transfer.continuation.resume(returning: .failed("not an HTTP response"))
        }
    }
}

import FlyingFox
import FlyingSocks
import Foundation

/// A real HTTP server on 127.0.0.1 with a free port, for tests that go through the real client.
public struct LoopbackServer: Sendable {
    public let server: HTTPServer
    public let task: Task<Void, any Error>
    public let baseURL: URL

    /// Starts a server whose every request goes to `handler`.
    public static func start(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> LoopbackServer {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await server.appendRoute("*", handler: handler)
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else {
            throw URLError(.cannotConnectToHost)
        }
        return LoopbackServer(server: server, task: task, baseURL: URL(string: "http://127.0.0.1:\(port)")!)
    }

    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }
}

/// Runs `body` against a loopback server, stopping it afterwards whatever happens.
public func withLoopbackServer<T>(
    _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse, _ body: (URL) async throws -> T
) async throws -> T {
    let server = try await LoopbackServer.start(handler)
    do {
        let result = try await body(server.baseURL)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A body that sends its first bytes and then breaks the connection, as a dropped transfer does.
public struct BrokenBody: AsyncBufferedSequence, Sendable {
    public typealias Element = UInt8
    public let head: Data

    public init(head: Data) {
        self.head = head
    }

    public func makeAsyncIterator() -> Iterator { Iterator(head: head) }

    public struct Iterator: AsyncBufferedIteratorProtocol {
        var head: Data
        var sent = false

        public mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        public mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            guard !sent else { throw URLError(.networkConnectionLost) }
            sent = true
            return head
        }
    }
}

/// A body that arrives a few bytes at a time, `interval` apart: the trickling server of issue 10.
public struct TrickleBody: AsyncBufferedSequence, Sendable {
    public typealias Element = UInt8
    public let data: Data
    public let chunk: Int
    public let interval: Double

    public init(data: Data, chunk: Int = 1, interval: Double) {
        self.data = data
        self.chunk = chunk
        self.interval = interval
    }

    public func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    public struct Iterator: AsyncBufferedIteratorProtocol {
        let body: TrickleBody
        var offset = 0

        public mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        public mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            guard offset < body.data.count else { return nil }
            if offset > 0 { try await Task.sleep(for: .milliseconds(Int(body.interval * 1000))) }
            let end = Swift.min(body.data.count, offset + body.chunk)
            defer { offset = end }
            return body.data[offset..<end]
        }
    }
}

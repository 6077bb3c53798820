import FeedKit
import FeedModel
import FlyingFox
import Foundation

/// A fake E-utilities server: a corpus of records with entrez days, esearch over date windows
/// with a history-server WebEnv, efetch pages out of it, and faults injected on demand.
public actor MockPubMed {
    public enum Fault: Sendable {
        case status(Int, retryAfter: String? = nil, body: String = "")
        /// A complete HTTP answer whose XML stops half-way.
        case truncatedXML
        /// The connection drops after half the body.
        case brokenConnection
        /// An `<eFetchResult><ERROR>` document with HTTP 200.
        case errorDocument(String)
        case slow(seconds: Double)
    }

    public struct Request: Sendable {
        public var endpoint: String
        public var query: [String: String]
        public var at: ContinuousClock.Instant
    }

    public private(set) var records: [(pmid: String, entrez: CalendarDay)]
    private var faults: [String: [Fault]] = [:]
    public private(set) var requests: [Request] = []
    /// Records efetch leaves out of every answer, for count shortfalls.
    public var omitted: Set<String> = []
    public var esearchWarnings = ""

    public init(records: [(pmid: String, entrez: CalendarDay)]) {
        self.records = records
    }

    public func inject(_ fault: Fault, into endpoint: String, times: Int = 1) {
        faults[endpoint, default: []] += Array(repeating: fault, count: times)
    }

    public func omit(_ pmid: String) { omitted.insert(pmid) }

    public func setWarnings(_ xml: String) { esearchWarnings = xml }

    public func requests(to endpoint: String) -> [Request] { requests.filter { $0.endpoint == endpoint } }

    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let endpoint = request.path.split(separator: "/").last.map(String.init)?.replacingOccurrences(of: ".fcgi", with: "") ?? ""
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        requests.append(Request(endpoint: endpoint, query: query, at: .now))
        let body: String
        switch endpoint {
        case "esearch": body = esearch(query)
        case "efetch": body = efetch(query)
        default: return HTTPResponse(statusCode: .notFound)
        }
        guard var queue = faults[endpoint], !queue.isEmpty else { return Self.xml(body) }
        let fault = queue.removeFirst()
        faults[endpoint] = queue
        switch fault {
        case .status(let code, let retryAfter, let text):
            var headers: HTTPHeaders = [:]
            if let retryAfter { headers[HTTPHeader("Retry-After")] = retryAfter }
            return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Fault"), headers: headers, body: Data(text.utf8))
        case .truncatedXML:
            return Self.xml(String(body.prefix(body.count / 2)))
        case .brokenConnection:
            let data = Data(body.utf8)
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/xml; charset=UTF-8"],
                body: HTTPBodySequence(from: BrokenBody(head: data.prefix(data.count / 2)), count: data.count))
        case .errorDocument(let message):
            return Self.xml("<eFetchResult>\n  <ERROR>\(message)</ERROR>\n</eFetchResult>\n")
        case .slow(let seconds):
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return Self.xml(body)
        }
    }

    private static func xml(_ body: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: "text/xml; charset=UTF-8"], body: Data(body.utf8))
    }

    private func window(_ query: [String: String]) -> [(pmid: String, entrez: CalendarDay)] {
        guard let from = query["mindate"].flatMap(CalendarDay.init(iso:)), let to = query["maxdate"].flatMap(CalendarDay.init(iso:)) else {
            return records
        }
        return records.filter { $0.entrez >= from && $0.entrez <= to }.sorted { $0.pmid < $1.pmid }
    }

    private func esearch(_ query: [String: String]) -> String {
        let webEnv = "MCID_\(query["mindate"] ?? "")_\(query["maxdate"] ?? "")".replacingOccurrences(of: "/", with: "-")
        return PubMedFixtures.esearch(count: window(query).count, webEnv: webEnv, warnings: esearchWarnings)
    }

    private func efetch(_ query: [String: String]) -> String {
        let parts = (query["WebEnv"] ?? "").split(separator: "_")
        var windowQuery: [String: String] = [:]
        if parts.count == 3 {
            windowQuery = ["mindate": String(parts[1]), "maxdate": String(parts[2])]
        }
        let all = window(windowQuery)
        let start = Int(query["retstart"] ?? "0") ?? 0
        let count = Int(query["retmax"] ?? "20") ?? 20
        let page = all.dropFirst(start).prefix(count).filter { !omitted.contains($0.pmid) }
        return PubMedFixtures.set(page.map { PubMedFixtures.article(pmid: $0.pmid, entrez: $0.entrez) })
    }
}

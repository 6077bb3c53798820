import FeedKit
import FeedModel
import FlyingFox
import Foundation

/// A fake ClinicalTrials.gov API v2: `/version`, `/studies` with page tokens (a full last page
/// still carries a token, as the real server does), `/studies/{NCT}`, and injected faults.
public actor MockClinicalTrials {
    public struct Request: Sendable {
        public var path: String
        public var query: [String: String]
    }

    public var studies: [TrialFixtures.Study]
    public var dataTimestamp = "2026-11-24T09:00:05"
    /// Added to the true total in `totalCount`, for shortfall tests.
    public var totalSurplus = 0
    private var faults: [HTTPResponse] = []
    public private(set) var requests: [Request] = []

    public init(studies: [TrialFixtures.Study]) {
        self.studies = studies
    }

    public func set(studies: [TrialFixtures.Study]) { self.studies = studies }
    public func set(dataTimestamp: String) { self.dataTimestamp = dataTimestamp }
    public func set(totalSurplus: Int) { self.totalSurplus = totalSurplus }

    /// The next request to /studies gets this answer instead.
    public func inject(status: Int, body: String) {
        faults.append(HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Fault"), headers: [.contentType: "text/plain"], body: Data(body.utf8)))
    }

    public func requests(to suffix: String) -> [Request] { requests.filter { $0.path.hasSuffix(suffix) } }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        requests.append(Request(path: request.path, query: query))
        if request.path.hasSuffix("/version") {
            return json("{\"apiVersion\":\"2.0.5\",\"dataTimestamp\":\"\(dataTimestamp)\"}")
        }
        if request.path.hasSuffix("/studies") {
            if !faults.isEmpty { return faults.removeFirst() }
            let size = Int(query["pageSize"] ?? "10") ?? 10
            let start = Int((query["pageToken"] ?? "p0").dropFirst()) ?? 0
            let page = Array(studies.dropFirst(start).prefix(size))
            let next = page.count == size ? "p\(start + size)" : nil
            let total = query["countTotal"] == "true" ? studies.count + totalSurplus : nil
            return json(TrialFixtures.page(page, next: next, total: total))
        }
        if let nct = request.path.split(separator: "/").last, let study = studies.first(where: { $0.nct == String(nct) }) {
            return json(TrialFixtures.json(study))
        }
        return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"], body: Data("Study not found".utf8))
    }

    private func json(_ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data(text.utf8))
    }
}

import FeedModel
import Foundation

/// Builds ClinicalTrials.gov API v2 URLs.
public struct ClinicalTrialsAPI: Sendable {
    /// `https://clinicaltrials.gov/api/v2` unless `BMFEED_CTGOV_URL` says otherwise.
    public var baseURL: URL

    public static let defaultBaseURL = URL(string: "https://clinicaltrials.gov/api/v2")!

    public init(baseURL: URL = ClinicalTrialsAPI.defaultBaseURL) {
        self.baseURL = baseURL
    }

    /// Reads `BMFEED_CTGOV_URL`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ClinicalTrialsAPI {
        ClinicalTrialsAPI(baseURL: environment["BMFEED_CTGOV_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) } ?? defaultBaseURL)
    }

    /// The registry asks for about one request a second.
    public static let requestsPerSecond = 1.0

    /// `/version`, whose `dataTimestamp` says when the data last changed.
    public var version: URL { baseURL.appendingPathComponent("version") }

    /// `/studies/{NCT}`.
    public func study(_ nctID: String) -> URL {
        baseURL.appendingPathComponent("studies").appendingPathComponent(nctID.uppercased())
    }

    /// One page of `/studies` for a feed's query, updated on or after `since`.
    ///
    /// Every parameter but `pageToken`, `pageSize` and `countTotal` must stay the same across
    /// pages, so they are all built here from the same inputs.
    public func studies(query: ClinicalTrialsQuery, updatedSince since: CalendarDay?, pageSize: Int, pageToken: String?) -> URL {
        var items: [URLQueryItem] = []
        if let term = query.term { items.append(URLQueryItem(name: "query.term", value: term)) }
        if let condition = query.condition { items.append(URLQueryItem(name: "query.cond", value: condition)) }
        if let intervention = query.intervention { items.append(URLQueryItem(name: "query.intr", value: intervention)) }
        if !query.overallStatus.isEmpty {
            items.append(URLQueryItem(name: "filter.overallStatus", value: query.overallStatus.map { $0.uppercased() }.joined(separator: "|")))
        }
        var advanced = query.advanced.map { ["(\($0))"] } ?? []
        if let since { advanced.append("AREA[LastUpdatePostDate]RANGE[\(since.iso),MAX]") }
        if !advanced.isEmpty { items.append(URLQueryItem(name: "filter.advanced", value: advanced.joined(separator: " AND "))) }
        items.append(URLQueryItem(name: "pageSize", value: String(min(max(pageSize, 1), 1000))))
        if let pageToken {
            items.append(URLQueryItem(name: "pageToken", value: pageToken))
        } else {
            items.append(URLQueryItem(name: "countTotal", value: "true"))
        }
        var components = URLComponents(url: baseURL.appendingPathComponent("studies"), resolvingAgainstBaseURL: false)
        components?.queryItems = items
        let encoded = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = encoded
        return components?.url ?? baseURL
    }
}

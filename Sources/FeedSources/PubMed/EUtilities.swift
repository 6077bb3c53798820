import FeedModel
import Foundation

/// Builds E-utilities URLs: esearch over an entrez-date window with the history server, and
/// efetch pages out of it.
public struct EUtilities: Sendable {
    /// `https://eutils.ncbi.nlm.nih.gov/entrez/eutils` unless `BMFEED_PUBMED_URL` says otherwise.
    public var baseURL: URL
    /// Sent as `tool`, so NCBI can reach the tool's maintainers.
    public var tool: String
    /// `NCBI_EMAIL`.
    public var email: String?
    /// `NCBI_API_KEY`; never printed (``HTTPError`` redacts it).
    public var apiKey: String?

    public static let defaultBaseURL = URL(string: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils")!

    public init(baseURL: URL = EUtilities.defaultBaseURL, tool: String = "bmfeed", email: String? = nil, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.tool = tool
        self.email = email
        self.apiKey = apiKey
    }

    /// Reads `BMFEED_PUBMED_URL`, `NCBI_EMAIL` and `NCBI_API_KEY`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> EUtilities {
        EUtilities(
            baseURL: environment["BMFEED_PUBMED_URL"].flatMap { URL(string: $0) } ?? defaultBaseURL,
            email: environment["NCBI_EMAIL"].flatMap { $0.isEmpty ? nil : $0 },
            apiKey: environment["NCBI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// NCBI's ceiling: 10 requests a second with a key, 3 without.
    public var requestsPerSecond: Double { apiKey == nil ? 3 : 10 }

    /// esearch for `term` entered in PubMed between `from` and `to`, both days included.
    public func search(term: String, from: CalendarDay, to: CalendarDay) -> URL {
        url(
            "esearch.fcgi",
            [
                ("db", "pubmed"), ("term", term), ("usehistory", "y"), ("datetype", "edat"),
                ("mindate", from.eutilities), ("maxdate", to.eutilities), ("retmax", "0"),
            ])
    }

    /// efetch of records `start..<start+count` from a history-server result.
    public func fetch(webEnv: String, queryKey: String, start: Int, count: Int) -> URL {
        url(
            "efetch.fcgi",
            [
                ("db", "pubmed"), ("WebEnv", webEnv), ("query_key", queryKey), ("retstart", String(start)),
                ("retmax", String(count)), ("retmode", "xml"),
            ])
    }

    /// efetch of these PMIDs (at most a few hundred: the ids go in the query string).
    public func fetch(pmids: [String]) -> URL {
        url("efetch.fcgi", [("db", "pubmed"), ("id", pmids.joined(separator: ",")), ("retmode", "xml")])
    }

    private func url(_ endpoint: String, _ parameters: [(String, String)]) -> URL {
        var components = URLComponents(url: baseURL.appendingPathComponent(endpoint), resolvingAgainstBaseURL: false)
        var items = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        items.append(URLQueryItem(name: "tool", value: tool))
        if let email { items.append(URLQueryItem(name: "email", value: email)) }
        if let apiKey { items.append(URLQueryItem(name: "api_key", value: apiKey)) }
        components?.queryItems = items
        // URLComponents leaves "+" alone, which E-utilities would read as a space.
        let query = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = query
        return components?.url ?? baseURL
    }
}

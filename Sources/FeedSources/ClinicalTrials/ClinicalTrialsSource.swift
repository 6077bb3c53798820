import FeedModel
import Foundation
import Logging

/// ClinicalTrials.gov API v2: pages of studies updated since a day, single studies, and the
/// data version. It never tags or stores.
///
/// Pages through `nextPageToken` (a full last page still carries a token, and the empty page
/// after it ends the loop); `countTotal` on the first page is what the registry counted.
public struct ClinicalTrialsSource: Sendable {
    public let client: HTTPClient
    public let api: ClinicalTrialsAPI
    /// Studies per page: 100 by default, at most 1000.
    public var pageSize: Int
    private let logger: Logger

    public init(client: HTTPClient, api: ClinicalTrialsAPI, pageSize: Int = 100, logger: Logger) {
        self.client = client
        self.api = api
        self.pageSize = min(max(pageSize, 1), 1000)
        self.logger = logger
    }

    /// Hands every page of studies matching `query` and updated since `since` to `page`, in order.
    ///
    /// - Returns: the registry's count of matching studies (first page's `totalCount`).
    public func studies(
        query: ClinicalTrialsQuery, updatedSince since: CalendarDay?, page: (TrialDocuments.Page) async throws -> Void
    ) async throws -> Int {
        var token: String?
        var number = 0
        var expected = 0
        var seen: Set<String> = []
        repeat {
            number += 1
            let url = api.studies(query: query, updatedSince: since, pageSize: pageSize, pageToken: token)
            let label = "ClinicalTrials.gov studies page \(number)"
            let parsed = try await fetchPage(url, label: label)
            if number == 1 { expected = parsed.totalCount ?? 0 }
            try await page(parsed)
            // A full last page still carries a token; the empty page it leads to ends the loop.
            token = parsed.records.isEmpty ? nil : parsed.nextPageToken
            // Bounded whatever the registry says: a token that comes back, or more pages than the
            // studies it counted, would otherwise loop for ever under the daily script's lock.
            if let token, !seen.insert(token).inserted {
                throw TrialParseError(
                    source: label, record: nil, message: "nextPageToken \"\(token.prefix(40))\" came back again; stopping (the cursor stays)")
            }
            if token != nil, number >= Self.maxPages(expected: expected, pageSize: pageSize) {
                throw TrialParseError(
                    source: label, record: nil,
                    message: "still more pages after \(number) pages of \(pageSize) for the \(expected) studies counted; stopping (the cursor stays)")
            }
        } while token != nil
        return expected
    }

    /// One page; an answer that does not parse (cut off, an HTML error page) is fetched again
    /// twice, as PubMed's pages are, before the run fails naming the URL.
    private func fetchPage(_ url: URL, label: String) async throws -> TrialDocuments.Page {
        var attempt = 0
        while true {
            attempt += 1
            let data = try await client.get(url)
            do throws(TrialParseError) {
                if let html = BodySniff.htmlPage(data) { throw TrialParseError(source: label, message: html) }
                return try TrialDocuments.parse(data, source: label)
            } catch {
                var named = error
                named.source = "\(label) (\(url.redacted))"
                guard attempt <= 2 else { throw named }
                logger.warning("\(named); fetching the page again")
            }
        }
    }

    /// Pages a run may take: those the counted studies fill, the empty one after, and slack for
    /// studies added meanwhile; 10,000 when the registry gave no count.
    static func maxPages(expected: Int, pageSize: Int) -> Int {
        expected > 0 ? expected / pageSize + 3 : 10_000
    }

    /// One study by id (`/studies/{NCT}`).
    public func study(_ nctID: String) async throws -> TrialDocuments.Page {
        try TrialDocuments.parse(try await client.get(api.study(nctID)), source: "study \(nctID.uppercased())")
    }

    /// `/version`'s `dataTimestamp`: the registry's data snapshot.
    public func dataVersion() async throws -> String? {
        let data = try await client.get(api.version)
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["dataTimestamp"] as? String
    }
}

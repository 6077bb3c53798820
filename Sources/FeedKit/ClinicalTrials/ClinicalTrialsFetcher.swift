import Foundation
import Logging

/// Fetches a feed's trials from ClinicalTrials.gov API v2 and stores every new version.
///
/// Incremental through `AREA[LastUpdatePostDate]RANGE[<cursor>,MAX]`; pages through
/// `nextPageToken` (a full last page still carries a token, and the empty page after it ends the
/// loop); `countTotal` on the first page is checked against what was stored. The API's
/// `dataTimestamp` is recorded per run, and a run is skipped when the data has not changed since
/// the feed's last successful one.
public struct ClinicalTrialsFetcher: Sendable {
    public let client: HTTPClient
    public let api: ClinicalTrialsAPI
    public let store: any FeedStore
    /// Studies per page: 100 by default, at most 1000.
    public var pageSize: Int
    /// Tags every trial before it is stored, when given.
    public var tagger: EntryTagger?
    private let logger: Logger

    public init(client: HTTPClient, api: ClinicalTrialsAPI, store: any FeedStore, pageSize: Int = 100, logger: Logger = Logger(label: "bmfeed.ctgov"))
    {
        self.client = client
        self.api = api
        self.store = store
        self.pageSize = min(max(pageSize, 1), 1000)
        self.logger = logger
    }

    /// What one feed's fetch did.
    public struct Report: Sendable {
        public var run: FetchRun
        public var summary: TrialSaveSummary
    }

    /// Fetches one feed and logs the run; source trouble lands in the report, not in a throw.
    public func fetch(feed: Feed, since: CalendarDay? = nil, today: CalendarDay, lookback: Lookback) async throws -> Report {
        let startedAt = Date()
        guard let query = feed.clinicalTrials else {
            throw ConfigError(file: "feeds.yml", key: "\(feed.name).clinicaltrials", message: "feed has no ClinicalTrials.gov query")
        }
        let cursor = try await store.cursor(feed: feed.name, source: .clinicalTrials)
        let start = min(since ?? cursor ?? today.adding(days: -(feed.lookback ?? lookback).days), today)
        var summary = TrialSaveSummary()
        var errors: [String] = []
        var expected = 0
        var dataVersion: String?
        var status = FetchRun.Status.ok
        do {
            dataVersion = try await self.dataVersion()
            let previous = try await store.lastDataVersion(feed: feed.name, source: .clinicalTrials)
            if since == nil, let dataVersion, dataVersion == previous {
                status = .skipped
            } else {
                var token: String?
                var number = 0
                repeat {
                    number += 1
                    let url = api.studies(query: query, updatedSince: start, pageSize: pageSize, pageToken: token)
                    let page = try TrialDocuments.parse(try await client.get(url), source: "ClinicalTrials.gov studies page \(number)")
                    if number == 1 { expected = page.totalCount ?? 0 }
                    errors += page.problems.map(\.description)
                    if !page.records.isEmpty {
                        summary = summary + (try await store.save(batch(page.records, feed: feed.name)))
                    }
                    // A full last page still carries a token; the empty page it leads to ends the loop.
                    token = page.records.isEmpty ? nil : page.nextPageToken
                } while token != nil
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            errors.append("\(error)")
        }
        if status != .skipped {
            if !errors.isEmpty {
                status = .failed
            } else if summary.stored < expected {
                status = .shortfall
                errors.append(
                    "ClinicalTrials.gov counted \(expected) studies but \(summary.stored) were stored (\(expected - summary.stored) missing); "
                        + "the cursor stays, so the next run fetches this window again")
            }
        }
        let run = FetchRun(
            feed: feed.name, source: .clinicalTrials, startedAt: startedAt, finishedAt: Date(), windowStart: start, windowEnd: today,
            expected: expected, stored: summary.stored, errors: errors, status: status, dataVersion: dataVersion)
        try await store.record(run, advancingCursorTo: status == .ok ? today : nil)
        return Report(run: run, summary: summary)
    }

    /// Fetches one trial by id (`/studies/{NCT}`) and stores it.
    public func fetchStudy(_ nctID: String, feed: String? = nil) async throws -> TrialSaveSummary {
        let page = try TrialDocuments.parse(try await client.get(api.study(nctID)), source: "study \(nctID.uppercased())")
        return try await store.save(batch(page.records, feed: feed))
    }

    private func batch(_ records: [TrialRecord], feed: String?) -> TrialBatch {
        tagger?.batch(records, feed: feed) ?? TrialBatch(records: records, feed: feed)
    }

    /// `/version`'s `dataTimestamp`.
    public func dataVersion() async throws -> String? {
        let data = try await client.get(api.version)
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["dataTimestamp"] as? String
    }
}

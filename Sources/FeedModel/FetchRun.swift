import Foundation

/// A fetch of one feed from one source, as logged.
public struct FetchRun: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Everything the source counted was stored; the cursor moved.
        case ok
        /// Fewer records stored than the source counted; the cursor stayed.
        case shortfall
        /// A request or parse failed; the cursor stayed.
        case failed
        /// The registry's data had not changed since the last successful run: nothing fetched.
        case skipped
    }

    public var feed: String
    public var source: Source
    public var startedAt: Date
    public var finishedAt: Date
    public var windowStart: CalendarDay
    public var windowEnd: CalendarDay
    /// What the source said it had for the window.
    public var expected: Int
    /// What was stored from it.
    public var stored: Int
    public var errors: [String]
    public var status: Status
    /// For ClinicalTrials.gov: the API's `dataTimestamp` when the run started.
    public var dataVersion: String?

    public init(
        feed: String, source: Source, startedAt: Date, finishedAt: Date, windowStart: CalendarDay, windowEnd: CalendarDay,
        expected: Int, stored: Int, errors: [String], status: Status, dataVersion: String? = nil
    ) {
        self.dataVersion = dataVersion
        self.feed = feed
        self.source = source
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.expected = expected
        self.stored = stored
        self.errors = errors
        self.status = status
    }

    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }
}

import Foundation

/// A day on the calendar, without a time or a time zone.
///
/// PubMed's history dates and fetch windows are days, and comparing them as `Date`s would drag
/// time zones into questions that have none; this keeps them as the three numbers PubMed sends.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` or `YYYY/MM/DD`.
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).compactMap { Int($0) }
        guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]),
            (1...Self.days(inMonth: parts[1], year: parts[0])).contains(parts[2])
        else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Days in a month of the Gregorian calendar: 2026-02-30 is no day, not 2 March.
    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC day that contains `date`.
    public init(_ date: Date) {
        let parts = Self.utc.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Midnight UTC at the start of this day.
    public var date: Date {
        Self.utc.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDay {
        CalendarDay(date.addingTimeInterval(Double(count) * 86_400))
    }

    /// Days from `self` to `other`, positive when `other` is later.
    public func days(until other: CalendarDay) -> Int {
        Int((other.date.timeIntervalSince(date) / 86_400).rounded())
    }

    /// `YYYY-MM-DD`.
    public var iso: String { formatted(separator: "-") }

    /// `YYYY/MM/DD`, the form E-utilities takes in `mindate` and `maxdate`.
    public var eutilities: String { formatted(separator: "/") }

    // Hand-rolled: String(format:) showed up in ingest profiles.
    private func formatted(separator: String) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(year, 4) + separator + padded(month, 2) + separator + padded(day, 2)
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // Stored and exchanged as "YYYY-MM-DD": readable in SQLite and JSON alike.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()
}

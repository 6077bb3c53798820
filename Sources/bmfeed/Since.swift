import ArgumentParser
import FeedKit
import Foundation

/// A `--since` value: a day (`2026-11-01`), an ISO 8601 time (`2026-11-24T06:15:00Z`), or a span
/// back from now (`7d`, `2w`, `3m`, `1y`). A bad value fails when the arguments are parsed.
struct Since: ExpressibleByArgument, Sendable, Hashable {
    enum Value: Sendable, Hashable {
        case day(CalendarDay)
        case instant(Date)
        case span(Lookback)
    }

    var value: Value

    init?(argument: String) {
        if let day = CalendarDay(iso: argument) {
            value = .day(day)
        } else if let instant = Instant.parse(argument) {
            value = .instant(instant)
        } else if let span = Lookback(argument) {
            value = .span(span)
        } else {
            return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// The day it names: a span counts whole days back from `today`.
    func day(today: CalendarDay) -> CalendarDay {
        switch value {
        case .day(let day): return day
        case .instant(let instant): return CalendarDay(instant)
        case .span(let span): return today.adding(days: -span.days)
        }
    }

    /// The instant it names: a day starts at its UTC midnight; a span counts back from `now`.
    func instant(now: Date) -> Date {
        switch value {
        case .day(let day): return day.date
        case .instant(let instant): return instant
        case .span(let span): return now.addingTimeInterval(-Double(span.days) * 86_400)
        }
    }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Source: ExpressibleByArgument {}
extension TrialChange.Kind: ExpressibleByArgument {
    /// Any case: `--kind Dates` is `--kind dates`, as `--type` and `--phase` take any case.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

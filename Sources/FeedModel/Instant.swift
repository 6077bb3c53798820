import Foundation

/// Parses the instants users and scripts write: ISO 8601 with or without fractional seconds
/// (`2026-11-24T09:00:00Z`, `2026-11-24T09:00:00.123Z`, `+01:00` offsets), or a bare day
/// (its UTC midnight).
public enum Instant {
    public static func parse(_ text: String) -> Date? {
        if let day = CalendarDay(iso: text) { return day.date }
        guard text.contains("T") else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        // Fractional seconds: parse the whole seconds and add the fraction back, at any precision
        // (`date +%N` writes nine digits, more than Foundation's parser takes).
        guard let dot = text.firstIndex(of: "."), text[text.index(after: text.startIndex)...].contains(":") else { return nil }
        let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
        guard !digits.isEmpty, let fraction = Double("0." + digits) else { return nil }
        let rest = text[text.index(dot, offsetBy: digits.count + 1)...]
        guard let whole = try? Date(String(text[..<dot]) + rest, strategy: .iso8601) else { return nil }
        return whole.addingTimeInterval(fraction)
    }

    /// `2026-11-24T09:00:00.123Z`: milliseconds, UTC, what `.last` files and logs hold.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let day = CalendarDay(Date(timeIntervalSince1970: Double(millis / 1000)))
        let inDay = Int(millis - Int64(day.date.timeIntervalSince1970 * 1000))
        let seconds = inDay / 1000
        return String(format: "%@T%02d:%02d:%02d.%03dZ", day.iso, seconds / 3600, seconds / 60 % 60, seconds % 60, inDay % 1000)
    }
}

import Foundation

/// A registry date with the precision it was given in (`2023`, `2023-03`, `2023-03-16`) and its
/// type (ACTUAL or ESTIMATED, absent on old records).
///
/// Never widened to a day: `2023-03` is "March 2023", not March 1, and comparing it with
/// `2023-03-16` must know that.
public struct TrialDate: Sendable, Hashable, Codable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    public var type: String?

    public init(year: Int, month: Int? = nil, day: Int? = nil, type: String? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.type = type
    }

    /// Reads `yyyy`, `yyyy-MM` or `yyyy-MM-dd`; nil for anything else.
    public init?(_ text: String?, type: String? = nil) {
        guard let text else { return nil }
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), let year = parts[0], !parts.contains(where: { $0 == nil }) else { return nil }
        self.init(
            year: year, month: parts.count > 1 ? parts[1] : nil, day: parts.count > 2 ? parts[2] : nil,
            type: type.flatMap { $0.isEmpty ? nil : $0.uppercased() })
    }

    /// `2023-03` as the registry wrote it.
    public var raw: String {
        var text = String(year)
        if let month { text += "-" + (month < 10 ? "0" : "") + String(month) }
        if let day { text += "-" + (day < 10 ? "0" : "") + String(day) }
        return text
    }

    public var precision: String { day != nil ? "day" : month != nil ? "month" : "year" }

    /// The date without its type, for comparisons of the value alone.
    public var value: TrialDate { TrialDate(year: year, month: month, day: day) }

    /// `Mar 2023`; with `showDay`, `Mar 16, 2023` when the day is known.
    public func display(showDay: Bool = false) -> String {
        guard let month, (1...12).contains(month) else { return String(year) }
        let name = PublicationDate.monthNames[month - 1]
        if showDay, let day { return "\(name) \(day), \(year)" }
        return "\(name) \(year)"
    }

    /// The first calendar day the date can mean, for ordering versions.
    public var earliestDay: CalendarDay { CalendarDay(year: year, month: month ?? 1, day: day ?? 1) }
}

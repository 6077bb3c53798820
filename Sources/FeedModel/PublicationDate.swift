/// A journal issue's publication date as PubMed states it, with the precision it was given in.
///
/// `PubDate` holds a year, a month or a day, a season ("Spring", "Jan-Feb") or a free-text
/// `MedlineDate` ("1978 Jul-Sep"); flattening that to a `Date` would invent days nobody published.
public struct PublicationDate: Sendable, Hashable, Codable {
    /// How much of the date PubMed gave.
    public enum Precision: String, Sendable, Codable {
        case day, month, year, season, medlineDate
    }

    public var year: Int?
    public var month: Int?
    public var day: Int?
    public var season: String?
    public var medlineDate: String?

    public init(year: Int? = nil, month: Int? = nil, day: Int? = nil, season: String? = nil, medlineDate: String? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.season = season
        self.medlineDate = medlineDate
    }

    public var precision: Precision {
        if medlineDate != nil { return .medlineDate }
        if season != nil { return .season }
        if day != nil { return .day }
        if month != nil { return .month }
        return .year
    }

    /// The first day the date can mean, for sorting and "since" filters.
    public var earliestDay: CalendarDay? {
        guard let year = year ?? medlineDate.flatMap(Self.leadingYear) else { return nil }
        return CalendarDay(year: year, month: month ?? 1, day: day ?? 1)
    }

    /// The date as PubMed writes it: `2024 Jul 4`, `2019 Jan-Feb`, `1978 Jul-Sep`.
    public var display: String {
        if let medlineDate { return medlineDate }
        var parts: [String] = year.map { [String($0)] } ?? []
        if let season { parts.append(season) }
        if let month { parts.append(Self.monthNames[month - 1]) }
        if let day { parts.append(String(day)) }
        return parts.joined(separator: " ")
    }

    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Reads "Jan", "january", "01" or "1" as a month number.
    public static func month(from text: String) -> Int? {
        if let number = Int(text) { return (1...12).contains(number) ? number : nil }
        let prefix = text.prefix(3).lowercased()
        return monthNames.firstIndex { $0.lowercased() == prefix }.map { $0 + 1 }
    }

    private static func leadingYear(_ text: String) -> Int? {
        Int(text.prefix(4))
    }
}

/// One field-level change between two versions of a trial, rendered the way users read it.
public struct TrialChange: Sendable, Hashable, Codable {
    /// What `bmfeed changes --kind` filters on.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case dates, status, enrollment, phase, sponsor, interventions, results, new
        /// A paper that names the trial (DataBankList or an NCT id in its text) was stored.
        case publication
    }

    public var kind: Kind
    /// The field: `completionDate`, `primaryCompletionDate`, `startDate`, `enrollment`,
    /// `overallStatus`, `phases`, `leadSponsor`, `interventions`, `results`, `trial`.
    public var field: String
    public var old: ChangeValue?
    public var new: ChangeValue?
    /// `Trial completion date: Oct 2025 --> Mar 2027`.
    public var line: String

    public init(kind: Kind, field: String, old: ChangeValue? = nil, new: ChangeValue? = nil, line: String) {
        self.kind = kind
        self.field = field
        self.old = old
        self.new = new
        self.line = line
    }
}

/// A raw value on one side of a change, with precision and type where the field has them.
public struct ChangeValue: Sendable, Hashable, Codable {
    public var text: String?
    public var date: String?
    public var precision: String?
    public var type: String?
    public var count: Int?

    public init(text: String? = nil, date: String? = nil, precision: String? = nil, type: String? = nil, count: Int? = nil) {
        self.text = text
        self.date = date
        self.precision = precision
        self.type = type
        self.count = count
    }

    public init(_ date: TrialDate) {
        self.init(date: date.raw, precision: date.precision, type: date.type)
    }

    public init(_ enrollment: Enrollment) {
        self.init(type: enrollment.type, count: enrollment.count)
    }
}

import Foundation

/// A detected change with the trial and versions it belongs to; what `bmfeed changes` prints.
public struct TrialChangeRecord: Sendable, Hashable, Codable {
    public var nctId: String
    public var title: String
    public var kind: TrialChange.Kind
    public var field: String
    public var old: ChangeValue?
    public var new: ChangeValue?
    public var line: String
    /// When bmfeed first saw this change.
    public var detectedAt: Date
    public var fromLastUpdatePostDate: String?
    public var toLastUpdatePostDate: String?

    public init(
        nctId: String, title: String, kind: TrialChange.Kind, field: String, old: ChangeValue?, new: ChangeValue?, line: String,
        detectedAt: Date, fromLastUpdatePostDate: String?, toLastUpdatePostDate: String?
    ) {
        self.nctId = nctId
        self.title = title
        self.kind = kind
        self.field = field
        self.old = old
        self.new = new
        self.line = line
        self.detectedAt = detectedAt
        self.fromLastUpdatePostDate = fromLastUpdatePostDate
        self.toLastUpdatePostDate = toLastUpdatePostDate
    }

    public var change: TrialChange { TrialChange(kind: kind, field: field, old: old, new: new, line: line) }
}

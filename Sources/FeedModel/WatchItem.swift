/// Something a user watches: a trial, a drug, a biomarker or a sponsor.
public struct WatchItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case trial, drug, biomarker, sponsor
    }

    public var kind: Kind
    /// An NCT id, a drug or biomarker display tag, or a sponsor name.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

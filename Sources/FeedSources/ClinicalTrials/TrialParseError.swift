/// Why a ClinicalTrials.gov document could not be read, naming the source and the record.
public struct TrialParseError: Error, Sendable, CustomStringConvertible {
    public var source: String
    /// 1-based line for JSONL, or the index in a `studies` list.
    public var record: String?
    public var message: String

    public init(source: String, record: String? = nil, message: String) {
        self.source = source
        self.record = record
        self.message = message
    }

    public var description: String {
        record.map { "\(source): \($0): \(message)" } ?? "\(source): \(message)"
    }
}

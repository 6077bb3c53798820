/// Tags of one text, by kind, each with the evidence that produced it.
public struct TagSet: Sendable, Hashable, Codable {
    /// One tag: its display string and where it came from.
    public struct Tag: Sendable, Hashable, Codable {
        public var display: String
        public var evidence: [Evidence]
    }

    /// A span of the text (UTF-8 offsets) and the rule that read it.
    public struct Evidence: Sendable, Hashable, Codable {
        public var start: Int
        public var end: Int
        public var text: String
        public var rule: String
    }

    public var genes: [Tag] = []
    public var alterations: [Tag] = []
    public var drugs: [Tag] = []
    public var phases: [Tag] = []
    public var types: [Tag] = []
    public var nct: [Tag] = []

    public init() {}

    /// `{"genes": [...], ...}` with display strings only.
    public var displays: [String: [String]] {
        [
            "genes": genes.map(\.display), "alterations": alterations.map(\.display), "drugs": drugs.map(\.display),
            "phases": phases.map(\.display), "types": types.map(\.display), "nct": nct.map(\.display),
        ]
    }

    /// Adds evidence to the tag `display` of a kind, creating it on first sight (order of first sight kept).
    mutating func add(_ path: WritableKeyPath<TagSet, [Tag]>, _ display: String, _ evidence: Evidence) {
        if let index = self[keyPath: path].firstIndex(where: { $0.display == display }) {
            self[keyPath: path][index].evidence.append(evidence)
        } else {
            self[keyPath: path].append(Tag(display: display, evidence: [evidence]))
        }
    }
}

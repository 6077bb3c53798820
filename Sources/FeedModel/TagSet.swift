/// Tags of one text, by kind, each with the evidence that produced it.
public struct TagSet: Sendable, Hashable, Codable {
    /// One tag: its display string and where it came from.
    public struct Tag: Sendable, Hashable, Codable {
        public var display: String
        public var evidence: [Evidence]

        public init(display: String, evidence: [Evidence]) {
            self.display = display
            self.evidence = evidence
        }
    }

    /// A span of the text (UTF-8 offsets) and the rule that read it.
    public struct Evidence: Sendable, Hashable, Codable {
        public var start: Int
        public var end: Int
        public var text: String
        public var rule: String

        public init(start: Int, end: Int, text: String, rule: String) {
            self.start = start
            self.end = end
            self.text = text
            self.rule = rule
        }
    }

    public var genes: [Tag] = []
    public var alterations: [Tag] = []
    public var drugs: [Tag] = []
    public var phases: [Tag] = []
    public var types: [Tag] = []
    public var nct: [Tag] = []

    public init() {}

    /// The tags of one kind.
    public subscript(kind: TagKind) -> [Tag] {
        get { self[keyPath: Self.path(kind)] }
        set { self[keyPath: Self.path(kind)] = newValue }
    }

    private static func path(_ kind: TagKind) -> WritableKeyPath<TagSet, [Tag]> {
        switch kind {
        case .genes: \.genes
        case .alterations: \.alterations
        case .drugs: \.drugs
        case .phases: \.phases
        case .types: \.types
        case .nct: \.nct
        }
    }

    /// Every tag with its kind, in kind order.
    public var all: [(kind: TagKind, tag: Tag)] {
        TagKind.allCases.flatMap { kind in self[kind].map { (kind, $0) } }
    }

    public var isEmpty: Bool { TagKind.allCases.allSatisfy { self[$0].isEmpty } }

    /// `{"genes": [...], ...}` with display strings only.
    public var displays: [String: [String]] {
        Dictionary(uniqueKeysWithValues: TagKind.allCases.map { ($0.rawValue, self[$0].map(\.display)) })
    }

    /// Adds evidence to the tag `display` of a kind, creating it on first sight (order of first sight kept).
    public mutating func add(_ path: WritableKeyPath<TagSet, [Tag]>, _ display: String, _ evidence: Evidence) {
        if let index = self[keyPath: path].firstIndex(where: { $0.display == display }) {
            self[keyPath: path][index].evidence.append(evidence)
        } else {
            self[keyPath: path].append(Tag(display: display, evidence: [evidence]))
        }
    }
}

/// The kinds of tag, named as in JSON output and the store.
public enum TagKind: String, Sendable, Hashable, Codable, CaseIterable {
    case genes, alterations, drugs, phases, types, nct
}

/// A filter on one tag: `drugs` = `Enhertu (fam-trastuzumab deruxtecan-nxki)`.
public struct TagFilter: Sendable, Hashable {
    public var kind: TagKind
    public var value: String

    public init(kind: TagKind, value: String) {
        self.kind = kind
        self.value = value
    }
}

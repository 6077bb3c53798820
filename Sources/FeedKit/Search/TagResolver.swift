import FeedModel
import FeedTagging

/// Turns what a user types for a tag filter into the stored display tag, through the tagger, so
/// any synonym works (`--drug DS-8201a` finds Enhertu); a misspelling gets a suggestion.
public struct TagResolver: Sendable {
    public let tagger: Tagger?

    public init(tagger: Tagger?) {
        self.tagger = tagger
    }

    /// A filter that cannot be resolved.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Resolves each (kind, typed value) pair; a value the tagger does not know and that is close
    /// to a known one is refused with the suggestion, anything else is used as typed.
    public func filters(_ wanted: [(TagKind, [String])], ontologyPath: String) throws(Failure) -> [TagFilter] {
        guard wanted.contains(where: { !$0.1.isEmpty }) else { return [] }
        guard let tagger else { throw Failure(message: "tag filters need the ontology in \(ontologyPath)") }
        var filters: [TagFilter] = []
        for (kind, values) in wanted {
            for value in values {
                if let resolved = tagger.tag(value)[kind].first?.display {
                    filters.append(TagFilter(kind: kind, value: resolved))
                } else if let suggestion = Suggestions.nearest(value, kind: kind.rawValue, ontology: tagger.ontology) {
                    throw Failure(message: "no \(Suggestions.noun(kind.rawValue)) \"\(value)\"; did you mean \(suggestion)?")
                } else {
                    filters.append(TagFilter(kind: kind, value: value))
                }
            }
        }
        return filters
    }
}

import FeedModel

/// The tags of one entry, with their evidence.
public struct EntryTags: Sendable, Hashable {
    public var kind: EntryKind
    public var id: String
    public var tags: TagSet

    public init(kind: EntryKind, id: String, tags: TagSet) {
        self.kind = kind
        self.id = id
        self.tags = tags
    }
}

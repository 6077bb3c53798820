import FeedModel

/// Multi-word phrases (token-hash sequences) looked up by their first word.
///
/// For each text position the candidates are tried longest first (among equal lengths, the one
/// inserted first: curated names before generated ones), and the caller keeps the
/// leftmost-longest match, so "trastuzumab deruxtecan" wins over "trastuzumab".
struct PhraseIndex<Payload: Sendable>: Sendable {
    struct Entry: Sendable {
        var hashes: [UInt64]
        var payload: Payload
    }

    private var byFirst: HashTable<[Entry]>

    init(minimumCapacity: Int = 64) {
        byFirst = HashTable(minimumCapacity: minimumCapacity)
    }

    mutating func insert(_ phrase: String, _ payload: Payload) {
        insert(hashes: TextTokens.hashes(of: phrase), payload)
    }

    mutating func insert(hashes: [UInt64], _ payload: Payload) {
        guard let first = hashes.first else { return }
        var entries = byFirst[first] ?? []
        // Taken out first, so the bucket is not copied on append (150,000 generated names).
        byFirst[first] = []
        let position = entries.firstIndex { $0.hashes.count < hashes.count } ?? entries.count
        entries.insert(Entry(hashes: hashes, payload: payload), at: position)
        byFirst[first] = entries
    }

    /// Whether the phrase of `hashes` is already in the index.
    func contains(hashes: [UInt64]) -> Bool {
        guard let first = hashes.first else { return true }
        return byFirst[first]?.contains { $0.hashes == hashes } ?? false
    }

    func contains(_ phrase: String) -> Bool { contains(hashes: TextTokens.hashes(of: phrase)) }

    /// The longest phrase starting at token `index`, with its length in tokens.
    func match(_ tokens: [TextTokens.Token], at index: Int, accept: (Entry, Int) -> Bool = { _, _ in true }) -> (Entry, Int)? {
        guard let candidates = byFirst[tokens[index].hash] else { return nil }
        for entry in candidates where index + entry.hashes.count <= tokens.count {
            var matched = true
            for offset in 1..<max(entry.hashes.count, 1) where tokens[index + offset].hash != entry.hashes[offset] {
                matched = false
                break
            }
            if matched && accept(entry, entry.hashes.count) { return (entry, entry.hashes.count) }
        }
        return nil
    }
}

import FeedModel

/// Multi-word phrases (token-hash sequences) looked up by their first word.
///
/// For each text position the candidates are tried longest first, and the caller keeps the
/// leftmost-longest match, so "trastuzumab deruxtecan" wins over "trastuzumab".
struct PhraseIndex<Payload: Sendable>: Sendable {
    struct Entry: Sendable {
        var hashes: [UInt64]
        var payload: Payload
    }

    private var byFirst = HashTable<[Entry]>()

    mutating func insert(_ phrase: String, _ payload: Payload) {
        let hashes = TextTokens.hashes(of: phrase)
        guard let first = hashes.first else { return }
        var entries = byFirst[first] ?? []
        entries.append(Entry(hashes: hashes, payload: payload))
        entries.sort { $0.hashes.count > $1.hashes.count }
        byFirst[first] = entries
    }

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

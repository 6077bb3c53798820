import FeedModel

/// Multi-word phrases (token-hash sequences) looked up by their first word.
///
/// For each text position the candidates are tried longest first (among equal lengths, the one
/// inserted first: curated names before generated ones), and the caller keeps the
/// leftmost-longest match, so "trastuzumab deruxtecan" wins over "trastuzumab".
///
/// One-word phrases (most symbols and drug names) sit in their own table of bare payloads, so
/// the lookup made for every word of a text copies no array and retains nothing.
struct PhraseIndex<Payload: Sendable>: Sendable {
    struct Entry: Sendable {
        var hashes: [UInt64]
        var payload: Payload
    }

    /// What a lookup returns: the payload of the phrase that matched.
    struct Match {
        var payload: Payload
    }

    private var single: HashTable<Payload>
    /// One bit per first-word hash (a one-hash Bloom filter): most words of a text start no
    /// phrase, and this answers them from a table that stays in cache, without probing the others.
    private var starts: [UInt64]
    private let startsMask: Int
    /// Later one-word phrases under a word already taken (tried after the first, in order).
    private var moreSingles = HashTable<[Payload]>()
    private var multi = HashTable<[Entry]>()
    /// The many-word phrases again, flat, once ``freeze()`` is called: a word that starts one is
    /// then looked up without copying (and retaining) an array of entries per word of text.
    private var spans = HashTable<UInt64>()
    private var entryStart: [Int32] = []
    private var entryLength: [Int32] = []
    private var entryPayload: [Payload] = []
    private var allHashes: [UInt64] = []
    private var frozen = false

    init(minimumCapacity: Int = 64) {
        single = HashTable(minimumCapacity: minimumCapacity)
        var bits = 1 << 12
        while bits < minimumCapacity * 16 { bits <<= 1 }
        starts = Array(repeating: 0, count: bits / 64)
        startsMask = bits - 1
    }

    @inline(__always) private func bit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash >> 17) ^ hash) & startsMask }

    /// Whether some phrase may start with this word (false: surely none).
    @inline(__always) func mayStart(_ hash: UInt64) -> Bool {
        let bit = bit(hash)
        return starts[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    mutating func insert(_ phrase: String, _ payload: Payload) {
        insert(hashes: TextTokens.hashes(of: phrase), payload)
    }

    mutating func insert(hashes: [UInt64], _ payload: Payload) {
        guard let first = hashes.first else { return }
        let bit = bit(first)
        starts[bit >> 6] |= 1 << UInt64(bit & 63)
        if hashes.count == 1 {
            if single[first] == nil {
                single[first] = payload
            } else {
                var more = moreSingles[first] ?? []
                moreSingles[first] = []
                more.append(payload)
                moreSingles[first] = more
            }
            return
        }
        precondition(!frozen, "PhraseIndex: insert after freeze")
        if multi[first] == nil { multiFirstWords.append(first) }
        var entries = multi[first] ?? []
        // Taken out first, so the bucket is not copied on insert.
        multi[first] = []
        let position = entries.firstIndex { $0.hashes.count < hashes.count } ?? entries.count
        entries.insert(Entry(hashes: hashes, payload: payload), at: position)
        multi[first] = entries
    }

    /// Lays the many-word phrases out flat for lookups; inserting after this is a programming error.
    mutating func freeze(firstWords: [UInt64]) {
        for first in firstWords where spans[first] == nil {
            guard let entries = multi[first] else { continue }
            let start = entryStart.count
            for entry in entries {
                entryStart.append(Int32(allHashes.count))
                entryLength.append(Int32(entry.hashes.count))
                entryPayload.append(entry.payload)
                allHashes += entry.hashes
            }
            spans[first] = UInt64(start) << 32 | UInt64(entries.count)
        }
        frozen = true
    }

    /// The first words of the many-word phrases (for ``freeze(firstWords:)``).
    private(set) var multiFirstWords: [UInt64] = []

    /// Whether the phrase of `hashes` is already in the index.
    func contains(hashes: [UInt64]) -> Bool {
        guard let first = hashes.first else { return true }
        if hashes.count == 1 { return single[first] != nil }
        return multi[first]?.contains { $0.hashes == hashes } ?? false
    }

    func contains(_ phrase: String) -> Bool { contains(hashes: TextTokens.hashes(of: phrase)) }

    /// The longest accepted phrase starting at token `index`, with its length in tokens.
    func match(_ tokens: [TextTokens.Token], at index: Int, accept: (Match, Int) -> Bool = { _, _ in true }) -> (Match, Int)? {
        let hash = tokens[index].hash
        guard mayStart(hash) else { return nil }
        if frozen {
            if let packed = spans[hash] {
                let start = Int(packed >> 32)
                for entry in start..<(start + Int(packed & 0xFFFF_FFFF)) {
                    let length = Int(entryLength[entry])
                    guard index + length <= tokens.count else { continue }
                    let base = Int(entryStart[entry])
                    var matched = true
                    for offset in 1..<length where tokens[index + offset].hash != allHashes[base + offset] {
                        matched = false
                        break
                    }
                    if matched && accept(Match(payload: entryPayload[entry]), length) { return (Match(payload: entryPayload[entry]), length) }
                }
            }
        } else if let candidates = multi[hash] {
            for entry in candidates where index + entry.hashes.count <= tokens.count {
                var matched = true
                for offset in 1..<entry.hashes.count where tokens[index + offset].hash != entry.hashes[offset] {
                    matched = false
                    break
                }
                if matched && accept(Match(payload: entry.payload), entry.hashes.count) { return (Match(payload: entry.payload), entry.hashes.count) }
            }
        }
        guard let payload = single[hash] else { return nil }
        if accept(Match(payload: payload), 1) { return (Match(payload: payload), 1) }
        for other in moreSingles[hash] ?? [] where accept(Match(payload: other), 1) { return (Match(payload: other), 1) }
        return nil
    }
}

import FeedModel

/// Word tokens of a text over its UTF-8 bytes: runs of letters and digits, each with a hash of
/// its lower-cased bytes, so phrase lookup costs one dictionary probe per word and no String.
///
/// Bytes of multi-byte characters count as letters, so "ß" or "é" stay inside their word;
/// everything else ASCII (space, `-`, `/`, `+`, …) separates words.
struct TextTokens {
    struct Token {
        var start: Int
        var end: Int
        var hash: UInt64
        /// Every ASCII letter in the token is a capital (digits allowed): "ER", "MET", "HER2".
        var isUpper: Bool
    }

    let bytes: [UInt8]
    private(set) var tokens: [Token] = []

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        tokens.reserveCapacity(bytes.count / 5)
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard Self.isWordByte(byte) else {
                index += 1
                continue
            }
            let start = index
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var upper = true
            var letters = 0
            while index < count, Self.isWordByte(bytes[index]) {
                var value = bytes[index]
                if value >= 0x41 && value <= 0x5A {
                    value += 0x20
                    letters += 1
                } else if value >= 0x61 && value <= 0x7A {
                    upper = false
                    letters += 1
                }
                hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01b3
                index += 1
            }
            tokens.append(Token(start: start, end: index, hash: hash, isUpper: upper && letters > 0))
        }
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    /// The hash a token of `word` would have (`word` is one token: letters and digits only).
    static func hash(_ word: Substring) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var value in word.utf8 {
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Splits a phrase the way texts are split: "T-DXd" → ["t", "dxd"] hashes.
    static func hashes(of phrase: String) -> [UInt64] {
        var words: [Substring] = []
        var start: String.Index?
        for index in phrase.utf8.indices {
            if isWordByte(phrase.utf8[index]) {
                if start == nil { start = index }
            } else if let begin = start {
                words.append(phrase[begin..<index])
                start = nil
            }
        }
        if let begin = start { words.append(phrase[begin...]) }
        return words.map(hash)
    }

    /// The original text of tokens `range`.
    func text(_ range: Range<Int>) -> String {
        guard let first = range.first, range.upperBound <= tokens.count, range.upperBound > first else { return "" }
        return String(decoding: bytes[tokens[first].start..<tokens[range.upperBound - 1].end], as: UTF8.self)
    }

    /// The byte right after token `index`, or nil at the end.
    func byte(after index: Int) -> UInt8? {
        let end = tokens[index].end
        return end < bytes.count ? bytes[end] : nil
    }

    /// The byte after the byte after token `index`.
    func byte(afterNext index: Int) -> UInt8? {
        let end = tokens[index].end + 1
        return end < bytes.count ? bytes[end] : nil
    }
}

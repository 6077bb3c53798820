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
            if byte >= 0x80 {
                let width = Self.separatorWidth(bytes, index)
                if width > 0 {
                    index += width
                    continue
                }
                // A Greek letter is its own word, spelt out: "ERα" is "ER alpha", "IFN-γ" "IFN gamma".
                if let name = Self.greekName(bytes, index) {
                    tokens.append(Token(start: index, end: index + 2, hash: name, isUpper: false))
                    index += 2
                    continue
                }
            }
            guard Self.isWordByte(byte) else {
                index += 1
                continue
            }
            let start = index
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var upper = true
            var letters = 0
            while index < count, Self.isWordByte(bytes[index]) {
                if bytes[index] >= 0x80, Self.separatorWidth(bytes, index) > 0 || Self.greekName(bytes, index) != nil { break }
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

    /// Bytes of a non-ASCII character that separates words like an ASCII one, or 0: the Unicode
    /// hyphens and dashes (U+2010–2015), the minus sign (U+2212), superscript plus and minus,
    /// no-break and thin spaces, the soft hyphen. "ALK‑positive" (a no-break hyphen) is "ALK-positive".
    static func separatorWidth(_ bytes: [UInt8], _ index: Int) -> Int {
        separator(bytes, index)?.width ?? 0
    }

    /// The ASCII character a non-ASCII separator stands for, and its width in bytes.
    static func separator(_ bytes: [UInt8], _ index: Int) -> (ascii: UInt8, width: Int)? {
        let byte = bytes[index]
        if byte == 0xC2, index + 1 < bytes.count {
            switch bytes[index + 1] {
            case 0xA0: return (0x20, 2)
            case 0xAD: return (UInt8(ascii: "-"), 2)
            default: return nil
            }
        }
        guard byte == 0xE2, index + 2 < bytes.count else { return nil }
        switch (bytes[index + 1], bytes[index + 2]) {
        case (0x80, 0x90...0x95): return (UInt8(ascii: "-"), 3)
        case (0x88, 0x92): return (UInt8(ascii: "-"), 3)
        case (0x81, 0xBA): return (UInt8(ascii: "+"), 3)
        case (0x81, 0xBB): return (UInt8(ascii: "-"), 3)
        case (0x80, 0x80...0x8A), (0x80, 0xAF): return (0x20, 3)
        default: return nil
        }
    }

    private static let greek: [UInt8: String] = [
        0xB1: "alpha", 0xB2: "beta", 0xB3: "gamma", 0xB4: "delta", 0xB5: "epsilon", 0xB6: "zeta", 0xB7: "eta", 0xB8: "theta",
        0xB9: "iota", 0xBA: "kappa", 0xBB: "lambda", 0xBC: "mu",
    ]
    private static let greekHashes: [UInt8: UInt64] = greek.mapValues { hash(Substring($0)) }

    /// The hash of the English name of the lower-case Greek letter at `index` (α…μ), or nil.
    static func greekName(_ bytes: [UInt8], _ index: Int) -> UInt64? {
        guard bytes[index] == 0xCE, index + 1 < bytes.count else { return nil }
        return greekHashes[bytes[index + 1]]
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

    /// Splits a phrase the way texts are split: "T-DXd" → ["t", "dxd"] hashes, "ERα" → ["er", "alpha"].
    static func hashes(of phrase: String) -> [UInt64] {
        TextTokens(bytes: Array(phrase.utf8)).tokens.map(\.hash)
    }

    /// The original text of tokens `range`.
    func text(_ range: Range<Int>) -> String {
        guard let first = range.first, range.upperBound <= tokens.count, range.upperBound > first else { return "" }
        return String(decoding: bytes[tokens[first].start..<tokens[range.upperBound - 1].end], as: UTF8.self)
    }

    /// The character right after token `index` as ASCII (a Unicode hyphen or minus reads as
    /// "-", a no-break space as " "), or nil at the end.
    func byte(after index: Int) -> UInt8? {
        let end = tokens[index].end
        guard end < bytes.count else { return nil }
        if bytes[end] >= 0x80, let separator = Self.separator(bytes, end) { return separator.ascii }
        return bytes[end]
    }

    /// The byte after the character after token `index`.
    func byte(afterNext index: Int) -> UInt8? {
        let end = tokens[index].end
        guard end < bytes.count else { return nil }
        let next = end + (bytes[end] >= 0x80 ? (Self.separator(bytes, end)?.width ?? 1) : 1)
        return next < bytes.count ? bytes[next] : nil
    }
}

import FeedModel

/// A protein change as abstracts write it: "R175H", "G12C", "Q61H", "E545K", "Y537N", "p.R175H",
/// "p.Arg175His", "E110del", "S310fs", "R213*". One-letter amino acids, a position, and the new
/// residue (or del/dup/ins/fs/`*`/X); upper case only, so "a549" and words never look like one.
enum ProteinChange {
    private static let aminoAcids = Set("ACDEFGHIKLMNPQRSTVWY".utf8)
    private static let threeLetter: [String: Character] = [
        "ala": "A", "arg": "R", "asn": "N", "asp": "D", "cys": "C", "gln": "Q", "glu": "E", "gly": "G", "his": "H", "ile": "I",
        "leu": "L", "lys": "K", "met": "M", "phe": "F", "pro": "P", "ser": "S", "thr": "T", "trp": "W", "tyr": "Y", "val": "V",
    ]

    /// The change starting at token `index` in one-letter form ("R175H"), with how many tokens it
    /// spans, or nil. "p.R175H" is read from its "p"; "Y537 N" (a stray space) joins up.
    static func parse(_ tokens: TextTokens, _ index: Int) -> (name: String, length: Int)? {
        let list = tokens.tokens
        var start = index
        var prefix = 0
        // "p.R175H": a lone "p" glued to a dot.
        if list[index].end - list[index].start == 1, tokens.bytes[list[index].start] | 0x20 == UInt8(ascii: "p"),
            tokens.byte(after: index) == UInt8(ascii: "."), index + 1 < list.count, list[index + 1].start == list[index].end + 1
        {
            start = index + 1
            prefix = 1
        }
        guard start < list.count else { return nil }
        let word = Array(tokens.bytes[list[start].start..<list[start].end])
        if let name = oneLetter(word) ?? threeLetterForm(word) {
            // "*" after the token: a stop codon ("R213*").
            if tokens.byte(after: start) == UInt8(ascii: "*"), name.last?.isNumber == true { return (name + "*", prefix + 1) }
            guard name.last?.isNumber == false else { return nil }
            return (name, prefix + 1)
        }
        // "Y537 N": a residue, a position, then the new residue as its own one-letter word.
        if start + 1 < list.count, word.count >= 2, aminoAcids.contains(word[0]), word.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            list[start + 1].start == list[start].end + 1, tokens.bytes[list[start].end] == 0x20, list[start + 1].end - list[start + 1].start == 1,
            aminoAcids.contains(tokens.bytes[list[start + 1].start])
        {
            let after = list[start + 1].end
            if after >= tokens.bytes.count || !TextTokens.isWordByte(tokens.bytes[after]) {
                return (String(decoding: word, as: UTF8.self) + String(UnicodeScalar(tokens.bytes[list[start + 1].start])), prefix + 2)
            }
        }
        return nil
    }

    /// Whether `bytes` are a whole one-letter change with its new residue ("G12D", "R201C", "E110del").
    static func isChange(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let name = oneLetter(Array(bytes)) else { return false }
        return name.last?.isNumber == false
    }

    /// "R175H", "E110del", "S310fs", "R132" (position only: the caller decides).
    private static func oneLetter(_ word: [UInt8]) -> String? {
        guard word.count >= 3, word.count <= 12, aminoAcids.contains(word[0]) else { return nil }
        var position = 1
        while position < word.count, word[position] >= 0x30 && word[position] <= 0x39 { position += 1 }
        let digits = position - 1
        guard digits >= 1, digits <= 4, word[1] != 0x30 else { return nil }
        let tail = String(decoding: word[position...], as: UTF8.self)
        let valid: Bool
        switch tail {
        case "": valid = true
        case "del", "dup", "ins", "fs", "X": valid = true
        default: valid = tail.count == 1 && aminoAcids.contains(word[position])
        }
        return valid ? String(decoding: word, as: UTF8.self) : nil
    }

    /// "Arg175His" → "R175H".
    private static func threeLetterForm(_ word: [UInt8]) -> String? {
        guard word.count >= 7, word[0] >= 0x41, word[0] <= 0x5A else { return nil }
        let text = String(decoding: word, as: UTF8.self)
        guard let from = threeLetter[String(text.prefix(3)).lowercased()] else { return nil }
        let rest = text.dropFirst(3)
        let digits = rest.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 4, let to = threeLetter[String(rest.dropFirst(digits.count)).lowercased()] else { return nil }
        return "\(from)\(digits)\(to)"
    }
}

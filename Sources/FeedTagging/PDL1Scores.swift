import FeedModel

/// PD-L1 read from its scores as trials and reports give them: "TPS ≥50%", "TPS >= 1%",
/// "tumor proportion score <1%", "CPS ≥10". Below 1 is PD-L1 negative, 1 or more positive, and a
/// TPS of 50% or more high (the cut-offs of the approved assays: TPS 1% and 50%, CPS 1 and 10).
extension Tagger {
    func pdl1Scores(_ tokens: TextTokens, into tags: inout TagSet) {
        let list = tokens.tokens
        let bytes = tokens.bytes
        for (index, token) in list.enumerated() {
            var scoreEnd: Int?
            if token.hash == Self.tps || token.hash == Self.cps {
                scoreEnd = index
            } else if token.hash == Self.proportion, index + 1 < list.count, list[index + 1].hash == Self.scoreWord {
                // "tumor proportion score"
                scoreEnd = index + 1
            } else if token.hash == Self.combined, index + 2 < list.count, list[index + 2].hash == Self.scoreWord {
                // "combined positive score"
                scoreEnd = index + 2
            }
            guard let end = scoreEnd, end + 1 < list.count else { continue }
            // The comparison sign and the number right after the score's name.
            var position = list[end].end
            while position < list[end + 1].start,
                bytes[position] == 0x20 || bytes[position] == UInt8(ascii: "(") || bytes[position] == UInt8(ascii: ":")
            {
                position += 1
            }
            var signEnd = list[end + 1].start
            while signEnd > position, bytes[signEnd - 1] == 0x20 { signEnd -= 1 }
            var sign = Array(bytes[position..<signEnd])
            var numberStart = list[end + 1].start
            // "≥50": the sign is a non-ASCII character, read by the tokenizer as part of the word.
            let glued = bytes[numberStart..<list[end + 1].end]
            var numberToken = end + 1
            if glued.count > 3, glued.first == 0xE2, glued.dropFirst().first == 0x89 {
                sign = Array(glued.prefix(3))
                numberStart += 3
            } else if glued.count == 3, glued.first == 0xE2, glued.dropFirst().first == 0x89, end + 2 < list.count {
                // "≥ 50%": the sign alone, then the number.
                sign = Array(glued)
                numberToken = end + 2
                numberStart = list[numberToken].start
            }
            let digits = bytes[numberStart..<list[numberToken].end]
            guard !digits.isEmpty, digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) else { continue }
            let below: Bool
            if sign.elementsEqual("<".utf8) || sign.elementsEqual([0xE2, 0x89, 0xA4]) || sign.elementsEqual("<=".utf8) {
                below = true
            } else if sign.elementsEqual(">".utf8) || sign.elementsEqual([0xE2, 0x89, 0xA5]) || sign.elementsEqual(">=".utf8) {
                below = false
            } else {
                continue
            }
            let number = Double(String(decoding: digits, as: UTF8.self)) ?? 0
            // "<1%" is negative; ">=1%", "≥50%", "≥10" positive; "<50%" says nothing about positivity.
            // TPS ≥50% is PD-L1 high, the first-line monotherapy cut-off.
            let state: String
            if below && number <= 1 {
                state = "PD-L1 negative"
            } else if !below && number >= 50 && list[end].hash != Self.cps {
                state = "PD-L1 overexpression"
            } else if !below && number >= 1 {
                state = "PD-L1 positive"
            } else {
                continue
            }
            let range = index..<(numberToken + 1)
            tags.add(
                \.alterations, state,
                TagSet.Evidence(start: list[index].start, end: list[numberToken].end, text: tokens.text(range), rule: "PD-L1 score and cut-off"))
        }
    }

    static let tps = TextTokens.hash("tps")
    static let cps = TextTokens.hash("cps")
    static let proportion = TextTokens.hash("proportion")
    static let combined = TextTokens.hash("combined")
    static let scoreWord = TextTokens.hash("score")
}

import FeedModel

/// The study's own phase, not every phase an abstract mentions: "In this phase Ib trial … the
/// recommended phase II dose" is P1; "ongoing phase II studies", "pooled analyses of ten phase 2
/// trials" and "phase 1/2 studies of TRK inhibitors have shown" are other studies.
extension Tagger {
    static let romans: [UInt64: Int] = [
        TextTokens.hash("i"): 1, TextTokens.hash("ii"): 2, TextTokens.hash("iii"): 3, TextTokens.hash("iv"): 4,
        TextTokens.hash("1"): 1, TextTokens.hash("2"): 2, TextTokens.hash("3"): 3, TextTokens.hash("4"): 4,
        TextTokens.hash("ib"): 1, TextTokens.hash("1b"): 1, TextTokens.hash("ia"): 1, TextTokens.hash("1a"): 1,
        TextTokens.hash("iia"): 2, TextTokens.hash("2a"): 2, TextTokens.hash("iib"): 2, TextTokens.hash("2b"): 2,
        TextTokens.hash("iiia"): 3, TextTokens.hash("3a"): 3, TextTokens.hash("iiib"): 3, TextTokens.hash("3b"): 3,
    ]
    static let phaseWord = TextTokens.hash("phase")

    private enum Claim { case own, other, plain }

    private struct PhaseMention {
        var label: String
        var evidence: TagSet.Evidence
        var claim: Claim
    }

    /// Words before "phase" that make it this study's ("In this phase Ib trial", "A phase I study").
    private static let ownWords: Set<UInt64> = Set(["this", "our", "present", "current", "a", "an"].map { TextTokens.hash(Substring($0)) })
    /// Words before "phase" that make it another study's, or a dose.
    private static let otherWords: Set<UInt64> = Set(
        [
            "recommended", "ongoing", "previous", "prior", "future", "pooled", "planned", "earlier", "other", "several", "subsequent",
            "larger", "confirmatory", "ten", "two", "three", "four", "five", "many", "multiple", "registrational", "of", "in",
        ].map { TextTokens.hash(Substring($0)) })
    /// Plural nouns after the phase: other studies ("phase II studies will assess").
    private static let pluralNouns: Set<UInt64> = Set(["studies", "trials"].map { TextTokens.hash(Substring($0)) })
    private static let rp2d = TextTokens.hash("dose")

    func phases(_ tokens: TextTokens, into tags: inout TagSet) {
        let list = tokens.tokens
        var found: [PhaseMention] = []
        for index in list.indices where list[index].hash == Self.phaseWord && index + 1 < list.count {
            guard let first = Self.romans[list[index + 1].hash] else { continue }
            var last = first
            var end = index + 2
            if end < list.count, let second = Self.romans[list[end].hash], second == first + 1,
                let separator = tokens.byte(after: index + 1), separator == UInt8(ascii: "/")
            {
                last = second
                end += 1
            }
            var labels = [last == first ? "P\(first)" : "P\(first)/\(last)"]
            // "phase I and II studies": two phases, each its own tag.
            var tail = end
            if end + 1 < list.count, Self.joiners.contains(list[end].hash), let other = Self.romans[list[end + 1].hash], other != first {
                labels.append("P\(other)")
                tail = end + 2
            }
            let evidence = TagSet.Evidence(start: list[index].start, end: list[tail - 1].end, text: tokens.text(index..<tail), rule: "phase in text")
            let claim = Self.claim(tokens, phase: index, after: tail)
            for label in labels { found.append(PhaseMention(label: label, evidence: evidence, claim: claim)) }
        }
        // The study's own phase when the text says which; otherwise every phase not another study's.
        let own = found.filter { $0.claim == .own }
        let kept = own.isEmpty ? found.filter { $0.claim == .plain } : own
        for mention in kept {
            var evidence = mention.evidence
            evidence.rule = mention.claim == .own ? "the study's own phase" : "phase in text"
            tags.add(\.phases, mention.label, evidence)
        }
    }

    private static func claim(_ tokens: TextTokens, phase index: Int, after tail: Int) -> Claim {
        let list = tokens.tokens
        // "recommended phase II dose", "phase 2 dose".
        if index > 0, list[index - 1].hash == TextTokens.hash("recommended") { return .other }
        if tail < list.count, list[tail].hash == rp2d,
            tail + 1 >= list.count
                || ![TextTokens.hash("escalation"), TextTokens.hash("finding"), TextTokens.hash("expansion")].contains(list[tail + 1].hash)
        {
            return .other
        }
        var nounAt = tail
        // "phase Ib clinical trial", "phase II randomized study": the noun within two words.
        while nounAt < min(list.count, tail + 3), !pluralNouns.contains(list[nounAt].hash), !singularNouns.contains(list[nounAt].hash) { nounAt += 1 }
        let plural = nounAt < list.count && pluralNouns.contains(list[nounAt].hash)
        if index > 0 {
            let before = list[index - 1].hash
            if otherWords.contains(before) && !plural && before != TextTokens.hash("in") && before != TextTokens.hash("of") { return .other }
            if otherWords.contains(before) && plural { return .other }
            if ownWords.contains(before) && !plural { return .own }
        }
        if plural { return .other }
        // The title's (the text's first sentence) phase is the study's.
        if !(0..<index).contains(where: { tokens.bytes[list[$0].end..<list[$0 + 1].start].contains(UInt8(ascii: ".")) && $0 + 1 <= index }) {
            return .own
        }
        return .plain
    }

    private static let singularNouns: Set<UInt64> = Set(["study", "trial", "studies", "trials"].map { TextTokens.hash(Substring($0)) })
}

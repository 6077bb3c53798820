import FeedModel

/// The alteration rules: what state each gene mention is in ("HER2-low", "EGFR-mutant",
/// "loss of PTEN", "KRAS G12C"), read from the words around it.
extension Tagger {
    // MARK: - Alterations

    func alterations(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let list = tokens.tokens
        var found: [Found] = []
        for mention in mentions {
            var item = Found(range: mention.range, gene: mention.gene)
            glued(tokens, &item)
            after(tokens, mentions, &item)
            before(tokens, mentions, &item)
            item.negated = item.negated || isNegated(tokens, before: mention.range.lowerBound)
            item.absent = item.negated && isAbsent(tokens, before: mention.range.lowerBound)
            found.append(item)
        }
        fusions(tokens, &found)
        shareLists(tokens, &found)
        measuredLists(tokens, &found)
        for item in found {
            let gene = self.gene(item.gene)
            // Biomarkers whose state is in their own name: "dMMR", "MSI-H", "TMB-high", "BRCA-mutated"
            // (a one-word name carries one only for these four).
            let carriesState = item.range.count > 1 || ["MMR", "MSI", "TMB", "BRCA"].contains(gene.symbol)
            // "MMR-deficient", "MMR proficient": the state written after the name.
            if gene.symbol == "MMR", item.range.upperBound < list.count, !clauseEnds(tokens, before: item.range.upperBound),
                let state = Self.mmrStates[list[item.range.upperBound].hash]
            {
                let range = item.range.lowerBound..<(item.range.upperBound + 1)
                tags.add(
                    \.alterations, state,
                    TagSet.Evidence(
                        start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range),
                        rule: "biomarker + state"))
            }
            // "proficient MMR", "deficient MMR": the state written before the name.
            if gene.symbol == "MMR", item.range.lowerBound > 0, !clauseEnds(tokens, before: item.range.lowerBound),
                let state = Self.mmrStates[list[item.range.lowerBound - 1].hash]
            {
                let range = (item.range.lowerBound - 1)..<item.range.upperBound
                tags.add(
                    \.alterations, state,
                    TagSet.Evidence(
                        start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range),
                        rule: "state + biomarker"))
            }
            if carriesState, let state = Self.namedState(gene.symbol, tokens.text(item.range).lowercased()) {
                let evidence = TagSet.Evidence(
                    start: list[item.range.lowerBound].start, end: list[item.range.upperBound - 1].end, text: tokens.text(item.range),
                    rule: "biomarker named with its state")
                tags.add(\.alterations, state, evidence)
            }
            // "no MDM2 amplification", "without IDH1 mutation", "testing for EGFR mutations": what
            // the tumour does not have, or what was looked for, is not its state.
            // "negative for EGFR mutations": no mutation, and no "EGFR negative" either (that reads as no protein).
            let deniedState = item.negated && item.kinds.contains { ["fusion", "mutation", "amplification", "deletion"].contains($0.0) }
            for (kind, range, rule) in resolve(item.kinds, gene: gene) where !(deniedState && kind == "negative") {
                // "absence of MLH1 and PMS2 expression", "lack of PTEN staining": no protein on IHC is loss.
                let absentProtein = item.absent && kind == "expression"
                guard !item.negated || kind == "wild-type" || kind == "negative" || absentProtein else { continue }
                let start = absentProtein ? min(range.lowerBound, item.range.lowerBound - 1) : range.lowerBound
                let evidence = TagSet.Evidence(
                    start: list[max(0, start)].start, end: list[range.upperBound - 1].end, text: tokens.text(max(0, start)..<range.upperBound),
                    rule: absentProtein ? "absent expression of a gene" : rule)
                // Receptors read as positive or negative on IHC say "negative" for none.
                let absentState = ["HER-2", "ER", "PR", "HR", "AR", "PD-L1"].contains(gene.symbol) ? "negative" : "loss"
                let display = Self.stateDisplay(gene.symbol, absentProtein ? absentState : kind)
                tags.add(\.alterations, display, evidence)
                // Loss of any mismatch-repair protein on IHC is, by definition, a deficient system.
                if display.hasSuffix(" loss"), ["MLH1", "MSH2", "MSH6", "PMS2"].contains(gene.symbol) {
                    tags.add(
                        \.alterations, "dMMR",
                        TagSet.Evidence(start: evidence.start, end: evidence.end, text: evidence.text, rule: "loss of a mismatch-repair protein"))
                }
            }
            for (name, range) in item.changes where !item.negated {
                let evidence = TagSet.Evidence(
                    start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: "gene + protein change")
                tags.add(\.alterations, name.hasPrefix("-") ? gene.symbol + name : "\(gene.symbol) \(name)", evidence)
            }
        }
        orphanChanges(tokens, mentions, found, into: &tags)
        tripleNegative(tokens, into: &tags)
        if mentions.contains(where: { gene($0.gene).symbol == "HER-2" }) { her2Scores(tokens, mentions, into: &tags) }
        if mentions.contains(where: { gene($0.gene).symbol == "PD-L1" }) { pdl1Scores(tokens, into: &tags) }
        namedVariants(tokens, mentions, into: &tags)
    }

    /// One gene mention and the states read around it.
    struct Found {
        var range: Range<Int>
        var gene: Int
        var kinds: [(String, Range<Int>, String)] = []
        /// Protein changes and named forms: "R175H", "exon 19 deletion", "-ITD" (joined to the symbol).
        var changes: [(String, Range<Int>)] = []
        var negated = false
        /// The negation says the protein is absent ("absence of", "lack of", "no"), not tested for.
        var absent = false
        /// The state came from the list it stands in, not its own words.
        var shared = false
        /// The state came from "expression of …" before it, which the list after it shares.
        var headsList = false

        mutating func add(_ kind: String, _ range: Range<Int>, _ rule: String) {
            if !kinds.contains(where: { $0.0 == kind }) { kinds.append((kind, range, rule)) }
        }
    }

    /// The symbol and what is glued to it: "ER+", "HER2-", "HER2 (+)", "PD-L1 +", "ER+ve", "PR-ve".
    private func glued(_ tokens: TextTokens, _ item: inout Found) {
        let list = tokens.tokens
        let last = item.range.upperBound - 1
        if item.range.count == 1, let (_, split) = gluedChange(tokens, last) {
            item.changes.append((String(decoding: tokens.bytes[split..<list[last].end], as: UTF8.self), item.range))
        } else if item.range.count == 1, list[last].end - list[last].start >= 5, let (_, _, kind) = gluedLevel(tokens, last) {
            item.add(kind, item.range, "gene + glued level")
        }
        guard let next = tokens.byte(after: last) else { return }
        let following = item.range.upperBound < list.count ? list[item.range.upperBound] : nil
        let suspended = following.map { Self.joiners.contains($0.hash) } ?? false
        if next == UInt8(ascii: "+") { item.add("positive", item.range, "gene + glued sign") }
        if next == UInt8(ascii: "-"), let after = tokens.byte(afterNext: last), !TextTokens.isWordByte(after), after != UInt8(ascii: "/"), !suspended
        {
            item.add("negative", item.range, "gene + glued sign")
        }
        // "ER-ve": the sign then "ve".
        if next == UInt8(ascii: "-"), let following, following.hash == Self.ve, following.start == list[last].end + 1 {
            item.add("negative", item.range.lowerBound..<(item.range.upperBound + 1), "gene + glued sign")
        }
        // "HER2 (+)", "HER2(−)", "PD-L1 +": a sign standing alone after the gene.
        var position = list[last].end
        let bytes = tokens.bytes
        while position < bytes.count, bytes[position] == 0x20 { position += 1 }
        var bracket = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "(") {
            bracket = true
            position += 1
        }
        guard position < bytes.count, position > list[last].end else { return }
        let sign: UInt8? = bytes[position] >= 0x80 ? TextTokens.separator(bytes, position)?.ascii : bytes[position]
        let width = bytes[position] >= 0x80 ? (TextTokens.separator(bytes, position)?.width ?? 1) : 1
        guard let sign, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return }
        let end = position + width
        let closed = bracket ? end < bytes.count && bytes[end] == UInt8(ascii: ")") : end >= bytes.count || !TextTokens.isWordByte(bytes[end])
        guard closed, bracket || bytes[list[last].end] == 0x20 else { return }
        // "MSH6 - was performed", "HER2 – a receptor": a dash between words is punctuation, not a
        // sign; "PD-L1 -," and "PD-L1 -)" stay signs.
        if !bracket, sign == UInt8(ascii: "-") {
            var next = end
            while next < bytes.count, bytes[next] == 0x20 { next += 1 }
            if next < bytes.count, next > end, TextTokens.isWordByte(bytes[next]) { return }
        }
        item.add(sign == UInt8(ascii: "+") ? "positive" : "negative", item.range, "gene + sign")
    }

    /// Words after the gene: "HER2-low", "EGFR-mutant", "ALK rearrangement", "HER2 gene
    /// amplification", "TP53 R175H mutation", "PIK3CA E545K and H1047R", "KRAS was mutated",
    /// "FLT3-ITD", "MET exon 14 skipping", "EGFR exon 19 deletions".
    private func after(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], _ item: inout Found) {
        let list = tokens.tokens
        var position = item.range.upperBound
        var skipped = 0
        var sawState = !item.kinds.isEmpty
        var sawVariant = false
        // "FLT3-ITD-positive" (the gene's alias carries the ITD): the positive is the ITD's.
        let lastWord = list[item.range.upperBound - 1].hash
        if item.range.count > 1, lastWord == Self.itd || lastWord == Self.tkd, position < list.count, cues[list[position].hash] == "positive" {
            position += 1
        }
        // "IDH2R140Q or R172K": a list of changes goes on after a glued one.
        if !item.changes.isEmpty { skipJoinerBeforeChange(tokens, &position) }
        while position < list.count, skipped < 3, !clauseEnds(tokens, before: position) {
            let hash = list[position].hash
            // Another gene's own words start here.
            if mentions.contains(where: { $0.range.lowerBound == position }) { break }
            if let (_, length) = variants.match(list, at: position) {
                position += length
                sawState = true
                sawVariant = true
                skipJoinerBeforeChange(tokens, &position)
                continue
            }
            if hash == Self.itd || hash == Self.tkd {
                item.changes.append((hash == Self.itd ? "-ITD" : "-TKD", item.range.lowerBound..<(position + 1)))
                position += 1
                // "FLT3-ITD-positive" is FLT3-ITD, not "FLT3 positive".
                if position < list.count, let kind = cues[list[position].hash], kind == "positive" { position += 1 }
                sawState = true
                continue
            }
            if let change = ProteinChange.parse(tokens, position) {
                item.changes.append((change.name, item.range.lowerBound..<(position + change.length)))
                position += change.length
                sawState = true
                skipJoinerBeforeChange(tokens, &position)
                continue
            }
            // "exon 19 deletion", "exon 20 insertions", "exon 14 skipping".
            if hash == Self.exon, position + 2 < list.count, isNumber(tokens, position + 1), let form = Self.exonForms[list[position + 2].hash] {
                let number = tokens.text((position + 1)..<(position + 2))
                item.changes.append(("exon \(number) \(form)", item.range.lowerBound..<(position + 3)))
                position += 3
                sawState = true
                continue
            }
            // "BAX was reduced", "IL-6 and TNF-α were significantly increased", "Snail was
            // up-regulated": an amount that changed is the gene's expression.
            if skipped > 0, Self.amountVerbs.contains(hash) {
                item.add("expression", item.range.lowerBound..<(position + 1), "gene + verb of amount")
                sawState = true
                position += 1
                continue
            }
            if Self.upDown.contains(hash), position + 1 < list.count,
                list[position + 1].hash == Self.regulated || list[position + 1].hash == Self.regulation
            {
                item.add("expression", item.range.lowerBound..<(position + 2), "gene + expression cue")
                sawState = true
                position += 2
                continue
            }
            // "TP53 gain-of-function mutations": the gain is the mutation's kind, not a copy gain.
            if hash == Self.gain, position + 2 < list.count, list[position + 1].hash == Self.of {
                position += 3
                skipped += 1
                continue
            }
            // "HER2-enriched" names a subtype; "SERPINE1 was mainly enriched in immune processes" does not.
            if hash == Self.enriched, position != item.range.upperBound { break }
            if let kind = cues[hash] {
                // "low"/"ultralow" only right after the gene ("HER2-low"), not in "IDH2-mutant low-grade".
                let adjacent = position == item.range.upperBound || (position == item.range.upperBound + 1 && kind == "underexpression" && !sawState)
                if (kind == "underexpression" || kind == "ultralow") && !adjacent && sawState { break }
                // "fusion-positive", "mutation-positive": the positive is the fusion's.
                if kind == "positive", position > item.range.upperBound, let before = cues[list[position - 1].hash],
                    ["fusion", "mutation", "amplification", "deletion"].contains(before)
                {
                    position += 1
                    continue
                }
                // "EGFR mutation-negative", "ALK rearrangement was negative", "exon 20 insertion-negative":
                // the state was not found.
                if kind == "negative",
                    sawVariant || !item.changes.isEmpty
                        || item.kinds.contains(where: { ["fusion", "mutation", "amplification", "deletion"].contains($0.0) })
                {
                    item.negated = true
                    break
                }
                item.add(kind, item.range.lowerBound..<(position + 1), "gene + \(kind) cue")
                sawState = true
                position += 1
                continue
            }
            // "KRAS mutations were not found", "EGFR mutation was not detected".
            if hash == Self.notWord, sawState, position + 1 < list.count, Self.notFound.contains(list[position + 1].hash) {
                item.negated = true
                break
            }
            if Self.fillers.contains(hash) || Self.verbFillers.contains(hash) || isNumber(tokens, position) {
                skipped += 1
                position += 1
                continue
            }
            break
        }
    }

    /// "E545K and H1047R": a list of changes goes on past its "and".
    private func skipJoinerBeforeChange(_ tokens: TextTokens, _ position: inout Int) {
        let list = tokens.tokens
        guard position + 1 < list.count, Self.joiners.contains(list[position].hash) else { return }
        if ProteinChange.parse(tokens, position + 1) != nil || variants.match(list, at: position + 1) != nil { position += 1 }
    }

    /// Words before the gene: "low HER2 expression", "mutated KRAS", "wild-type EGFR", "loss of
    /// PTEN", "expression of p53 and p21", "mutations in HRAS and PIK3CA", "positive for HER2".
    private func before(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], _ item: inout Found) {
        let list = tokens.tokens
        let first = item.range.lowerBound
        guard first > 0, !clauseEnds(tokens, before: first) else { return }
        // …but not the cue of a gene just before: "HER2-low, hormone receptor-positive".
        let ownedByGeneBefore = { (cue: Int) in mentions.contains { $0.range.upperBound == cue } }
        let previous = list[first - 1].hash
        if let kind = cues[previous], Self.leadingKinds.contains(kind), !ownedByGeneBefore(first - 1) {
            item.add(kind, (first - 1)..<item.range.upperBound, "\(kind) cue + gene")
        }
        // "wild-type KRAS": two words.
        if first > 1, previous == Self.type, list[first - 2].hash == Self.wild, !ownedByGeneBefore(first - 2) {
            item.add("wild-type", (first - 2)..<item.range.upperBound, "wild-type + gene")
        }
        // "<state> of|in|for GENE", with up to two words before "of": "expression levels of",
        // "high expression of", "germline mutations in", "positive for".
        // Only for genes: "mutations in ctDNA" is where they were found.
        // "expression of the pro-apoptotic genes, including p53", "expression of anti-apoptotic
        // gene Bcl-2", "up-regulation of apoptotic markers (Bax": the words that name what kind
        // of genes follow may stand between "of" and the gene.
        var of = first - 1
        // "methylation in 11 genes (APC, …": a count of the genes too.
        while of > first - 6, of > 0, Self.listHeads.contains(list[of].hash) || isNumber(tokens, of), !clauseEnds(tokens, before: of + 1) { of -= 1 }
        guard of > 0, Self.ofWords.contains(list[of].hash), !clauseEnds(tokens, before: of + 1), of == first - 1 || list[of].hash != Self.forWord,
            gene(item.gene).hgnc != nil || gene(item.gene).generated
        else { return }
        var cue = of - 1
        var kind: String?
        var start = cue
        while cue >= max(0, of - 3) {
            let hash = list[cue].hash
            if let found = Self.ofStates[hash] { kind = found; start = cue }
            // "up-regulation of", "down-regulation of".
            if hash == Self.regulation, cue > 0, Self.upDown.contains(list[cue - 1].hash) { kind = "expression"; start = cue - 1 }
            if hash == Self.levels || hash == Self.level { kind = kind ?? "expression"; start = cue }
            if cue == 0 || clauseEnds(tokens, before: cue)
                || kind != nil && Self.ofStates[list[cue - 1].hash] == nil && cues[list[cue - 1].hash] == nil
            {
                break
            }
            cue -= 1
        }
        guard var state = kind else { return }
        if state == "expression", start > 0, let degree = cues[list[start - 1].hash] {
            if degree == "overexpression" { state = "overexpression"; start -= 1 }
            if degree == "underexpression" { state = "underexpression"; start -= 1 }
        }
        if (state == "positive" || state == "negative") && (previous != Self.forWord || of != first - 1) { return }
        if ownedByGeneBefore(start) { return }
        item.add(state, start..<item.range.upperBound, "\(state) of + gene")
        item.headsList = true
    }

    /// "no", "without", "absence of", "lack of any", "not", "tested for" right before the gene
    /// (only small words between): "without abemaciclib in ER-positive" negates nothing.
    private func isNegated(_ tokens: TextTokens, before start: Int) -> Bool {
        let list = tokens.tokens
        var position = start - 1
        while position >= max(0, start - 6) {
            if clauseEnds(tokens, before: position + 1) { return false }
            let hash = list[position].hash
            if Self.negations.contains(hash) { return true }
            // "testing for EGFR", "negative for EGFR mutations": what was looked for, or not found.
            if hash == Self.forWord, position > 0, Self.assays.contains(list[position - 1].hash) || Self.negativeFor.contains(list[position - 1].hash)
            {
                return true
            }
            guard Self.negationFillers.contains(hash) else { return false }
            position -= 1
        }
        return false
    }

    static let negativeFor: Set<UInt64> = [TextTokens.hash("negative"), TextTokens.hash("negativity")]
    /// "were not found", "was not detected": a state the sentence then denies.
    static let notFound: Set<UInt64> = Set(
        ["detected", "found", "observed", "identified", "seen", "present", "detectable", "harbored", "harboured"].map {
            TextTokens.hash(Substring($0))
        })
    static let notWord = TextTokens.hash("not")

    /// The negation right before the gene is an absence ("absence of", "lack of", "no", "without"),
    /// not a test that looked for it.
    private func isAbsent(_ tokens: TextTokens, before start: Int) -> Bool {
        let list = tokens.tokens
        for position in stride(from: start - 1, through: max(0, start - 4), by: -1) {
            let hash = list[position].hash
            if Self.absences.contains(hash) { return true }
            if Self.negations.contains(hash) || !Self.negationFillers.contains(hash) || hash == Self.forWord { return false }
        }
        return false
    }

    static let absences: Set<UInt64> = Set(["no", "without", "absence", "absent", "lack", "lacking"].map { TextTokens.hash(Substring($0)) })

    static let negationFillers: Set<UInt64> = Set(
        [
            "of", "any", "a", "an", "the", "detectable", "evidence", "known", "activating", "sensitizing", "sensitising", "germline", "somatic",
            "for",
            // "None of the patients harbored BRAF V600E".
            "patients", "patient", "cases", "tumors", "tumours", "harbored", "harboured", "had", "carried", "showed",
        ]
        .map { TextTokens.hash(Substring($0)) })

    /// "EML4-ALK", "KIAA1549-BRAF", "EWSR1::FLI1": two genes joined by a hyphen or "::" are a
    /// fusion of both, when one is a known fusion partner or a fusion word follows.
    private func fusions(_ tokens: TextTokens, _ found: inout [Found]) {
        let list = tokens.tokens
        guard found.count > 1 else { return }
        for index in 0..<(found.count - 1) {
            let left = found[index].range
            let right = found[index + 1].range
            guard left.upperBound == right.lowerBound else { continue }
            let gap = tokens.bytes[list[left.upperBound - 1].end..<list[right.lowerBound].start]
            let hyphen = gap.count == 1 && gap.first == UInt8(ascii: "-") || gap.elementsEqual("::".utf8)
            guard hyphen else { continue }
            let symbols = [found[index].gene, found[index + 1].gene].map { gene($0).hgnc ?? gene($0).symbol }
            // "the VEGFR-MET inhibitor cabozantinib", "an EGFR-MET bispecific", "the MIAT/HMGB1 axis":
            // two targets of one drug or one pathway, not a fusion.
            if right.upperBound < list.count, Self.notFusionAfter.contains(list[right.upperBound].hash) { continue }
            let partner = symbols.contains { Self.fusionPartners.contains($0) } || gap.count == 2
            let cue = found[index + 1].kinds.contains { $0.0 == "fusion" }
            guard partner || cue else { continue }
            let span = left.lowerBound..<right.upperBound
            // The left gene's "negative" from its hyphen is the joint, not a state.
            found[index].kinds.removeAll { $0.0 == "negative" }
            found[index].add("fusion", span, "gene-gene fusion")
            found[index + 1].add("fusion", span, "gene-gene fusion")
        }
    }

    /// A list shares the state named after its last gene ("PALB2 and ATM mutations", "BRCA1- or
    /// BRCA2-mutated", "PIK3CA, AKT1 or PTEN alterations"), or before its first ("expression of
    /// p53, p21 and Bax"). A bare comma joins only inside a list an "and"/"or" closes: in
    /// "BRCA-mutated, HER2-negative" the negative is HER2's alone.
    private func shareLists(_ tokens: TextTokens, _ found: inout [Found]) {
        let shareable: Set<String> = [
            "mutation", "amplification", "fusion", "deletion", "positive", "negative", "expression", "overexpression", "underexpression",
            "wild-type", "loss", "methylation",
        ]
        func joint(_ left: Found, _ right: Found) -> (joined: Bool, comma: Bool) { listJoint(tokens, left, right) }
        for index in found.indices.reversed() where index + 1 < found.count && found[index].kinds.isEmpty && found[index].changes.isEmpty {
            let next = found[index + 1]
            let (joined, comma) = joint(found[index], next)
            guard joined, !comma || next.shared else { continue }
            found[index].kinds = next.kinds.filter { shareable.contains($0.0) }
            found[index].shared = !found[index].kinds.isEmpty
            found[index].negated = found[index].negated || next.negated
            found[index].absent = found[index].absent || next.absent
        }
        // "no EGFR, ALK or ROS1 alterations", "testing for EGFR/ALK", "negative for EGFR mutations and
        // ALK rearrangements": the list's head's negation is the list's.
        func stateJoined(_ left: Found, _ right: Found) -> Bool {
            let between = left.range.upperBound..<right.range.lowerBound
            guard between.count >= 2, between.count <= 3, !clauseEnds(tokens, before: right.range.lowerBound) else { return false }
            let hashes = between.map { tokens.tokens[$0].hash }
            return Self.joiners.contains(hashes.last!) && hashes.dropLast().allSatisfy { cues[$0] != nil }
        }
        for index in found.indices.dropFirst()
        where found[index - 1].negated && (joint(found[index - 1], found[index]).joined || stateJoined(found[index - 1], found[index])) {
            found[index].negated = true
            found[index].absent = found[index].absent || found[index - 1].absent
        }
        // "loss of MLH1 and PMS2 staining": the head's state is the list's; "staining" only says
        // how it was seen.
        for index in found.indices.dropFirst()
        where found[index].changes.isEmpty && found[index].kinds.allSatisfy({ $0.0 == "expression" }) {
            let head = found[index - 1]
            guard head.headsList, joint(head, found[index]).joined else { continue }
            if !found[index].kinds.isEmpty && !head.kinds.contains(where: { $0.0 != "expression" }) { continue }
            found[index].kinds = head.kinds.filter { shareable.contains($0.0) }
            found[index].headsList = true
            found[index].negated = found[index].negated || head.negated
            found[index].absent = found[index].absent || head.absent
        }
    }

    /// Whether a sentence or clause ends between token `index - 1` and token `index`.
    func clauseEnds(_ tokens: TextTokens, before index: Int) -> Bool {
        guard index > 0, index < tokens.tokens.count else { return index <= 0 }
        let gap = tokens.bytes[tokens.tokens[index - 1].end..<tokens.tokens[index].start]
        return gap.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") }
            && !(gap.count == 1 && gap.first == UInt8(ascii: "."))
    }

    static let ve = TextTokens.hash("ve")
    static let itd = TextTokens.hash("itd")
    static let tkd = TextTokens.hash("tkd")
    static let exon = TextTokens.hash("exon")
    static let type = TextTokens.hash("type")
    static let wild = TextTokens.hash("wild")
    static let levels = TextTokens.hash("levels")
    static let level = TextTokens.hash("level")
    static let forWord = TextTokens.hash("for")
    static let regulation = TextTokens.hash("regulation")
    static let enriched = TextTokens.hash("enriched")
    static let gain = TextTokens.hash("gain")
    static let mmrStates: [UInt64: String] = [
        TextTokens.hash("proficient"): "pMMR", TextTokens.hash("deficient"): "dMMR", TextTokens.hash("deficiency"): "dMMR",
    ]
    static let regulated = TextTokens.hash("regulated")
    static let upDown: Set<UInt64> = [TextTokens.hash("up"), TextTokens.hash("down")]
    static let exonForms: [UInt64: String] = [
        TextTokens.hash("deletion"): "deletion", TextTokens.hash("deletions"): "deletion", TextTokens.hash("del"): "deletion",
        TextTokens.hash("insertion"): "insertion", TextTokens.hash("insertions"): "insertion", TextTokens.hash("ins"): "insertion",
        TextTokens.hash("skipping"): "skipping",
    ]
    /// States written before a gene, right next to it: "mutated KRAS", "amplified MYC", "high TMB".
    static let leadingKinds: Set<String> = ["underexpression", "overexpression", "mutation", "amplification", "fusion", "deletion", "methylation"]
    static let ofWords: Set<UInt64> = Set(["of", "in", "for"].map { TextTokens.hash(Substring($0)) })
    /// "<word> of GENE" and the state it gives.
    static let ofStates: [UInt64: String] = {
        var states: [UInt64: String] = [:]
        for (words, kind) in [
            (["expression", "upregulation", "downregulation", "expressions", "staining", "immunoreactivity"], "expression"),
            (["overexpression"], "overexpression"), (["loss", "inactivation"], "loss"),
            (["amplification", "amplifications", "gain", "gains"], "amplification"),
            (["deletion", "deletions"], "deletion"), (["mutation", "mutations", "variants"], "mutation"),
            (["fusion", "fusions", "rearrangement", "rearrangements"], "fusion"), (["methylation", "hypermethylation"], "methylation"),
            (["positive", "positivity"], "positive"), (["negative", "negativity"], "negative"),
        ] {
            for word in words { states[TextTokens.hash(Substring(word))] = kind }
        }
        return states
    }()
    static let negations: Set<UInt64> = Set(
        ["no", "without", "absence", "absent", "lack", "lacking", "not", "non", "none", "neither", "nor"].map { TextTokens.hash(Substring($0)) })
    /// "testing for", "screened for": what a test looks for is not what it found.
    static let assays: Set<UInt64> = Set(
        ["test", "tests", "tested", "testing", "screened", "screening", "assessed", "evaluated", "analyzed", "analysed", "assay", "genotyped"].map {
            TextTokens.hash(Substring($0))
        })
    /// Words between a gene and its state in a sentence: "KRAS was mutated", "p53 was highly expressed".
    static let verbFillers: Set<UInt64> = Set(
        ["was", "were", "is", "are", "be", "been", "significantly", "highly", "also", "markedly", "frequently", "mainly", "aberrantly"].map {
            TextTokens.hash(Substring($0))
        })
    static let notFusionAfter: Set<UInt64> = Set(
        [
            "inhibitor", "inhibitors", "inhibition", "blocker", "blockers", "antibody", "antibodies", "bispecific", "targeting", "targeted",
            "dual", "axis", "pathway", "pathways", "signaling", "signalling", "interaction", "interactions", "complex", "binding", "ligand",
            "ligands", "tki", "tkis",
        ].map { TextTokens.hash(Substring($0)) })

    /// Genes whose hyphenated pairs are fusions: the kinase and transcription-factor partners of
    /// diagnostic fusions (WHO classifications).
    static let fusionPartners: Set<String> = [
        "ALK", "ROS1", "RET", "NTRK1", "NTRK2", "NTRK3", "BRAF", "FGFR1", "FGFR2", "FGFR3", "ABL1", "BCR", "EWSR1", "FLI1", "ERG", "ETV6",
        "PML", "RARA", "NUTM1", "TMPRSS2", "EML4", "KIF5B", "CCDC6", "NRG1", "MET", "KMT2A", "RUNX1", "CBFB", "MYH11", "SS18", "PAX3",
        "PAX8", "FOXO1", "DDIT3", "FUS", "NCOA4", "CD74", "SLC34A2", "EZR", "KIAA1549", "WT1", "NAB2", "STAT6", "TFE3", "TFEB", "MYB",
        "NFIB", "MAML2", "CRTC1", "YAP1", "TAZ", "WWTR1", "CAMTA1",
    ]

    /// The clinical names of MSI, TMB and MMR states: "MSI positive" is MSI-H, "TMB high" TMB-high.
    static func stateDisplay(_ symbol: String, _ kind: String) -> String {
        switch (symbol, kind) {
        case ("MSI", "positive"), ("MSI", "overexpression"): return "MSI-H"
        case ("MSI", "negative"), ("MSI", "underexpression"): return "MSS"
        case ("TMB", "positive"), ("TMB", "overexpression"): return "TMB-high"
        case ("TMB", "negative"), ("TMB", "underexpression"): return "TMB-low"
        case ("MMR", "deletion"), ("MMR", "negative"), ("MMR", "loss"): return "dMMR"
        case ("MMR", "positive"): return "pMMR"
        // A mismatch-repair protein negative on IHC is its loss (the staining is absent).
        case ("MLH1", "negative"), ("MSH2", "negative"), ("MSH6", "negative"), ("PMS2", "negative"): return "\(symbol) loss"
        default: return "\(symbol) \(kind)"
        }
    }

    /// A state the biomarker's own name carries ("dMMR", "MSI-high", "TMB-H"), or nil.
    static func namedState(_ symbol: String, _ named: String) -> String? {
        switch symbol {
        case "MMR":
            if named.hasPrefix("dmmr") || named.contains("deficien") { return "dMMR" }
            if named.hasPrefix("pmmr") || named.contains("proficien") { return "pMMR" }
        case "MSI":
            if named.hasSuffix("-h") || named.hasSuffix("high") { return "MSI-H" }
            // "microsatellite instability" names the test, not a result; "stable"/"stability" is MSS.
            if named.hasSuffix("instability") || named.hasSuffix("unstable") { return nil }
            if named == "mss" || named.hasSuffix("stable") || named.hasSuffix("stability") { return "MSS" }
        case "TMB": if named.hasSuffix("-h") || named.hasSuffix("high") { return "TMB-high" }
        case "BRCA": if named.hasSuffix("m") { return "BRCA mutation" }
        default: break
        }
        // An alias with its state in it: "BRCA-mutated", "FLT3-ITD", "EML4-ALK".
        if named.hasSuffix("mutated") || named.hasSuffix("mutant") { return "\(symbol) mutation" }
        if named.hasSuffix("-itd") || named.hasSuffix(" itd") { return "\(symbol)-ITD" }
        if named.hasSuffix("-tkd") || named.hasSuffix(" tkd") { return "\(symbol)-TKD" }
        if named.contains("-"), !named.hasPrefix("c-"), fusionPartners.contains(symbol), named.count > symbol.count + 3 { return "\(symbol) fusion" }
        return nil
    }

    /// "SDHB … with the mutation c.600G>T; p.Trp200Cys", "KIT:c.2466T>A[p.Asn822Lys]": a change
    /// written in HGVS `p.` form away from its gene belongs to the nearest gene before it in the
    /// sentence. Bare one-letter changes ("W200C") are not read this way: alone they may be anything.
    func orphanChanges(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], _ found: [Found], into tags: inout TagSet) {
        let list = tokens.tokens
        let bytes = tokens.bytes
        guard !mentions.isEmpty else { return }
        let consumed = Set(found.flatMap { $0.changes.flatMap { Array($0.1) } })
        for index in list.indices where list[index].end - list[index].start == 1 && bytes[list[index].start] == UInt8(ascii: "p") {
            guard !consumed.contains(index), !consumed.contains(index + 1), tokens.byte(after: index) == UInt8(ascii: "."),
                let change = ProteinChange.parse(tokens, index), change.length == 2
            else { continue }
            // The nearest gene before it, within 20 words and the same sentence (". " ends one;
            // the dots of "c." and "p." and the colon of "KIT:c." do not).
            var gene: Int?
            var position = index - 1
            while position >= max(0, index - 20) {
                if let mention = mentions.last(where: { $0.range.upperBound - 1 == position }) {
                    gene = mention.gene
                    break
                }
                let gap = bytes[list[position].end..<list[position + 1].start]
                if gap.count >= 2, gap.first == UInt8(ascii: "."), gap.dropFirst().first == 0x20 { break }
                position -= 1
            }
            // "p.Arg175His in TP53": the gene named right after it wins over one before.
            let next = index + change.length
            if next + 1 < list.count, Self.ofWords.contains(list[next].hash), let mention = mentions.first(where: { $0.range.lowerBound == next + 1 })
            {
                gene = mention.gene
            }
            guard let gene else { continue }
            let symbol = self.gene(gene).symbol
            let range = index..<(index + change.length)
            let evidence = TagSet.Evidence(
                start: list[index].start, end: list[index + 1].end, text: tokens.text(range), rule: "HGVS protein change after its gene")
            tags.add(\.alterations, "\(symbol) \(change.name)", evidence)
            tags.add(\.alterations, "\(symbol) mutation", evidence)
        }
    }

    /// "triple-negative", "triple negative", "TNBC": negative for ER, PR and HER2 together.
    func tripleNegative(_ tokens: TextTokens, into tags: inout TagSet) {
        let list = tokens.tokens
        for (index, token) in list.enumerated() {
            let isTNBC = token.hash == Self.tnbc
            guard isTNBC || (token.hash == Self.triple && index + 1 < list.count && cues[list[index + 1].hash] == "negative") else { continue }
            let range = index..<(isTNBC ? index + 1 : index + 2)
            tags.add(
                \.alterations, "triple negative",
                TagSet.Evidence(
                    start: list[range.lowerBound].start, end: list[range.upperBound - 1].end, text: tokens.text(range), rule: "triple negative"))
        }
    }

    static let triple = TextTokens.hash("triple")
    static let tnbc = TextTokens.hash("tnbc")

    /// Words that may sit between a gene and its alteration: "HER2 gene amplification", "EGFR exon mutation".
    static let fillers: Set<UInt64> = Set(
        [
            "gene", "protein", "status", "receptor", "somatic", "germline", "activating", "inactivating", "promoter", "point", "ihc", "exon", "co",
            "homozygous", "heterozygous", "biallelic", "focal", "deep", "copy", "number",
            "hotspot", "type", "strong",
            "strongly", "weak", "weakly",
        ].map {
            TextTokens.hash(Substring($0))
        })

    /// "expression" after "low" or "over" is part of that; positive + overexpression stays both.
    func resolve(_ kinds: [(String, Range<Int>, String)], gene: Ontology.Gene) -> [(String, Range<Int>, String)] {
        var result: [(String, Range<Int>, String)] = []
        let names = Set(kinds.map(\.0))
        for kind in kinds {
            if kind.0 == "expression" && (names.contains("underexpression") || names.contains("overexpression")) { continue }
            if kind.0 == "ultralow" && names.contains("underexpression") && gene.symbol == "HER-2" {
                // "ultra-low" splits as ultra + low: it is ultralow, not low.
                result.removeAll { $0.0 == "underexpression" }
            }
            if kind.0 == "underexpression" && names.contains("ultralow") { continue }
            if result.contains(where: { $0.0 == kind.0 }) { continue }
            result.append(kind)
        }
        return result
    }

    /// HER2 IHC/ISH scores: 1+ and 2+/ISH- are HER2-low, 3+ and 2+/ISH+ positive, 0+ ultralow, 0 null.
    func her2Scores(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let bytes = tokens.bytes
        let list = tokens.tokens
        for (index, token) in list.enumerated() {
            // "IHC2+", "IHC 1+": the score glued to IHC reads as the two words.
            let glued = token.end - token.start == 4 && Self.ihcScores.contains(token.hash)
            guard token.end - token.start == 1 || glued, let digit = Optional(bytes[token.end - 1]), (0x30...0x33).contains(digit) else { continue }
            // A score is "IHC n", "HER2 n+" or "n+" after IHC within 3 words.
            let plus = token.end < bytes.count && bytes[token.end] == UInt8(ascii: "+")
            let nearIHC = glued || (max(0, index - 3)..<index).contains { list[$0].hash == Self.ihc || list[$0].hash == Self.her2 }
            guard nearIHC, plus || digit == 0x30 else { continue }
            // A bare 0 is a score only right after IHC, HER2 or "score", and not a count or a
            // number ("HER2-low, 0 of 40 patients", "n=0", "0.7"): a hostile week found those
            // tagged HER2-negative.
            if digit == 0x30 && !plus && (glued || !bareZeroIsScore(tokens, at: index)) { continue }
            let kind: String
            switch digit {
            case 0x31: kind = "underexpression"
            case 0x32: kind = ishNegative(tokens, after: index) ? "underexpression" : ishPositive(tokens, after: index) ? "positive" : "expression"
            case 0x33: kind = "positive"
            // "IHC 0 with faint, incomplete membrane staining" is ultralow, "IHC 0" alone null.
            default: kind = plus || membraneStaining(tokens, after: index) ? "ultralow" : "negative"
            }
            if digit == 0x32 && kind == "expression" { continue }
            let range = max(0, index - 1)..<min(list.count, index + 1)
            tags.add(
                \.alterations, "HER-2 \(kind)",
                TagSet.Evidence(
                    start: list[range.lowerBound].start, end: token.end + (plus ? 1 : 0), text: tokens.text(range), rule: "HER2 IHC/ISH score"))
        }
    }

    /// "with (faint, incomplete) membrane staining" within the next words: HER2-ultralow's definition.
    func membraneStaining(_ tokens: TextTokens, after index: Int) -> Bool {
        let list = tokens.tokens
        let window = (index + 1)..<min(list.count, index + 7)
        return window.contains { list[$0].hash == Self.membrane } && window.contains { list[$0].hash == Self.staining }
    }

    func bareZeroIsScore(_ tokens: TextTokens, at index: Int) -> Bool {
        let list = tokens.tokens
        let bytes = tokens.bytes
        guard index > 0, [Self.ihc, Self.her2, Self.score].contains(list[index - 1].hash) else { return false }
        // The 0 and its predecessor are separated by a space, a colon or "=" at most, not a comma.
        let between = bytes[list[index - 1].end..<list[index].start]
        guard between.allSatisfy({ $0 == 0x20 || $0 == 0x3A }) else { return false }
        let end = list[index].end
        if end < bytes.count, [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "%")].contains(bytes[end]),
            end + 1 >= bytes.count || (0x30...0x39).contains(bytes[end + 1]) || bytes[end] == UInt8(ascii: "%")
        {
            return false
        }
        if index + 1 < list.count, [Self.of, Self.patients].contains(list[index + 1].hash) { return false }
        return true
    }

    static let score = TextTokens.hash("score")
    static let ihcScores: Set<UInt64> = Set(["ihc0", "ihc1", "ihc2", "ihc3"].map { TextTokens.hash(Substring($0)) })
    static let patients = TextTokens.hash("patients")
    static let ihc = TextTokens.hash("ihc")
    static let her2 = TextTokens.hash("her2")
    static let ish = TextTokens.hash("ish")
    static let fish = TextTokens.hash("fish")
    static let negativeWord = TextTokens.hash("negative")
    static let positiveWord = TextTokens.hash("positive")
    static let amplified = TextTokens.hash("amplified")
    static let nonamplified = TextTokens.hash("nonamplified")

    func ishNegative(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: true)
    }

    func ishPositive(_ tokens: TextTokens, after index: Int) -> Bool {
        ishResult(tokens, after: index, negative: false)
    }

    /// "2+/ISH-", "2+ and ISH-negative", "2+ without amplification", "2+/ISH+", "2+ amplified".
    func ishResult(_ tokens: TextTokens, after index: Int, negative: Bool) -> Bool {
        let list = tokens.tokens
        let window = (index + 1)..<min(list.count, index + 6)
        for position in window {
            let hash = list[position].hash
            if hash == Self.ish || hash == Self.fish {
                if let next = tokens.byte(after: position) {
                    if next == UInt8(ascii: "-") || next == 0xE2 {
                        let after = tokens.byte(afterNext: position)
                        if after == nil || !TextTokens.isWordByte(after ?? 0) || next == 0xE2 { return negative }
                    }
                    if next == UInt8(ascii: "+") { return !negative }
                }
                if position + 1 < list.count {
                    let word = list[position + 1].hash
                    if word == Self.negativeWord || word == Self.non { return negative }
                    if word == Self.positiveWord || word == Self.amplified { return !negative }
                }
            }
            if hash == Self.nonamplified || hash == Self.non { return negative }
            // "2+ without gene amplification", "2+ with no amplification", "2+ amplified by ISH".
            if hash == Self.withoutWord || hash == Self.noWord,
                (position + 1..<min(list.count, position + 3)).contains(where: {
                    list[$0].hash == Self.amplification || list[$0].hash == Self.amplified
                })
            {
                return negative
            }
            // "2+ with HER2 amplification", "2+ with gene amplification": positive.
            if hash == Self.withWord, position + 1 < list.count, list[position + 1].hash != Self.noWord,
                (position + 1..<min(list.count, position + 3)).contains(where: { list[$0].hash == Self.amplification })
            {
                return !negative
            }
            // "2+ with negative in situ hybridization", "2+ and positive ISH".
            if hash == Self.negativeWord || hash == Self.positiveWord, position + 1 < list.count,
                [Self.ish, Self.fish, Self.inWord, Self.cish, Self.sish].contains(list[position + 1].hash)
            {
                return hash == Self.negativeWord ? negative : !negative
            }
        }
        return false
    }

    static let withoutWord = TextTokens.hash("without")
    static let noWord = TextTokens.hash("no")
    static let amplification = TextTokens.hash("amplification")
    static let inWord = TextTokens.hash("in")
    static let cish = TextTokens.hash("cish")
    static let sish = TextTokens.hash("sish")
    static let membrane = TextTokens.hash("membrane")
    static let staining = TextTokens.hash("staining")

    func namedVariants(_ tokens: TextTokens, _ mentions: [(range: Range<Int>, gene: Int)], into tags: inout TagSet) {
        let list = tokens.tokens
        var index = 0
        while index < list.count {
            guard let (entry, length) = variants.match(list, at: index) else {
                index += 1
                continue
            }
            // "KRAS non-G12C" names what the tumour does not have.
            // "None of the patients harbored BRAF V600E", "exon 20 insertion-negative".
            let deniedAfter = index + length < list.count && cues[list[index + length].hash] == "negative"
            let geneBefore = mentions.last { $0.range.upperBound == index }
            let denied = deniedAfter || isNegated(tokens, before: geneBefore?.range.lowerBound ?? index)
            if index > 0, list[index - 1].hash == Self.non || denied {
                index += length
                continue
            }
            // The nearest gene named before it wins for shared variants (exon 20 insertion: EGFR or HER2).
            var gene = entry.payload.gene
            if let near = mentions.last(where: { $0.range.upperBound <= index && index - $0.range.upperBound <= 4 }) {
                let symbol = self.gene(near.gene).symbol
                if entry.payload.name.lowercased().hasPrefix("exon 20") && (symbol == "HER-2" || symbol == "EGFR") { gene = symbol }
            }
            let name = entry.payload.name.lowercased().hasPrefix("exon") ? entry.payload.name.lowercased() : entry.payload.name
            let range = index..<(index + length)
            tags.add(
                \.alterations, "\(gene) \(Self.canonicalVariant(name))",
                TagSet.Evidence(start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range), rule: "named variant"))
            // "V600E-mutant", "T790M-positive", "exon 20 insertion mutations": the gene gets that kind too.
            if index + length < list.count, let kind = cues[list[index + length].hash], kind == "mutation" || kind == "positive" {
                tags.add(
                    \.alterations, "\(gene) \(kind)",
                    TagSet.Evidence(
                        start: list[index].start, end: list[index + length].end, text: tokens.text(index..<(index + length + 1)),
                        rule: "named variant + \(kind) cue"))
            }
            if !tags.genes.contains(where: { $0.display.hasPrefix(gene + " (") }), let known = geneIndex(symbol: gene).map(self.gene) {
                tags.add(
                    \.genes, known.display,
                    TagSet.Evidence(
                        start: list[index].start, end: list[index + length - 1].end, text: tokens.text(range), rule: "gene of a named variant"))
            }
            index += length
        }
    }

    /// "exon 19 deletions" → "exon 19 deletion"; "ex19del" → "exon 19 deletion".
    static func canonicalVariant(_ name: String) -> String {
        switch name.lowercased() {
        case "exon 19 deletions", "exon 19 del", "ex19del", "19del", "del19", "e19del": return "exon 19 deletion"
        case "exon 20 insertions", "ex20ins", "20ins": return "exon 20 insertion"
        case "metex14": return "exon 14 skipping"
        default: return name
        }
    }
}

import FeedModel
import Foundation

/// The generated genes (GeneratedGenes.swift) indexed for tagging: their forms, the phrase index
/// over them and their symbols. Gene numbers run on from the curated genes'
/// (`ontology.genes.count + i`), so a mention names either kind with one integer.
/// A class: read once per tagged text and passed down, not copied field by field per word.
final class Lexicon: Sendable {
    let genes: [Ontology.Gene]
    /// The forms as written (case is checked on a match), names lower-cased.
    let forms: [LexiconForm]
    let index: PhraseIndex<Tagger.Concept>
    /// Index into ``genes`` by upper-cased symbol.
    let bySymbol: [String: Int]

    /// Never under a phrase the curated vocabulary already uses: curated names keep priority.
    init(genes: [Ontology.Gene], offset: Int, curatedConcepts: PhraseIndex<Tagger.Concept>) {
        self.genes = genes
        var index = PhraseIndex<Tagger.Concept>(minimumCapacity: 1 << 17)
        var forms: [LexiconForm] = []
        var bySymbol: [String: Int] = [:]
        for (position, gene) in genes.enumerated() {
            if bySymbol[gene.symbol.uppercased()] == nil { bySymbol[gene.symbol.uppercased()] = position }
            var written = [(gene.symbol, LexiconForm.Kind.symbol)] + gene.aliases.map { ($0, .alias) }
            if let name = gene.textName { written.append((name.lowercased(), .name)) }
            for (text, kind) in written {
                let form = forms.count
                forms.append(LexiconForm(text: text, kind: kind))
                for variant in LexiconForm.variants(of: text, kind) {
                    let hashes = TextTokens.hashes(of: variant)
                    if !curatedConcepts.contains(hashes: hashes) && !index.contains(hashes: hashes) {
                        index.insert(hashes: hashes, .lexicon(offset + position, form: form))
                    }
                }
            }
        }
        index.freeze(firstWords: index.multiFirstWords)
        self.index = index
        self.forms = forms
        self.bySymbol = bySymbol
    }
}

/// Builds the ``Lexicon`` on first use, once, for every thread: reading and indexing 20,000
/// genes costs 0.25 s, which commands that never tag (search, show, stats, digest) should not pay.
final class LexiconBox: @unchecked Sendable {
    private let lock = NSLock()
    private var built: Lexicon?
    private let url: URL?
    private let curated: [Ontology.Gene]
    private let curatedConcepts: PhraseIndex<Tagger.Concept>

    init(url: URL?, curated: [Ontology.Gene], curatedConcepts: PhraseIndex<Tagger.Concept>) {
        self.url = url
        self.curated = curated
        self.curatedConcepts = curatedConcepts
    }

    var value: Lexicon {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        // One per process for the same files: every store a process opens builds a tagger.
        let key = "\(url?.path ?? "")|\(curated.count)|\(curated.map(\.symbol).joined(separator: ","))"
        let lexicon = Self.shared.withLock { cache in
            if let cached = cache[key] { return cached }
            let genes = url.map { Ontology.generatedGenes($0, curated: curated) } ?? []
            let lexicon = Lexicon(genes: genes, offset: curated.count, curatedConcepts: curatedConcepts)
            cache[key] = lexicon
            return lexicon
        }
        built = lexicon
        return lexicon
    }

    private static let shared = LockedCache()

    private final class LockedCache: @unchecked Sendable {
        private let lock = NSLock()
        private var cache: [String: Lexicon] = [:]

        func withLock<T>(_ body: (inout [String: Lexicon]) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&cache)
        }
    }
}

import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Search: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search papers and trials by free text, tags (biomarker, gene, drug, phase, type), day and feed.",
            discussion: "Words must all match; \"quoted words\" match as a phrase; word* matches a prefix. Without TEXT, lists the newest.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Words to find, e.g. HER2-low trastuzumab.")
        var text: [String] = []

        @Option(
            help: ArgumentHelp(
                "Only entries bmfeed stored since a day, time or span: 2026-11-01, 7d, 2w (what is new to you, whatever its publication date).",
                valueName: "day|Nd"))
        var since: Since?

        @Option(
            help: ArgumentHelp(
                "Only entries published (PubMed entrez date, trial last update posted) since a day or span.", valueName: "day|Nd"))
        var publishedSince: Since?

        @Option(help: "Only entries found by this feed.")
        var feed: String?

        @Option(
            help: ArgumentHelp("Only entries tagged with this biomarker (any synonym: HER2-low, \"HER-2 underexpression\").", valueName: "alteration")
        )
        var biomarker: [String] = []

        @Option(help: ArgumentHelp("Only entries tagged with this gene (HER2, ERBB2, HER-2 …).", valueName: "gene"))
        var gene: [String] = []

        @Option(help: ArgumentHelp("Only entries tagged with this drug (T-DXd, Enhertu, DS-8201a …).", valueName: "drug"))
        var drug: [String] = []

        @Option(help: ArgumentHelp("Only entries of this phase: P1, P1/2, P2, P2/3, P3, P4, P=N/A.", valueName: "phase"))
        var phase: [String] = []

        @Option(
            help: ArgumentHelp("Only entries of this type: Review, Meta-analysis, Clinical, P3 data, Preclinical, Retracted …", valueName: "type"))
        var type: [String] = []

        @Option(help: "At most this many results.")
        var limit = 20

        @Option(help: "Skip this many results (paging).")
        var offset = 0

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Add each tag's evidence (span, text, rule) to every entry.")
        var explain = false

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit takes 1 to 10000") }
            guard (0...1_000_000).contains(offset) else { throw ValidationError("--offset takes 0 to 1000000") }
            // Bounded so no query can take minutes or gigabytes: a search is words, not a document.
            let words = text.joined(separator: " ")
            guard words.count <= 1_000, words.split(whereSeparator: \.isWhitespace).count <= 50 else {
                throw ValidationError("search text takes at most 50 words and 1000 characters")
            }
            for (name, values) in [("biomarker", biomarker), ("gene", gene), ("drug", drug), ("phase", phase), ("type", type)] {
                if values.count > 20 { throw ValidationError("--\(name) is given \(values.count) times; at most 20") }
                if let long = values.first(where: { $0.count > 200 }) {
                    throw ValidationError("--\(name) \(long.prefix(20))…: a name of \(long.count) characters; at most 200")
                }
            }
        }

        func execute() async throws {
            let workspace = try global.workspace(create: false, readOnly: true)
            let now = workspace.clock.now()
            let today = CalendarDay(now)
            let query = SearchQuery(
                text: text.isEmpty ? nil : text.joined(separator: " "), since: publishedSince?.day(today: today), feed: feed,
                firstSeen: since.map { $0.instant(now: now)..<Date.distantFuture }, limit: limit, offset: offset)
            let hits = try await workspace.search(
                query, filters: [(.alterations, biomarker), (.genes, gene), (.drugs, drug), (.phases, phase), (.types, type)])
            let entries = try await EntryBuilder(today: today, explain: explain).entries(hits, store: workspace.store)
            switch format {
            case .json:
                try printJSON(entries)
            case .text:
                let layout = EntryText(width: Terminal.width(), style: Terminal.style())
                print(entries.map(layout.render).joined(separator: "\n"), terminator: "")
                if hits.isEmpty { printStatus("no matches") }
            }
        }
    }
}

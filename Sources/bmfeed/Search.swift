import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search papers and trials by free text, tags (biomarker, gene, drug, phase, type), day and feed.",
            discussion: "Words must all match; \"quoted words\" match as a phrase; word* matches a prefix. Without TEXT, lists the newest.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Words to find, e.g. HER2-low trastuzumab.")
        var text: [String] = []

        @Option(help: ArgumentHelp("Only entries since a day or span: 2026-11-01, 7d, 2w.", valueName: "day|Nd"))
        var since: String?

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

        func run() async throws {
            BMFeed.bootstrapLogging(verbose: global.verbose)
            try await reportingFailures {
                let today = CalendarDay(Date())
                let tagger = try global.entryTagger()
                let store = try global.openStore(try global.optionalConfig(), create: false)
                var query = SearchQuery(
                    text: text.isEmpty ? nil : text.joined(separator: " "), since: try parseSince(since, today: today),
                    feed: feed, tags: try tagFilters(tagger), limit: limit)
                query.offset = offset
                let hits = try await store.search(query)
                switch format {
                case .json:
                    try printJSON(hits)
                case .text:
                    let formatter = EntryFormatter(today: today, tagger: tagger)
                    print(hits.map { formatter.entry($0) }.joined(separator: "\n"), terminator: "")
                    if hits.isEmpty { printStatus("no matches") }
                }
            }
        }

        /// Resolves what the user typed to display tags through the tagger: any synonym works.
        private func tagFilters(_ entryTagger: EntryTagger?) throws -> [TagFilter] {
            let wanted: [(String, [String])] = [("alterations", biomarker), ("genes", gene), ("drugs", drug), ("phases", phase), ("types", type)]
            guard wanted.contains(where: { !$0.1.isEmpty }) else { return [] }
            guard let tagger = entryTagger?.tagger else {
                throw ValidationError("tag filters need the ontology in \(global.ontologyURL.path)")
            }
            var filters: [TagFilter] = []
            for (kind, values) in wanted {
                for value in values {
                    if let resolved = tagger.tag(value).displays[kind]?.first {
                        filters.append(TagFilter(kind: kind, value: resolved))
                    } else if let suggestion = Suggestions.nearest(value, kind: kind, ontology: tagger.ontology) {
                        throw ValidationError("no \(Suggestions.noun(kind)) \"\(value)\"; did you mean \(suggestion)?")
                    } else {
                        filters.append(TagFilter(kind: kind, value: value))
                    }
                }
            }
            return filters
        }
    }
}

import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct Ingest: BMFeedCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load PubMed XML or ClinicalTrials.gov JSON files into the store.",
            discussion: """
                --pubmed: efetch output, baseline or update files, .xml or .xml.gz of any size, streamed. \
                --ctgov: API v2 JSON (a study, a list page with studies, JSONL with one study per line, streamed) or \
                classic full_studies JSON. A file that breaks keeps its complete records and makes the exit code 1.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("PubMed XML files.", valueName: "file"))
        var pubmed: [String] = []

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("ClinicalTrials.gov API v2 JSON or JSONL files.", valueName: "file"))
        var ctgov: [String] = []

        @Argument(
            help: ArgumentHelp(
                "Files sorted by their names: .xml(.gz) as PubMed, .json/.jsonl/.ndjson(.gz) as ClinicalTrials.gov.", valueName: "file"))
        var files: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Report how many of the stored entries belong to this feed of feeds.yml.",
                discussion: "Entries join a feed by their tags (the feed's biomarker, drugs, genes), never because of this option."))
        var feed: String?

        @Flag(name: .long, help: "Parse and count the records without storing them (checks files; measures the parser).")
        var dryRun = false

        func validate() throws {
            if pubmed.isEmpty && ctgov.isEmpty && files.isEmpty {
                throw ValidationError("name at least one file: bmfeed ingest FILE..., or --pubmed FILE... / --ctgov FILE...")
            }
            for file in files where Self.kind(of: file) == nil {
                throw ValidationError(
                    "\(file): cannot tell PubMed from ClinicalTrials.gov by its name; pass it as --pubmed \(file) or --ctgov \(file)")
            }
            if dryRun && !(ctgov + files.filter { Self.kind(of: $0) == .ctgov }).isEmpty {
                throw ValidationError("--dry-run applies to PubMed files only")
            }
        }

        enum Kind { case pubmed, ctgov }

        /// What a file name says it holds.
        static func kind(of file: String) -> Kind? {
            var name = file.lowercased()
            if name.hasSuffix(".gz") { name.removeLast(3) }
            if name.hasSuffix(".xml") { return .pubmed }
            if [".json", ".jsonl", ".ndjson"].contains(where: name.hasSuffix) { return .ctgov }
            return nil
        }

        func execute() async throws {
            let pipeline: IngestPipeline
            var workspace: Workspace?
            if dryRun {
                pipeline = IngestPipeline(store: try SQLiteStore.inMemory(), tagger: nil, logger: logger)
            } else {
                workspace = try global.workspace(needsConfig: feed != nil)
                pipeline = workspace!.pipeline()
            }
            // A feed named here must exist before anything is read.
            let target = try feed.flatMap { name in try workspace?.feeds(named: name).first }
            var failed = 0
            for file in pubmed + files.filter({ Self.kind(of: $0) == .pubmed }) {
                let progress = ProgressLine()
                do {
                    let summary = try await pipeline.ingestPubMed(file: file, dryRun: dryRun) { progress.report($0) }
                    progress.finish()
                    printStatus(describe(summary, file: file))
                    // A refused record is named and makes the exit code 1; every other record is kept.
                    for rejected in summary.rejected { printError(rejected) }
                    if !summary.rejected.isEmpty { failed += 1 }
                } catch let error as PubMedParseError {
                    progress.finish()
                    printError(error.description)
                    failed += 1
                }
            }
            for file in ctgov + files.filter({ Self.kind(of: $0) == .ctgov }) {
                do {
                    let outcome = try await pipeline.ingestTrials(file: file)
                    let summary = outcome.summary
                    printStatus(
                        "\(file): \(counted(summary.stored, "study", "studies")) (\(counted(summary.newTrials, "new trial")), \(counted(summary.newVersions, "new version")), "
                            + "\(summary.unchanged) unchanged, \(counted(summary.changes.count, "change")))")
                    for problem in outcome.problems { printError(problem.description) }
                    if !outcome.problems.isEmpty { failed += 1 }
                } catch let error as TrialParseError {
                    printError(error.description)
                    failed += 1
                }
            }
            if let target, let workspace {
                let members = try await workspace.store.search(
                    SearchQuery(feed: target.name, feedTags: target.tagGroups, limit: Int.max))
                let papers = members.filter { $0.article != nil }.count
                printStatus(
                    "\(target.name): \(papers) papers and \(members.count - papers) trials in the store belong to the feed (tagged \(target.biomarker))"
                )
            }
            if failed > 0 { throw ExitCode(1) }
        }

        private func describe(_ summary: SaveSummary, file: String) -> String {
            if dryRun { return "\(file): \(counted(summary.stored, "record")) (dry run: nothing stored)" }
            var text =
                "\(file): \(counted(summary.stored, "record")) (\(summary.inserted) new, \(summary.updated) updated, \(summary.unchanged) unchanged)"
            if summary.deleted > 0 { text += ", \(summary.deleted) deleted" }
            if !summary.rejected.isEmpty { text += ", \(summary.rejected.count) not stored (below)" }
            return text
        }
    }
}

/// Ingest progress on stderr. On a terminal one line updated in place (percent, records, rate,
/// time left), cleared when the file is done; elsewhere (cron, a pipe) a plain line every 10 s.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now
    private var shown = false
    private let inPlace = Terminal.stderrIsTTY

    func report(_ progress: IngestPipeline.Progress) {
        lock.lock()
        defer { lock.unlock() }
        guard last.duration(to: .now) > (inPlace ? .milliseconds(200) : .seconds(10)) else { return }
        last = .now
        var text = (progress.file as NSString).lastPathComponent + ": "
        if let fraction = progress.fraction { text += String(format: "%3.0f%% ", fraction * 100) }
        text += String(format: "%d records, %.0f records/s", progress.records, progress.recordsPerSecond)
        if let left = progress.secondsLeft { text += ", " + Self.duration(left) + " left" }
        if inPlace {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            shown = true
        } else {
            printStatus(text)
        }
    }

    /// Clears the in-place line before the file's summary is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) : String(format: "%d:%02d", total / 60, total % 60)
    }
}

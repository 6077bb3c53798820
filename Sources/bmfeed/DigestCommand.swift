import ArgumentParser
import FeedKit
import Foundation

extension BMFeed {
    struct DigestCommand: BMFeedCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "What is new for each feed: papers first stored and trial changes detected in a window.",
            discussion: """
                Formats: text (terminal), markdown (mail, GitHub), html (one self-contained page), json (the documented \
                schema), atom (RFC 4287, one feed per document: use --feed, or --output DIR for one file per feed). \
                --now fixes the clock, so the same store always gives the same digest.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, html, json, atom
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only this feed.")
        var feed: String?

        @Option(help: ArgumentHelp("Start of the window: a day, an ISO 8601 time, or a span back from --now (default 1d).", valueName: "day|time|Nd"))
        var since = Since(argument: "1d")!

        @Option(help: ArgumentHelp("End of the window (default: now).", valueName: "day"))
        var until: String?

        @Option(help: "text, markdown, html, json or atom.")
        var format: Format = .text

        @Option(help: ArgumentHelp("Write here instead of stdout (a folder for atom over several feeds).", valueName: "path"))
        var output: String?

        @Option(help: ArgumentHelp("The clock, ISO 8601 (2026-11-24T09:00:00Z); default $BMFEED_NOW, else the real time.", valueName: "time"))
        var now: String?

        @Flag(help: "Put the watch alerts of the same window first (what `watch check` reports for it).")
        var watch = false

        @Option(help: ArgumentHelp("A line to print above everything, e.g. \"Fetch failed: …\" (repeatable).", valueName: "text"))
        var notice: [String] = []

        @Flag(help: "Add each tag's evidence (span, text, rule) to every entry.")
        var explain = false

        @Option(help: ArgumentHelp("Wrap text at this many columns (default: the terminal's width, else $COLUMNS, else 100).", valueName: "n"))
        var width: Int?

        func execute() async throws {
            let workspace = try global.workspace(needsConfig: true, create: false, readOnly: true)
            let clock = try now.map(parseInstant) ?? workspace.clock.now()
            let from = since.instant(now: clock)
            let to =
                try until.map { text -> Date in
                    guard let day = CalendarDay(iso: text) else { throw ValidationError("--until \(text): write a day, e.g. 2026-11-24") }
                    return day.date
                } ?? clock
            guard from < to else {
                throw ValidationError(
                    "the window is empty: it starts \(DigestRenderer.stamp(from)) and ends \(DigestRenderer.stamp(to)); --since must be before --until/--now"
                )
            }
            let digest = try await workspace.digest(
                feed: feed, from: from, to: to, now: clock, alerts: watch, notices: notice, explain: explain)
            let entries = digest.sections.reduce(0) { $0 + $1.entries.count }
            let alerts = digest.alerts.isEmpty ? "" : ", \(digest.alerts.count) watch \(digest.alerts.count == 1 ? "alert" : "alerts")"
            switch format {
            case .text:
                let style = output == nil ? Terminal.style() : .plain
                try emit(DigestRenderer.text(digest, width: width.map { max(40, $0) } ?? Terminal.width(), style: style))
            case .markdown: try emit(DigestRenderer.markdown(digest))
            case .html: try emit(DigestRenderer.html(digest))
            case .json: try emit(try DigestRenderer.json(digest))
            case .atom: try emitAtom(digest)
            }
            // Said once the digest is out: a failed write is not preceded by a count of what it lost.
            printStatus(
                "digest: \(entries) new \(entries == 1 ? "entry" : "entries")\(alerts) from \(DigestRenderer.stamp(from)) to \(DigestRenderer.stamp(to))"
            )
        }

        private func emit(_ text: String, to path: String? = nil) throws {
            guard let path = path ?? output else {
                print(text, terminator: "")
                return
            }
            if isDirectory(path) {
                throw WorkspaceError(message: "\(path) is a folder; --output takes a file (a folder only with --format atom, one file per feed)")
            }
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw WorkspaceError(message: "cannot write \(path): \(FileProblem.reason(error)); pass --output with a writable path")
            }
        }

        private func emitAtom(_ digest: FeedKit.Digest) throws {
            if digest.sections.count == 1, let section = digest.sections.first, output.map({ !isDirectory($0) }) ?? true {
                try emit(DigestRenderer.atom(section, generatedAt: digest.generatedAt))
                return
            }
            guard let folder = output else {
                throw WorkspaceError(message: "atom is one feed per document: pass --feed NAME, or --output DIR for one file per feed")
            }
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw WorkspaceError(
                    message: "cannot create the folder \(folder): \(FileProblem.reason(error)); pass --output with a writable folder")
            }
            for section in digest.sections {
                try emit(
                    DigestRenderer.atom(section, generatedAt: digest.generatedAt),
                    to: (folder as NSString).appendingPathComponent("\(section.feed).atom"))
            }
        }

        private func isDirectory(_ path: String) -> Bool {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
        }

        private func parseInstant(_ text: String) throws -> Date {
            if let date = Instant.parse(text) { return date }
            throw ValidationError("--now \(text): write an ISO 8601 time, e.g. 2026-11-24T09:00:00Z")
        }
    }
}

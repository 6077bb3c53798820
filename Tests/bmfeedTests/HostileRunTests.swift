import FeedKitTesting
import Foundation
import Testing

/// Runs at once, stores that are not writable, disks that fill and outputs that cannot be
/// written, through the built binary (issue 10, items 7, 8 and 10). On the code before the fix
/// two first ingests failed in 16 of 40 pairs, two watch checks reported the same change in 12
/// of 15 rounds, a read-only store could not be read and a full disk printed 8 lines of SQL.
extension EndToEndTests {
    /// Starts `bmfeed` without waiting; `wait` gives its exit status and stderr.
    private func start(_ runner: BMFeedRunner, _ arguments: [String]) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = BMFeedRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = runner.folder
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": runner.folder.path]
        let log = runner.folder.appendingPathComponent("run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, log)
    }

    private func wait(_ started: (Process, URL)) throws -> (status: Int32, output: String) {
        started.0.waitUntilExit()
        return (started.0.terminationStatus, try String(contentsOf: started.1, encoding: .utf8))
    }

    @Test func twoFirstIngestsAtOnceBothSucceed() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        for round in 0..<6 {
            let db = runner.folder.appendingPathComponent("round-\(round)/store.sqlite").path
            let runs = try (0..<2).map { _ in try start(runner, ["ingest", "--db", db, "--pubmed", BMFeedRunner.sample("her2-low.xml")]) }
            for run in runs {
                let (status, output) = try wait(run)
                #expect(status == 0, "round \(round): \(output)")
            }
            let stats = try runner.run(["stats", "--db", db, "--format", "json"])
            #expect(stats.stdout.contains("\"articles\" : 5"), "round \(round)")
        }
        // A reader while the store is being created waits for it, or finds none yet: it never
        // calls the half-made store someone else's (3 in 30 before).
        for round in 0..<10 {
            let db = runner.folder.appendingPathComponent("reader-\(round)/store.sqlite").path
            let ingest = try start(runner, ["ingest", "--db", db, "--pubmed", BMFeedRunner.sample("her2-low.xml")])
            let reader = try start(runner, ["stats", "--db", db])
            let (readStatus, readOutput) = try wait(reader)
            #expect(try wait(ingest).status == 0)
            #expect(readStatus == 0 || readOutput.contains("no store here"), "round \(round): \(readOutput)")
            #expect(!readOutput.contains("not a bmfeed store"), "round \(round): \(readOutput)")
        }
    }

    @Test func twoWatchChecksAtOnceReportEachChangeOnce() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        for round in 0..<5 {
            let db = runner.folder.appendingPathComponent("round-\(round).sqlite").path
            #expect(try runner.run(["demo", "--config", config, "--db", db]).status == 0)
            #expect(try runner.run(["watch", "add", "--config", config, "--db", db, "NCT09000101", "--no-fetch"]).status == 0)
            let runs = try (0..<2).map { _ in try start(runner, ["watch", "check", "--config", config, "--db", db]) }
            let results = try runs.map(wait)
            // Exactly one of the two reports the changes (exit 10); the other finds them claimed.
            #expect(results.map(\.status).sorted() == [0, 10], "round \(round): \(results.map(\.output))")
            #expect(results.filter { $0.output.contains("Trial completion date: Oct 2025 --> Mar 2027") }.count == 1, "round \(round)")
        }
    }

    /// A store the user may not write (someone else's, on a shared folder) is still read by the
    /// reading commands, and a writing one says why it cannot, in one line.
    @Test func aStoreTheUserCannotWriteIsStillRead() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        // Copies, not links: the checkout may sit in a folder only root can enter.
        let root = BMFeedRunner.packageRoot
        try FileManager.default.copyItem(at: root.appendingPathComponent("feeds.yml"), to: runner.folder.appendingPathComponent("feeds.yml"))
        try FileManager.default.createDirectory(at: runner.folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        for part in ["ontology", "samples"] {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("data/\(part)"), to: runner.folder.appendingPathComponent("data/\(part)"))
        }
        let config = runner.folder.appendingPathComponent("feeds.yml").path
        let folder = runner.folder.appendingPathComponent("shared")
        let db = folder.appendingPathComponent("store.sqlite").path
        #expect(try runner.run(["demo", "--config", config, "--db", db]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: runner.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let asNobody = { (arguments: [String]) in
            try BMFeedRunner.shell(
                "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", BMFeedRunner.binary.path] + arguments,
                directory: runner.folder, environment: ["PATH": "/usr/bin:/bin", "HOME": "/tmp"])
        }
        let stats = try asNobody(["stats", "--db", db])
        guard !stats.output.contains("Permission denied") || stats.status == 0 else { return }  // the binary itself is not readable by nobody
        #expect(stats.status == 0, "\(stats.output)")
        #expect(stats.output.contains("articles  8"))
        let search = try asNobody(["search", "--db", db, "HER2-low"])
        #expect(search.status == 0, "\(search.output)")
        #expect(search.output.contains("PMID 49000101"))
        let digest = try asNobody(["digest", "--config", config, "--db", db, "--since", "60d"])
        #expect(digest.status == 0, "\(digest.output)")
        #expect(digest.output.contains("HER2-low"))
        let list = try asNobody(["watch", "list", "--config", config, "--db", db])
        #expect(list.status == 0, "\(list.output)")
        let ingest = try asNobody(["ingest", "--db", db, "--pubmed", BMFeedRunner.sample("egfr.xml")])
        #expect(ingest.status == 1)
        // The last line: nobody may not read the checkout's ontology either, which warns first.
        #expect(
            ingest.output.split(separator: "\n").last.map(String.init)
                == "bmfeed: \(db): read-only here (permission denied): search, show, stats and changes can read it, nothing can write it")
    }

    /// A disk that fills mid-ingest: one line naming the store and what to do; what was committed
    /// stays readable. Needs a small tmpfs (root with mount rights); skipped otherwise.
    @Test func aFullDiskIsOneLineNamingTheStore() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let mountPoint = runner.folder.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = try BMFeedRunner.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.path])
        guard mount.status == 0 else { return }
        defer { _ = try? BMFeedRunner.shell("/bin/umount", [mountPoint.path]) }
        let input = runner.folder.appendingPathComponent("big.xml").path
        let generate = try BMFeedRunner.shell(
            "/usr/bin/python3", [BMFeedRunner.packageRoot.appendingPathComponent("scripts/gen-pubmed.py").path, input, "20"])
        #expect(generate.status == 0)
        let db = mountPoint.appendingPathComponent("store.sqlite").path
        let ingest = try runner.run(["ingest", "--db", db, "--pubmed", input])
        #expect(ingest.status == 1)
        #expect(ingest.stderr.split(separator: "\n").count == 1, "\(ingest.stderr)")
        #expect(ingest.stderr.hasPrefix("bmfeed: the store \(db): SQLite error 13: database or disk is full; free some disk space"))
        #expect(!ingest.stderr.contains("INSERT"))
        #expect(try runner.run(["stats", "--db", db]).status == 0)
    }

    @Test func aDigestThatCannotBeWrittenSaysWhereAndWhy() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        let target = runner.folder.appendingPathComponent("no/such/folder/digest.md").path
        let digest = try runner.run(["digest", "--config", config, "--db", runner.db, "--since", "30d", "--format", "markdown", "--output", target])
        #expect(digest.status == 64)
        #expect(digest.stderr == "bmfeed: cannot write \(target): no such folder; pass --output with a writable path\n")
    }

    @Test func aUTF16FileIsReadToItsEnd() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let text = try String(contentsOfFile: BMFeedRunner.sample("her2-low.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<?xml version=\"1.0\" ?>", with: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
        let path = runner.folder.appendingPathComponent("utf16.xml")
        try #require(text.data(using: .utf16)).write(to: path)
        let ingest = try runner.run(["ingest", "--db", runner.db, "--pubmed", path.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr == "\(path.path): 5 records (5 new, 0 updated, 0 unchanged)\n")
    }
}

/// What a hostile week of use found (issue 10's attack, second round): demo wiped whatever
/// `--db` named, a misspelt drug silently became another drug, ids and days that do not exist
/// were taken, and a filtered watch check hid the rest of the news for good.
extension EndToEndTests {
    @Test func demoReplacesOnlyItsOwnStores() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        let own = runner.folder.appendingPathComponent("demo.sqlite").path
        #expect(try runner.run(["demo", "--config", config, "--db", own]).status == 0)
        #expect(try runner.run(["demo", "--config", config, "--db", own]).status == 0, "demo remakes its own store")
        let folder = runner.folder.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keep = try runner.write("folder/precious.txt", "precious")
        let notes = try runner.write("notes.txt", "my notes")
        #expect(try runner.run(["ingest", "--db", runner.db, BMFeedRunner.sample("egfr.xml")]).status == 0)
        for target in [folder.path, notes, runner.db] {
            let before = FileManager.default.contents(atPath: target)
            let demo = try runner.run(["demo", "--config", config, "--db", target])
            #expect(demo.status == 64, "\(target)")
            #expect(demo.stderr.contains("demo replaces only its own stores: pass --db with a new path"), "\(demo.stderr)")
            #expect(FileManager.default.contents(atPath: target) == before)
        }
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious")
        #expect(try runner.run(["stats", "--db", runner.db]).stdout.contains("articles  3"))
    }

    @Test func namesThatAreNotWholeNamesOrRealIdsAreRefused() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        // "trastuzumab deruxtecn" holds the word trastuzumab (Herceptin): it was watched as Herceptin.
        for arguments in [
            ["watch", "add", "--drug", "trastuzumab deruxtecn", "--no-fetch"], ["search", "--drug", "trastuzumab deruxtecn"],
        ] {
            let typo = try runner.run(arguments + ["--config", config, "--db", runner.db])
            #expect(typo.status == 64, "\(arguments)")
            #expect(typo.stderr == "bmfeed: no drug \"trastuzumab deruxtecn\"; did you mean trastuzumab deruxtecan?\n")
        }
        let whole = try runner.run(["watch", "add", "--drug", "T-DXd", "--no-fetch", "--config", config, "--db", runner.db])
        #expect(whole.stderr.contains("watching drug Enhertu"))
        for id in ["NCT123", "NCT090001010"] {
            let bad = try runner.run(["watch", "add", id, "--no-fetch", "--config", config, "--db", runner.db])
            #expect(bad.status == 64)
            #expect(bad.stderr == "bmfeed: \"\(id)\" is not an NCT id (NCT and 8 digits, e.g. NCT05894239)\n")
        }
        let day = try runner.run(["digest", "--config", config, "--db", runner.db, "--since", "2026-02-30"])
        #expect(day.status == 64)
        #expect(day.stderr.hasPrefix("Error: The value '2026-02-30' is invalid for '--since"))
        let kind = try runner.run(["changes", "--config", config, "--db", runner.db, "--kind", "Dates", "--since", "60d"])
        #expect(kind.status == 0, "\(kind.stderr)")
        #expect(kind.stdout.contains("Trial completion date: Oct 2025 --> Mar 2027"))
        // Every command that takes --feed suggests the nearest (digest did not).
        let feed = try runner.run(["digest", "--config", config, "--db", runner.db, "--feed", "her2low"])
        #expect(feed.status == 64)
        #expect(feed.stderr.contains("no feed \"her2low\" in \(config); did you mean her2-low? (feeds: her2-low, egfr)"), "\(feed.stderr)")
        let folder = try runner.run(["stats", "--db", runner.folder.path])
        #expect(folder.stderr == "bmfeed: \(runner.folder.path): a folder; --db takes a store file, e.g. data/bmfeed.sqlite\n")
    }
}

extension EndToEndTests {
    /// Files that are not what their names say, each in one line that says what they are.
    @Test func awkwardFilesSayWhatTheyAre() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let study = try #require(try String(contentsOfFile: BMFeedRunner.sample("egfr.trials.jsonl"), encoding: .utf8).split(separator: "\n").first)
        let bom = runner.folder.appendingPathComponent("bom.jsonl")
        try (Data([0xEF, 0xBB, 0xBF]) + Data((study + "\n").utf8)).write(to: bom)
        let utf16 = runner.folder.appendingPathComponent("utf16.jsonl")
        try #require(String(study).data(using: .utf16)).write(to: utf16)
        let null = try runner.write("null.json", "null")
        let missing = runner.folder.appendingPathComponent("missing.xml").path
        #expect(try runner.run(["ingest", "--db", runner.db, bom.path]).status == 0)
        for (file, message) in [
            (utf16.path, "UTF-16 text; JSON Lines are UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)"),
            (null, "not a study or a list of studies (top level is not an object)"), (missing, "file not found or not readable"),
        ] {
            let ingest = try runner.run(["ingest", "--db", runner.db, file])
            #expect(ingest.status == 1)
            #expect(ingest.stderr == "bmfeed: \(file): \(message)\n")
        }
    }
}

import FlyingFox
import FlyingSocks
import Foundation
import Testing

/// The built `bmfeed`, run as a process: what users and cron see.
///
/// Serialized: a child process inherits the listening sockets of every loopback server alive in
/// the test process, and two fetch tests with servers running side by side left children spinning.
@Suite(.serialized) struct EndToEndTests {
    @Test func ingestSearchShowStats() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let ingest = try runner.run(["ingest", "--db", runner.db, "--pubmed", BMFeedRunner.sample("her2-low.xml"), BMFeedRunner.sample("egfr.xml")])
        #expect(ingest.status == 0)
        #expect(ingest.stderr.contains("her2-low.xml: 5 records (5 new, 0 updated, 0 unchanged)"))
        #expect(ingest.stderr.contains("egfr.xml: 3 records (3 new, 0 updated, 0 unchanged)"))

        let search = try runner.run(["search", "--db", runner.db, "HER2-low", "deruxtecan"])
        #expect(search.status == 0)
        #expect(search.stdout.contains("(PubMed, J Clin Oncol)"))
        #expect(search.stdout.contains("PMID 49000101"))
        #expect(!search.stdout.contains("PMID 49000201"))

        let json = try runner.run(["search", "--db", runner.db, "osimertinib", "--format", "json"])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let pmids = hits.compactMap { $0["kind"] as? String == "article" ? $0["id"] as? String : nil }
        #expect(Set(pmids) == ["49000201", "49000202", "49000203"])
        // Search JSON is the one entry layout, tags included (issue 9, item 5).
        #expect(hits.allSatisfy { ($0["drugs"] as? [String])?.contains("Tagrisso (osimertinib)") == true })

        let show = try runner.run(["show", "--db", runner.db, "49000101"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("Published     2026 Nov 20 [day]"))
        #expect(show.stdout.contains("Trials        ClinicalTrials.gov NCT09000101"))
        #expect(show.stdout.contains("RESULTS: Median OS was 23.1 months"))

        let showJSON = try runner.run(["show", "--db", runner.db, "49000101", "--format", "json"])
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(showJSON.stdout.utf8)) as? [String: Any])
        #expect((stored["rawXML"] as? String)?.hasPrefix("<PubmedArticle>") == true)
        let entry = try #require(stored["entry"] as? [String: Any])
        #expect(entry["links"] as? [String] == ["NCT09000101"])
        #expect((entry["alterations"] as? [String])?.contains("HER-2 underexpression") == true)
        #expect(show.stdout.contains("Tags\n  Types       Clinical • P3 data • Journal"))
        #expect(show.stdout.contains("Trials this paper names\n  NCT09000101  "))

        let stats = try runner.run(["stats", "--db", runner.db, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["articles"] as? Int == 8)
        #expect(object["trials"] as? Int == 0)
        #expect(object["feeds"] is [Any])

        let missing = try runner.run(["show", "--db", runner.db, "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("PMID 1 is not in"))
    }

    @Test func userTextNeverBreaksTheSearch() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        _ = try runner.run(["ingest", "--db", runner.db, "--pubmed", BMFeedRunner.sample("her2-low.xml")])
        for text in ["HER2-low AND", "\"unclosed", "NEAR(", "*", "col:umn", "T-DXd OR"] {
            let result = try runner.run(["search", "--db", runner.db, text])
            #expect(result.status == 0, "\(text): \(result.stderr)")
        }
        let since = try runner.run(["search", "--db", runner.db, "--since", "1000000d"])
        #expect(since.stdout.components(separatedBy: "PMID ").count - 1 == 5)
        // --since is "stored since": everything was stored just now, whatever its publication date.
        let stored = try runner.run(["search", "--db", runner.db, "--since", "1d"])
        #expect(stored.stdout.components(separatedBy: "PMID ").count - 1 == 5)
        let published = try runner.run(["search", "--db", runner.db, "--published-since", "1d"])
        #expect(published.stdout.components(separatedBy: "PMID ").count - 1 == 0)
        #expect(published.stderr.contains("no matches"))
        let typo = try runner.run(["search", "--db", runner.db, "--feed", "her2low"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("no feed \"her2low\""))
        let bad = try runner.run(["search", "--db", runner.db, "--since", "yesterday"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("'yesterday' is invalid for '--since"))
    }

    /// A record using a DOCTYPE entity is refused by name (exit 1) and never poisons the feed:
    /// digest, search, show and retag keep working, and the corrected file stores it (issue 10, item 1).
    @Test func aDoctypeEntityIsRefusedAndPoisonsNothing() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        let sample = try String(contentsOfFile: BMFeedRunner.sample("egfr.xml"), encoding: .utf8)
        let doctype = try #require(sample.range(of: "<!DOCTYPE[^>]*>", options: .regularExpression))
        var hostile = sample.replacingCharacters(in: doctype, with: "<!DOCTYPE PubmedArticleSet [ <!ENTITY co \"Copyright\"> ]>")
        let title = try #require(hostile.range(of: "<ArticleTitle>"))
        hostile.insert(contentsOf: "&co; ", at: title.upperBound)
        let file = try runner.write("entity.xml", hostile)
        let ingest = try runner.run(["ingest", "--config", config, "--db", runner.db, "--pubmed", file])
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("entity.xml: 2 records (2 new, 0 updated, 0 unchanged), 1 not stored (below)"))
        #expect(ingest.stderr.contains("record PMID 49000201 not stored: it uses the entity &co; declared in the file's DOCTYPE"))
        for command in [["digest", "--since", "1d"], ["search", "osimertinib"], ["show", "49000202"], ["retag"]] {
            let result = try runner.run(command + ["--config", config, "--db", runner.db])
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let healed = try runner.run(["ingest", "--config", config, "--db", runner.db, "--pubmed", BMFeedRunner.sample("egfr.xml")])
        #expect(healed.status == 0)
        #expect(healed.stderr.contains("3 records (1 new, 0 updated, 2 unchanged)"))
    }

    /// Registry text cannot drive the terminal from any command, a crafted NCT id is refused where
    /// it is read, and a feed name cannot be a path (issue 10, items 4 and 9).
    @Test func hostileRegistryTextNeverReachesTheTerminal() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        let lines = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        let evil = "Evil \\u001b[2J\\u0007 clear \\u009b31m \\u001b]8;;https://x.example\\u0007link"
        let hostile = lines[1].replacingOccurrences(of: "\"briefTitle\":\"", with: "\"briefTitle\":\"\(evil) ")
        #expect(hostile != lines[1])
        let crafted = lines[2].replacingOccurrences(of: "\"nctId\":\"NCT09000102\"", with: "\"nctId\":\"NCT09000102](javascript:alert(1))\"")
        #expect(crafted != lines[2])
        let file = try runner.write("hostile.jsonl", [lines[0], hostile, crafted].joined(separator: "\n") + "\n")
        let ingest = try runner.run(["ingest", "--config", config, "--db", runner.db, "--ctgov", file])
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("hostile.jsonl: line 3: no valid protocolSection.identificationModule.nctId"))
        for command in [["show", "NCT09000101", "--history"], ["changes", "--since", "30d"], ["search", "clear"], ["stats"]] {
            let result = try runner.run(command + ["--config", config, "--db", runner.db])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            for byte in ["\u{1B}", "\u{07}", "\u{9B}"] { #expect(!result.stdout.contains(byte), "\(command) printed a control byte") }
        }
        #expect(
            try runner.run(["show", "--config", config, "--db", runner.db, "NCT09000101"]).stdout.contains("Evil [2J clear 31m ]8;;https://x.example")
        )

        let escaped = try runner.write("escaped.yml", "feeds:\n  - name: ../../escaped\n    biomarker: HER2-low\n    pubmed: x\n")
        let refused = try runner.run(["digest", "--config", escaped, "--db", runner.db, "--format", "atom", "--output", runner.folder.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("feeds[0].name: must be one word"))
    }

    @Test func truncatedFileExitsNonZeroAndKeepsCompleteRecords() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let full = try String(contentsOfFile: BMFeedRunner.sample("her2-low.xml"), encoding: .utf8)
        let cut = try #require(full.range(of: "<PMID Version=\"1\">49000103</PMID>"))
        let file = try runner.write("cut.xml", String(full[..<cut.upperBound]))
        let result = try runner.run(["ingest", "--db", runner.db, "--pubmed", file, BMFeedRunner.sample("egfr.xml")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bmfeed: \(file): XML breaks at line"))
        #expect(result.stderr.contains("the 2 complete records before it were kept"))
        #expect(result.stderr.contains("egfr.xml: 3 records"))
        #expect(!result.stderr.contains("Fatal error"))
        let stats = try runner.run(["stats", "--db", runner.db, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["articles"] as? Int == 5)
    }

    @Test func badConfigIsOneLineAndExitCode2() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = try runner.write(
            "feeds.yml", "feeds:\n  - name: her2-low\n    biomarker: HER-2 underexpression\n    pubmed: x\n    lookbak: 3d\n")
        let result = try runner.run(["fetch", "--config", config])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "bmfeed: \(config):5: feeds[0].lookbak: unknown key; expected one of biomarker, clinicaltrials, drugs, genes, lookback, name, pubmed\n"
        )
    }

    @Test func demoPrintsEachFeedWithoutNetwork() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        let result = try runner.run(["demo", "--config", config, "--db", runner.db], environment: ["BMFEED_PUBMED_URL": "http://127.0.0.1:9"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("== her2-low: HER-2 underexpression — 5 papers, 2 trials"))
        #expect(result.stdout.contains("== egfr: EGFR mutation — 3 papers, 1 trials"))
        #expect(result.stdout.contains("P3, N=557, Active, not recruiting, Example Oncology | Trial status: Recruiting --> Active, not"))
        #expect(result.stdout.contains("Retracted • Meta-analysis • Journal\n     EGFR (Epidermal growth factor receptor)"))
        #expect(
            result.stdout.contains(
                "Clinical • P3 data • Journal\n     HER-2 (Human epidermal growth factor receptor 2) • HR (Hormone receptor)\n     HER-2 underexpression • HR positive"
            ))
    }

    @Test func fetchThroughTheEnvironmentsBaseURLAndNeverPrintsTheKey() async throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let body = try Data(contentsOf: URL(fileURLWithPath: BMFeedRunner.sample("her2-low.xml")))
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await server.appendRoute("GET /eutils/esearch.fcgi") { _ in
            HTTPResponse(
                statusCode: .ok,
                body: Data(
                    "<eSearchResult><Count>5</Count><RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>1</QueryKey><WebEnv>MCID_e2e</WebEnv><IdList/></eSearchResult>"
                        .utf8))
        }
        await server.appendRoute("GET /eutils/efetch.fcgi") { request in
            request.query["api_key"] == "top-secret" ? HTTPResponse(statusCode: .ok, body: body) : HTTPResponse(statusCode: .forbidden)
        }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw URLError(.cannotConnectToHost) }
        let config = try runner.write("feeds.yml", "feeds:\n  - name: her2-low\n    biomarker: HER-2 underexpression\n    pubmed: HER2-low\n")
        let env = ["BMFEED_PUBMED_URL": "http://127.0.0.1:\(port)/eutils", "NCBI_API_KEY": "top-secret", "NCBI_EMAIL": "e2e@example.org"]

        let fetch = try runner.run(["fetch", "--config", config], environment: env)
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stderr.contains("her2-low pubmed"))
        #expect(fetch.stderr.contains("5 counted, 5 stored (5 new, 0 updated)"))
        // The store defaults to data/bmfeed.sqlite beside feeds.yml.
        #expect(FileManager.default.fileExists(atPath: runner.folder.appendingPathComponent("data/bmfeed.sqlite").path))

        let stats = try runner.run(["stats", "--config", config, "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["articles"] as? Int == 5)
        let feed = try #require((object["feeds"] as? [[String: Any]])?.first)
        #expect(feed["feed"] as? String == "her2-low")
        #expect((feed["lastRun"] as? [String: Any])?["status"] as? String == "ok")

        var wrongKey = env
        wrongKey["NCBI_API_KEY"] = "wrong-key"
        let refused = try runner.run(["fetch", "--config", config], environment: wrongKey)
        await server.stop(timeout: 0)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("HTTP 403"))
        #expect(refused.stderr.contains("her2-low pubmed "))
        #expect(refused.stderr.contains(": FAILED; the cursor stays"))
        #expect(!refused.stderr.contains("0 counted, 0 stored"))
        #expect(refused.stderr.contains("api_key=***"))
        #expect(!refused.stderr.contains("wrong-key"))
    }
}

extension EndToEndTests {
    @Test func readingCommandsDoNotCreateAStore() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        for command in [["stats"], ["search", "x"], ["show", "1"]] {
            let result = try runner.run(command + ["--db", runner.db])
            #expect(result.status == 1)
            #expect(result.stderr.contains("no store here"))
        }
        #expect(!FileManager.default.fileExists(atPath: runner.db))
    }
}

extension EndToEndTests {
    @Test func trialsIngestChangesAndShow() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let ingest = try runner.run(["ingest", "--db", runner.db, "--ctgov", BMFeedRunner.sample("her2-low.trials.jsonl")])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("her2-low.trials.jsonl: 3 studies (2 new trials, 3 new versions, 0 unchanged, 7 changes)"))

        let changes = try runner.run(["changes", "--db", runner.db, "--kind", "dates"])
        #expect(changes.status == 0)
        #expect(
            changes.stdout == """
                NCT09000101  Trastuzumab Deruxtecan Versus Chemotherapy in HER2-low Metastatic Breast Cancer
                  Trial primary completion date: Jun 2025 --> Sep 2026  (posted 2026-11-18)
                  Trial completion date: Oct 2025 --> Mar 2027  (posted 2026-11-18)

                """)

        let json = try runner.run(["changes", "--db", runner.db, "--nct", "NCT09000101", "--kind", "enrollment", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let change = try #require(list.first)
        #expect(list.count == 1)
        #expect(change["nctId"] as? String == "NCT09000101")
        #expect(change["kind"] as? String == "enrollment")
        #expect(change["field"] as? String == "enrollment")
        #expect(change["line"] as? String == "Enrollment: 540 (estimated) --> 557 (actual)")
        #expect((change["old"] as? [String: Any])?["count"] as? Int == 540)
        #expect((change["new"] as? [String: Any])?["type"] as? String == "ACTUAL")
        #expect(change["fromLastUpdatePostDate"] as? String == "2026-06-02")
        #expect(change["toLastUpdatePostDate"] as? String == "2026-11-18")

        let show = try runner.run(["show", "--db", runner.db, "NCT09000101", "--history"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("P3, N=557, Active, not recruiting, Example Oncology"))
        #expect(show.stdout.contains("2026-11-18  Trial completion date: Oct 2025 --> Mar 2027"))
        #expect(show.stdout.contains("Versions (2)"))

        let search = try runner.run(["search", "--db", runner.db, "zanidatamab"])
        #expect(search.stdout.contains("Zanidatamab With Chemotherapy in HER2-low Gastric Cancer (clinicaltrials.gov)"))

        let again = try runner.run(["ingest", "--db", runner.db, "--ctgov", BMFeedRunner.sample("her2-low.trials.jsonl")])
        #expect(again.stderr.contains("3 studies (0 new trials, 0 new versions, 3 unchanged, 0 changes)"))
    }

    @Test func badTrialLinesAreNamedAndGoodOnesKept() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let lines = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n")
        let file = try runner.write(
            "mixed.jsonl", [String(lines[0]), "{\"protocolSection\": {}}", "{not json", String(lines[2])].joined(separator: "\n"))
        let result = try runner.run(["ingest", "--db", runner.db, "--ctgov", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("mixed.jsonl: line 2: no valid protocolSection.identificationModule.nctId"))
        #expect(result.stderr.contains("mixed.jsonl: line 3: not a v2 study"))
        #expect(result.stderr.contains("2 studies (2 new trials"))
    }
}

extension EndToEndTests {
    /// DIFF-CASES.md A, DESTINY-PanTumor02 v27→v28, written as two v2 documents and run through the binary.
    @Test func destinyPanTumor02ThroughIngestAndChanges() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let line = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        func version(primary: [String: String], completion: [String: String], enrollment: [String: Any], posted: String) throws -> String {
            var study = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var section = try #require(study["protocolSection"] as? [String: Any])
            var identification = try #require(section["identificationModule"] as? [String: Any])
            identification["nctId"] = "NCT04482309"
            var status = try #require(section["statusModule"] as? [String: Any])
            status["primaryCompletionDateStruct"] = primary
            status["completionDateStruct"] = completion
            status["lastUpdatePostDateStruct"] = ["date": posted, "type": "ACTUAL"]
            var design = try #require(section["designModule"] as? [String: Any])
            design["enrollmentInfo"] = enrollment
            section["identificationModule"] = identification
            section["statusModule"] = status
            section["designModule"] = design
            study["protocolSection"] = section
            return String(decoding: try JSONSerialization.data(withJSONObject: study), as: UTF8.self)
        }
        let v27 = try runner.write(
            "v27.json",
            try version(
                primary: ["date": "2023-06-16", "type": "ESTIMATED"], completion: ["date": "2023-06-16", "type": "ESTIMATED"],
                enrollment: ["count": 268, "type": "ACTUAL"], posted: "2023-06-01"))
        let v28 = try runner.write(
            "v28.json",
            try version(
                primary: ["date": "2023-06-08", "type": "ACTUAL"], completion: ["date": "2027-03-31", "type": "ESTIMATED"],
                enrollment: ["count": 468, "type": "ESTIMATED"], posted: "2023-07-10"))
        #expect(try runner.run(["ingest", "--db", runner.db, "--ctgov", v27, v28]).status == 0)
        let changes = try runner.run(["changes", "--db", runner.db, "--kind", "dates", "--kind", "enrollment"])
        #expect(
            changes.stdout == """
                NCT04482309  Trastuzumab Deruxtecan Versus Chemotherapy in HER2-low Metastatic Breast Cancer
                  Trial primary completion date: Jun 16, 2023 (estimated) --> Jun 8, 2023 (actual)  (posted 2023-07-10)
                  Trial completion date: Jun 2023 --> Mar 2027  (posted 2023-07-10)
                  Enrollment: 268 (actual) --> 468 (estimated)  (posted 2023-07-10)

                """)
    }
}

extension EndToEndTests {
    @Test func fetchTrialsThroughBMFEED_CTGOV_URL() async throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let lines = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await server.appendRoute("GET /api/v2/version") { _ in
            HTTPResponse(statusCode: .ok, body: Data(#"{"apiVersion":"2.0.5","dataTimestamp":"2026-11-24T09:00:05"}"#.utf8))
        }
        await server.appendRoute("GET /api/v2/studies") { _ in
            HTTPResponse(statusCode: .ok, body: Data("{\"studies\":[\(lines[1]),\(lines[2])],\"totalCount\":2}".utf8))
        }
        await server.appendRoute("GET /api/v2/studies/NCT09000102") { _ in HTTPResponse(statusCode: .ok, body: Data(lines[2].utf8)) }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw URLError(.cannotConnectToHost) }
        let config = try runner.write(
            "feeds.yml", "feeds:\n  - name: her2-low\n    biomarker: HER-2 underexpression\n    clinicaltrials:\n      cond: breast cancer\n")
        let env = ["BMFEED_CTGOV_URL": "http://127.0.0.1:\(port)/api/v2"]

        let first = try runner.run(["fetch", "--config", config, "--source", "ctgov"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("her2-low ctgov updated since"))
        #expect(first.stderr.contains("2 counted, 2 stored (2 new trials, 2 new versions, 2 changes)"))
        let second = try runner.run(["fetch", "--config", config, "--source", "ctgov"], environment: env)
        #expect(second.stderr.contains("registry data unchanged since the last run (2026-11-24T09:00:05)"))
        let single = try runner.run(["fetch", "--config", config, "--nct", "NCT09000102"], environment: env)
        #expect(single.stderr.contains("NCT09000102: unchanged"))
        await server.stop(timeout: 0)

        let stats = try runner.run(["stats", "--config", config, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["trials"] as? Int == 2)
        let feed = try #require((object["feeds"] as? [[String: Any]])?.first { $0["source"] as? String == "ctgov" })
        #expect((feed["lastRun"] as? [String: Any])?["status"] as? String == "skipped")
        #expect((feed["lastRun"] as? [String: Any])?["dataVersion"] as? String == "2026-11-24T09:00:05")
    }
}

extension EndToEndTests {
    @Test func tagTextStdinJSONAndExplain() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let ontology = BMFeedRunner.packageRoot.appendingPathComponent("data/ontology").path
        let json = try runner.run([
            "tag", "--ontology", ontology, "--format", "json", "DS-8201a in HER2-low breast cancer: a phase III trial (NCT03734029)",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String]])
        #expect(object["genes"] == ["HER-2 (Human epidermal growth factor receptor 2)"])
        #expect(object["alterations"] == ["HER-2 underexpression"])
        #expect(object["drugs"] == ["Enhertu (fam-trastuzumab deruxtecan-nxki)"])
        #expect(object["phases"] == ["P3"])
        #expect(object["nct"] == ["NCT03734029"])
        #expect(Set(object.keys) == ["genes", "alterations", "drugs", "phases", "types", "nct"])

        let explain = try runner.run(["tag", "--ontology", ontology, "--explain", "Kadcyla after ER+ disease"])
        #expect(explain.stdout.contains("Kadcyla (ado-trastuzumab emtansine)\n    \"Kadcyla\" [0..<7] drug name"))
        #expect(explain.stdout.contains("ER positive\n    \"ER\""))

        let input = try runner.write("lines.txt", "T-DM1 in HER2-positive disease\nThe ER team met\n")
        let process = Process()
        process.executableURL = BMFeedRunner.binary
        process.arguments = ["tag", "--ontology", ontology, "--lines", "--format", "json", "-"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"drugs\":[\"Kadcyla (ado-trastuzumab emtansine)\"]"))
        #expect(lines[1] == "{\"alterations\":[],\"drugs\":[],\"genes\":[],\"nct\":[],\"phases\":[],\"types\":[]}")

        let evaluation = try runner.run([
            "tag", "--ontology", ontology, "--evaluate", BMFeedRunner.packageRoot.appendingPathComponent("Tests/Fixtures/tagging/gold.jsonl").path,
        ])
        #expect(evaluation.status == 0)
        #expect(evaluation.stdout.contains("alterations"))
    }
}

extension EndToEndTests {
    @Test func searchByTagsAndRetag() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        let drug = try runner.run([
            "search", "--config", config, "--db", runner.db, "--drug", "DS-8201a", "--biomarker", "HER2-low", "--type", "P3 data",
        ])
        #expect(drug.status == 0, "\(drug.stderr)")
        #expect(drug.stdout.contains("PMID 49000101"))
        #expect(!drug.stdout.contains("PMID 49000102"))
        let gene = try runner.run(["search", "--config", config, "--db", runner.db, "--gene", "ERBB2", "--phase", "P2"])
        #expect(gene.stdout.contains("NCT09000102"))
        let egfr = try runner.run(["search", "--config", config, "--db", runner.db, "--drug", "Tagrisso", "--format", "json"])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(egfr.stdout.utf8)) as? [[String: Any]])
        #expect(hits.count == 4)
        let retag = try runner.run(["retag", "--config", config, "--db", runner.db])
        #expect(retag.status == 0)
        #expect(retag.stderr.contains("retagged 8 articles and 3 trials"))
    }
}

extension EndToEndTests {
    @Test func digestInEveryFormatFromTheSamples() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        let base = ["digest", "--config", config, "--db", runner.db, "--since", "1d"]
        let text = try runner.run(base)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("== her2-low: HER-2 underexpression (5 papers, 2 trials)"))
        #expect(text.stdout.contains("== egfr: EGFR mutation (3 papers, 1 trial)"))
        #expect(text.stdout.contains("P3, N=557, Active, not recruiting, Example Oncology | Trial status: Recruiting --> Active, not"))
        let markdown = try runner.run(base + ["--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# bmfeed digest"))
        let html = try runner.run(base + ["--format", "html", "--output", runner.folder.appendingPathComponent("digest.html").path])
        #expect(html.status == 0)
        let page = try String(contentsOf: runner.folder.appendingPathComponent("digest.html"), encoding: .utf8)
        #expect(page.contains("<a href=\"https://pubmed.ncbi.nlm.nih.gov/49000101/\">"))
        let json = try runner.run(base + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["sections"] as? [Any])?.count == 2)
        let atomAll = try runner.run(base + ["--format", "atom"])
        #expect(atomAll.status != 0)
        #expect(atomAll.stderr.contains("one feed per document"))
        let folder = runner.folder.appendingPathComponent("atom").path
        #expect(try runner.run(base + ["--format", "atom", "--output", folder]).status == 0)
        let atom = try String(contentsOfFile: (folder as NSString).appendingPathComponent("her2-low.atom"), encoding: .utf8)
        #expect(atom.contains("<id>urn:bmfeed:article:49000101</id>"))
        let later = try runner.run(base + ["--now", "2030-01-01T00:00:00Z"])
        #expect(later.stdout.contains("nothing new"))
    }
}

extension EndToEndTests {
    /// scripts/daily-digest.sh twice on the sample store: the second run reports nothing new.
    @Test func dailyDigestTwiceReportsNothingNewTheSecondTime() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let root = BMFeedRunner.packageRoot
        #expect(try runner.run(["demo", "--config", root.appendingPathComponent("feeds.yml").path, "--db", runner.db]).status == 0)
        Thread.sleep(forTimeInterval: 1.1)  // the script's clock has whole seconds
        let digests = runner.folder.appendingPathComponent("digests").path
        func run() throws -> (Int32, String) {
            try BMFeedRunner.shell(
                "/bin/bash", [root.appendingPathComponent("scripts/daily-digest.sh").path],
                environment: [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "BMFEED_BIN": BMFeedRunner.binary.path,
                    "BMFEED_DB": runner.db, "BMFEED_NO_FETCH": "1", "BMFEED_DIGESTS": digests,
                ])
        }
        let first = try run()
        #expect(first.0 == 0, "\(first.1)")
        #expect(first.1.contains("daily-digest: 11 new entries"))
        let files = try FileManager.default.contentsOfDirectory(atPath: digests)
        #expect(files.contains { $0.hasSuffix(".md") } && files.contains { $0.hasSuffix(".html") })
        #expect(FileManager.default.fileExists(atPath: digests + "/atom/her2-low.atom"))
        Thread.sleep(forTimeInterval: 1.1)
        let second = try run()
        #expect(second.0 == 0)
        #expect(second.1.contains("daily-digest: nothing new since"))
    }
}

extension EndToEndTests {
    /// `watch check`: exit 10 with the watched changes, then 0 once they are marked seen.
    @Test func watchCheckExitCodesAndSeenMarking() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let root = BMFeedRunner.packageRoot
        try FileManager.default.createSymbolicLink(
            at: runner.folder.appendingPathComponent("data"), withDestinationURL: root.appendingPathComponent("data"))
        let config = try runner.write(
            "feeds.yml",
            "feeds:\n  - name: egfr\n    biomarker: EGFR mutation\n    pubmed: EGFR\nwatch:\n  drugs: [AZD9291]\n")
        #expect(try runner.run(["demo", "--config", root.appendingPathComponent("feeds.yml").path, "--db", runner.db]).status == 0)
        let empty = try runner.run(["watch", "check", "--config", config, "--db", runner.db, "--kind", "phase"])
        #expect(empty.status == 0)
        #expect(empty.stderr.contains("watch: nothing new"))
        let list = try runner.run(["watch", "list", "--config", config, "--db", runner.db])
        #expect(list.stdout == "drug\tTagrisso (osimertinib)\n")
        #expect(try runner.run(["watch", "add", "--config", config, "--db", runner.db, "NCT09000101", "--no-fetch"]).status == 0)
        // A misspelt drug is refused with the name it was probably meant to be, not watched as typed.
        let typo = try runner.run(["watch", "add", "--config", config, "--db", runner.db, "--drug", "Enhrtu", "--no-fetch"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("did you mean Enhertu?"))
        let misspeltCommand = try runner.run(["serch", "HER2"])
        #expect(misspeltCommand.status == 64)
        #expect(misspeltCommand.stderr.contains("no command \"serch\"; did you mean search?"))
        let first = try runner.run(["watch", "check", "--config", config, "--db", runner.db, "--since", "1d", "--format", "json"])
        #expect(first.status == 10)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect(report["articleEvents"] is [Any])
        #expect(Set(changes.compactMap { $0["nctId"] as? String }) == ["NCT09000101", "NCT09000201"])
        #expect(
            changes.contains { $0["line"] as? String == "Trial termination: Recruiting --> Terminated (Sponsor decision after interim analysis)" })
        // A look-back shows and marks nothing seen (the helper's week: `--kind status` hid six
        // alerts for good); the plain check reports and marks, and the next one is quiet.
        let plain = try runner.run(["watch", "check", "--config", config, "--db", runner.db])
        #expect(plain.status == 10)
        #expect(plain.stdout.contains("Trial termination: Recruiting --> Terminated"))
        let second = try runner.run(["watch", "check", "--config", config, "--db", runner.db])
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty)
        let removed = try runner.run(["watch", "remove", "--config", config, "--db", runner.db, "NCT09000101"])
        #expect(removed.stderr.contains("removed 1 watch item"))
    }
}

extension EndToEndTests {
    /// Papers ↔ trials: `show NCT` lists the papers naming it; watch check and the digest report a new one.
    @Test func papersAboutWatchedTrials() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        let show = try runner.run(["show", "--config", config, "--db", runner.db, "NCT09000201"])
        #expect(show.stdout.contains("Papers about this trial\n  PMID 49000201  Osimertinib with or without chemotherapy"))
        #expect(try runner.run(["watch", "add", "--config", config, "--db", runner.db, "NCT09000201", "--no-fetch"]).status == 0)
        let check = try runner.run(["watch", "check", "--config", config, "--db", runner.db, "--since", "1d", "--kind", "publication"])
        #expect(check.status == 10)
        #expect(check.stdout.contains("New publication for watched trial: Osimertinib with or without chemotherapy"))
        let digest = try runner.run(["digest", "--config", config, "--db", runner.db, "--feed", "egfr"])
        #expect(digest.stdout.contains("New publication for watched trial • Clinical • P3 data • Journal"))
    }
}

extension EndToEndTests {
    @Test func searchPagesAndSuggests() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        func ids(_ extra: [String]) throws -> [String] {
            let result = try runner.run(["search", "--config", config, "--db", runner.db, "--format", "json"] + extra)
            let hits = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return hits.map {
                $0["id"] as? String ?? "?"
            }
        }
        // Free text knows a drug's other names: as many entries as the drug tag finds.
        #expect(Set(try ids(["Enhertu"])) == Set(try ids(["--drug", "Enhertu"])))
        let all = try ids(["HER2", "--limit", "6"])
        #expect(all.count == 6)
        #expect(try ids(["HER2", "--limit", "3", "--offset", "3"]) == Array(all[3...]))
        // changes refuses a misspelt feed and a trial it does not hold, instead of "no changes".
        let changes = try runner.run(["changes", "--config", config, "--db", runner.db, "--feed", "her2low"])
        #expect(changes.status != 0)
        #expect(changes.stderr.contains("did you mean her2-low?"))
        let unknown = try runner.run(["changes", "--config", config, "--db", runner.db, "--nct", "NCT9999"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("NCT9999 is not in"))
        let backwards = try runner.run(["digest", "--config", config, "--db", runner.db, "--since", "2099-01-01"])
        #expect(backwards.status != 0)
        #expect(backwards.stderr.contains("the window is empty"))
        // Hostile sizes are refused at once, never minutes of work (issue 10, item 6).
        for hostile in [
            ["cancer", "--offset", "9223372036854775807"], [String(repeating: "a* ", count: 10_000)],
            ["--drug", String(repeating: "x", count: 100_000)],
        ] {
            let result = try runner.run(["search", "--config", config, "--db", runner.db] + hostile)
            #expect(result.status == 64, "\(hostile.joined().prefix(30)): \(result.stderr)")
        }
        let misspelt = try runner.run(["search", "--config", config, "--db", runner.db, "--drug", "Enhrtu"])
        #expect(misspelt.status != 0)
        #expect(misspelt.stderr.contains("did you mean Enhertu?"))
    }
}

extension EndToEndTests {
    static var hasFeedparser: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import feedparser"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The Atom digest read by a real feed client: feedparser (installed by scripts/setup.sh).
    @Test(.enabled(if: hasFeedparser, "feedparser is not installed (scripts/setup.sh installs it from PyPI)"))
    func atomDigestReadsInFeedparser() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let config = BMFeedRunner.packageRoot.appendingPathComponent("feeds.yml").path
        #expect(try runner.run(["demo", "--config", config, "--db", runner.db]).status == 0)
        let atom = runner.folder.appendingPathComponent("her2-low.atom").path
        #expect(
            try runner.run(["digest", "--config", config, "--db", runner.db, "--feed", "her2-low", "--format", "atom", "--output", atom]).status == 0)
        let (status, text) = try BMFeedRunner.shell(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import sys, feedparser
                d = feedparser.parse(sys.argv[1])
                assert d.bozo == 0, d.bozo_exception
                assert d.feed.get("id") and d.feed.get("title") and d.feed.get("updated") and d.feed.get("author")
                for e in d.entries:
                    assert e.get("id") and e.get("title") and e.get("link") and e.get("updated"), e
                print(len(d.entries))
                """,
                atom,
            ])
        #expect(status == 0, "\(text)")
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "7")
    }
}

extension EndToEndTests {
    /// `bmfeed ingest FILE…` as people type it: the kind comes from the name; a name that says
    /// nothing is refused with the two ways to say it.
    @Test func ingestTakesFilesByTheirNames() throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let ingest = try runner.run(["ingest", "--db", runner.db, BMFeedRunner.sample("egfr.xml"), BMFeedRunner.sample("egfr.trials.jsonl")])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("egfr.xml: 3 records (3 new, 0 updated, 0 unchanged)"))
        #expect(ingest.stderr.contains("egfr.trials.jsonl: 2 studies (1 new trial, 2 new versions, 0 unchanged, 5 changes)"))
        let unknown = try runner.run(["ingest", "--db", runner.db, "notes.txt"])
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.hasPrefix(
                "Error: notes.txt: cannot tell PubMed from ClinicalTrials.gov by its name; pass it as --pubmed notes.txt or --ctgov notes.txt\n"))
    }
}

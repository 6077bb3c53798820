import FlyingFox
import FlyingSocks
import Foundation
import Testing

/// A loopback PubMed (E-utilities) and ClinicalTrials.gov (API v2) whose answers change from one
/// simulated day to the next, in the real formats (the bundled samples are written in them).
final class DailyRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var pubmed: [String] = []
    private var byPMID: [String: String] = [:]
    private var studies: [String] = []
    private var dataTimestamp = ""

    /// The day's answers: records esearch/efetch give for the feed's window, every record efetch
    /// gives by id, and the studies with the registry's data timestamp.
    func set(pubmed: [String], byPMID: [String: String], studies: [String], dataTimestamp: String) {
        lock.withLock {
            self.pubmed = pubmed
            self.byPMID.merge(byPMID) { $1 }
            self.studies = studies
            self.dataTimestamp = dataTimestamp
        }
    }

    private static func set(_ records: [String]) -> String {
        "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n"
            + records.joined(separator: "\n") + "\n</PubmedArticleSet>\n"
    }

    func routes(_ server: HTTPServer) async {
        await server.appendRoute("GET /eutils/esearch.fcgi") { _ in
            let count = self.lock.withLock { self.pubmed.count }
            return HTTPResponse(
                statusCode: .ok,
                body: Data(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<eSearchResult><Count>\(count)</Count><RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>1</QueryKey><WebEnv>MCID_daily</WebEnv><IdList/></eSearchResult>"
                        .utf8))
        }
        await server.appendRoute("GET /eutils/efetch.fcgi") { request in
            let body = self.lock.withLock { () -> String in
                if let ids = request.query["id"] {
                    return Self.set(ids.split(separator: ",").compactMap { self.byPMID[String($0)] })
                }
                return Self.set(self.pubmed)
            }
            return HTTPResponse(statusCode: .ok, body: Data(body.utf8))
        }
        await server.appendRoute("GET /api/v2/version") { _ in
            let stamp = self.lock.withLock { self.dataTimestamp }
            return HTTPResponse(statusCode: .ok, body: Data(#"{"apiVersion":"2.0.5","dataTimestamp":"\#(stamp)"}"#.utf8))
        }
        await server.appendRoute("GET /api/v2/studies") { _ in
            let studies = self.lock.withLock { self.studies }
            return HTTPResponse(statusCode: .ok, body: Data("{\"studies\":[\(studies.joined(separator: ","))],\"totalCount\":\(studies.count)}".utf8))
        }
    }
}

extension EndToEndTests {
    /// `scripts/daily-digest.sh` on three simulated days against the loopback registry: new papers
    /// on day 1, a trial change on day 2, a retraction on day 3. Each day's mail (a fake sendmail)
    /// holds exactly that day's news, watch alerts first, as multipart text + HTML (issue 9).
    @Test func dailyScriptAcrossThreeDays() async throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let root = BMFeedRunner.packageRoot
        let sample = try String(contentsOfFile: BMFeedRunner.sample("her2-low.xml"), encoding: .utf8)
        let papers = sample.components(separatedBy: "<PubmedArticle>").dropFirst().map {
            "<PubmedArticle>" + $0.components(separatedBy: "</PubmedArticle>")[0] + "</PubmedArticle>"
        }
        #expect(papers.count == 5)
        let bystander = try #require(papers.first { $0.contains("<PMID Version=\"1\">49000104</PMID>") })
        let retracted =
            bystander
            .replacingOccurrences(
                of: "</MedlineJournalInfo>",
                with:
                    "</MedlineJournalInfo><CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionIn\"><RefSource>Nat Commun. 2026;17:9001</RefSource><PMID Version=\"1\">49000190</PMID></CommentsCorrections></CommentsCorrectionsList>"
            )
            .replacingOccurrences(
                of: "<PublicationType UI=\"D016428\">Journal Article</PublicationType>",
                with:
                    "<PublicationType UI=\"D016428\">Journal Article</PublicationType><PublicationType UI=\"D016441\">Retracted Publication</PublicationType>"
            )
        let notice =
            bystander
            .replacingOccurrences(of: "49000104", with: "49000190")
            .replacingOccurrences(of: "<ArticleTitle>Bystander killing", with: "<ArticleTitle>Retraction Note: Bystander killing")
            .replacingOccurrences(
                of: "</MedlineJournalInfo>",
                with:
                    "</MedlineJournalInfo><CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionOf\"><RefSource>Nat Commun. 2026;17:7701</RefSource><PMID Version=\"1\">49000104</PMID></CommentsCorrections></CommentsCorrectionsList>"
            )
            .replacingOccurrences(of: "<Day>22</Day><Hour>11</Hour>", with: "<Day>26</Day><Hour>7</Hour>")
        let trials = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)

        let registry = DailyRegistry()
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await registry.routes(server)
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw URLError(.cannotConnectToHost) }

        let config = try runner.write(
            "feeds.yml",
            """
            feeds:
              - name: her2-low
                biomarker: HER-2 underexpression
                pubmed: HER2-low
                clinicaltrials:
                  cond: breast cancer
                lookback: 30d

            """)
        // A sendmail that keeps each message it is given, numbered.
        let bin = runner.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let mails = runner.folder.appendingPathComponent("mail").path
        try FileManager.default.createDirectory(atPath: mails, withIntermediateDirectories: true)
        let sendmail = try runner.write(
            "bin/sendmail", "#!/bin/sh\n[ \"$1\" = -t ] || exit 2\nn=$(ls \(mails) | wc -l)\ncat > \(mails)/mail-$((n + 1)).eml\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail)
        let digests = runner.folder.appendingPathComponent("digests").path
        let environment = [
            "BMFEED_PUBMED_URL": "http://127.0.0.1:\(port)/eutils", "BMFEED_CTGOV_URL": "http://127.0.0.1:\(port)/api/v2",
            "BMFEED_CONFIG": config, "BMFEED_DB": runner.db, "BMFEED_DIGESTS": digests, "BMFEED_MAILTO": "onc@example.org",
        ]
        func runScript(now: String) throws -> (status: Int32, output: String, mail: String?) {
            let before = try FileManager.default.contentsOfDirectory(atPath: mails).count
            let (status, output) = try BMFeedRunner.shell(
                "/bin/bash", [root.appendingPathComponent("scripts/daily-digest.sh").path],
                environment: environment.merging([
                    "PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "HOME": runner.folder.path,
                    "BMFEED_BIN": BMFeedRunner.binary.path, "BMFEED_NOW": now,
                ]) { $1 })
            let after = try FileManager.default.contentsOfDirectory(atPath: mails).count
            let mail = after > before ? try String(contentsOfFile: "\(mails)/mail-\(after).eml", encoding: .utf8) : nil
            return (status, output, mail)
        }
        func plainPart(_ mail: String) -> String {
            mail.components(separatedBy: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n").last?
                .components(separatedBy: "\n--bmfeed-").first ?? ""
        }

        // Day 1: five new papers and two new trials; the first run mails what it fetched.
        registry.set(pubmed: papers, byPMID: [:], studies: [trials[0], trials[2]], dataTimestamp: "2026-11-24T08:00:00")
        let day1 = try runScript(now: "2026-11-24T09:00:00Z")
        #expect(day1.status == 0, "\(day1.output)")
        #expect(day1.output.contains("daily-digest: 7 new entries"), "\(day1.output)")
        let mail1 = try #require(day1.mail, "day 1 mailed nothing: \(day1.output)")
        #expect(mail1.contains("Subject: bmfeed digest 2026-11-24: 7 new entries"))
        #expect(mail1.contains("Content-Type: multipart/alternative; boundary="))
        #expect(mail1.contains("Content-Type: text/html; charset=utf-8"))
        let text1 = plainPart(mail1)
        #expect(text1.contains("== her2-low: HER-2 underexpression (5 papers, 2 trials)"))
        #expect(text1.contains("Bystander killing by a topoisomerase I payload"))
        #expect(!text1.contains("Watch alerts"))
        #expect(!text1.contains("\\("), "the plain part is text, not Markdown")
        #expect(text1.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(FileManager.default.fileExists(atPath: "\(digests)/2026-11-24.md"))
        #expect(FileManager.default.fileExists(atPath: "\(digests)/atom/her2-low.atom"))

        // Between days the user watches the trial and a drug.
        let watch = try runner.run(["watch", "add", "--config", config, "--db", runner.db, "NCT09000101", "--drug", "T-DXd", "--no-fetch"])
        #expect(watch.status == 0, "\(watch.stderr)")
        // A trial the registry cannot give is not watched, and says so (issue 9, item 2).
        let missing = try runner.run(["watch", "add", "--config", config, "--db", runner.db, "NCT09999999"], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("NCT09999999: not watched: "))
        #expect(!missing.stderr.contains("watching trial NCT09999999"))
        // A sponsor no stored trial has is refused with the stored ones.
        let lilly = try runner.run(["watch", "add", "--config", config, "--db", runner.db, "--sponsor", "Lilly"])
        #expect(lilly.status != 0)
        #expect(lilly.stderr.contains("no stored trial has a lead sponsor matching \"Lilly\""))
        #expect(lilly.stderr.contains("Example Oncology (1)"))
        let list = try runner.run(["watch", "list", "--config", config, "--db", runner.db])
        #expect(list.stdout == "drug\tEnhertu (fam-trastuzumab deruxtecan-nxki)\ntrial\tNCT09000101\n")

        // Day 2: no new paper; the trial's completion date slips. Alerts first, no day-1 paper.
        registry.set(pubmed: [], byPMID: [:], studies: [trials[1], trials[2]], dataTimestamp: "2026-11-25T08:00:00")
        let day2 = try runScript(now: "2026-11-25T09:00:00Z")
        #expect(day2.status == 0, "\(day2.output)")
        let text2 = plainPart(try #require(day2.mail, "day 2 mailed nothing: \(day2.output)"))
        let alerts = try #require(text2.range(of: "== Watch alerts"))
        let section = try #require(text2.range(of: "== her2-low"))
        #expect(alerts.lowerBound < section.lowerBound)
        #expect(text2[alerts.lowerBound..<section.lowerBound].contains("Trial completion date: Oct 2025 --> Mar 2027"))
        #expect(text2.contains("(0 papers, 1 trial)"))
        #expect(!text2.contains("Bystander killing"))
        // watch check ran: the alerts are seen.
        let check = try runner.run(["watch", "check", "--config", config, "--db", runner.db], environment: ["BMFEED_NOW": "2026-11-25T09:00:00Z"])
        #expect(check.status == 0, "\(check.stdout)")

        // Day 3: a retraction notice names the bystander paper; its record is read again.
        registry.set(
            pubmed: [notice], byPMID: ["49000104": retracted, "49000190": notice], studies: [trials[1], trials[2]],
            dataTimestamp: "2026-11-25T08:00:00")
        let day3 = try runScript(now: "2026-11-26T09:00:00Z")
        #expect(day3.status == 0, "\(day3.output)")
        let text3 = plainPart(try #require(day3.mail, "day 3 mailed nothing: \(day3.output)"))
        let alerts3 = try #require(text3.range(of: "== Watch alerts (1)"))
        let feed3 = try #require(text3.range(of: "== her2-low"))
        #expect(text3[alerts3.lowerBound..<feed3.lowerBound].contains("PMID 49000104"))
        let entries = text3[feed3.lowerBound...]
        let marked = try #require(entries.range(of: "RETRACTED ▸ Bystander killing"))
        let note = try #require(entries.range(of: "Retraction Note: Bystander killing"))
        #expect(marked.lowerBound < note.lowerBound, "the retracted paper comes first")
        #expect(!text3.contains("Trial completion date"))
        #expect(!text3.contains("Zanidatamab"))
        let atom = try String(contentsOfFile: "\(digests)/atom/her2-low.atom", encoding: .utf8)
        #expect(atom.contains("<id>urn:bmfeed:article:49000104:retracted:2026-11-26</id>"))

        // A second run the same day: nothing new, no mail, and day 3's files are kept.
        let again = try runScript(now: "2026-11-26T15:00:00Z")
        #expect(again.status == 0)
        #expect(again.output.contains("daily-digest: nothing new since 2026-11-26T09:00:00"))
        #expect(again.mail == nil)
        #expect(FileManager.default.fileExists(atPath: "\(digests)/2026-11-26.md"))
        await server.stop(timeout: 0)

        // A failed fetch is mailed too, above what was stored.
        let failed = try runScript(now: "2026-11-27T09:00:00Z")
        #expect(failed.status == 1)
        let failMail = try #require(failed.mail, "a failed fetch mailed nobody: \(failed.output)")
        #expect(failMail.contains("Subject: bmfeed digest 2026-11-27: FETCH FAILED"))
        #expect(plainPart(failMail).contains("!! Fetch failed: "))
    }
}

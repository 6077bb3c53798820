import FlyingFox
import FlyingSocks
import Foundation
import Testing

extension EndToEndTests {
    /// Every `bmfeed …` line of the README's "Everyday use" block runs as written (exit 0) in a
    /// copy of the checkout whose default store is the samples' (issue 9: the README's examples all
    /// run), with PubMed and ClinicalTrials.gov on loopback.
    @Test func readmeExamplesRunAsWritten() async throws {
        let runner = try BMFeedRunner()
        defer { runner.cleanUp() }
        let root = BMFeedRunner.packageRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Everyday use").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let lines = block.split(separator: "\n").map(String.init).filter { $0.hasPrefix("bmfeed ") }
        #expect(lines.count >= 20)

        // The checkout's feeds.yml and data (ontology, samples) in a scratch folder.
        let work = runner.folder
        try FileManager.default.copyItem(at: root.appendingPathComponent("feeds.yml"), to: work.appendingPathComponent("feeds.yml"))
        try FileManager.default.createDirectory(at: work.appendingPathComponent("data"), withIntermediateDirectories: true)
        for folder in ["ontology", "samples"] {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("data/\(folder)"), to: work.appendingPathComponent("data/\(folder)"))
        }
        #expect(try runner.run(["demo", "--db", "data/bmfeed.sqlite"]).status == 0)

        let trials = try String(contentsOfFile: BMFeedRunner.sample("her2-low.trials.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        let papers = try String(contentsOfFile: BMFeedRunner.sample("her2-low.xml"), encoding: .utf8)
        let registry = DailyRegistry()
        registry.set(
            pubmed: papers.components(separatedBy: "<PubmedArticle>").dropFirst().map {
                "<PubmedArticle>" + $0.components(separatedBy: "</PubmedArticle>")[0] + "</PubmedArticle>"
            }, byPMID: [:], studies: [trials[1], trials[2]], dataTimestamp: "2026-11-24T08:00:00")
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await registry.routes(server)
        await server.appendRoute("GET /api/v2/studies/*") { request in
            let id = String(request.path.split(separator: "/").last ?? "")
            guard let line = trials.last(where: { $0.contains("\"nctId\":\"\(id)\"") }) else { return HTTPResponse(statusCode: .notFound) }
            return HTTPResponse(statusCode: .ok, body: Data(line.utf8))
        }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw URLError(.cannotConnectToHost) }
        let environment = [
            "BMFEED_PUBMED_URL": "http://127.0.0.1:\(port)/eutils", "BMFEED_CTGOV_URL": "http://127.0.0.1:\(port)/api/v2",
            "NCBI_EMAIL": "you@example.org", "PATH": BMFeedRunner.binary.deletingLastPathComponent().path + ":/usr/bin:/bin",
        ]
        for line in lines {
            let (status, output) = try BMFeedRunner.shell(
                "/bin/sh", ["-c", line], directory: work, environment: environment.merging(["HOME": work.path]) { $1 })
            #expect(status == 0, "README line failed: \(line)\n\(output)")
            #expect(!output.isEmpty, "README line printed nothing: \(line)")
        }
        await server.stop(timeout: 0)
    }
}

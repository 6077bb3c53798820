import FeedKit
import FeedKitTesting
import Foundation
import GRDB
import Testing

/// ../shared/realdata/ctgov/v2: every real v2 document ingests; the real pairs give exactly the
/// changes DIFF-CASES.md expects. Skipped when ../shared is absent.
@Suite(.enabled(if: SharedRealData.isPresent, "../shared/realdata is not beside this clone"))
struct RealTrialDataTests {
    static let root = SharedRealData.root.appendingPathComponent("ctgov/v2")

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    static let documents: [(String, Int)] = [
        ("single/aact_NCT00763412.json", 1), ("single/aact_NCT00973089.json", 1), ("single/aact_NCT02210780.json", 1),
        ("single/aact_NCT02552212.json", 1), ("single/aact_NCT03064438.json", 1), ("single/aact_NCT03418623.json", 1),
        ("single/aact_NCT03475563.json", 1), ("single/aact_NCT03630471.json", 1), ("single/aact_NCT04207047.json", 1),
        ("single/aact_NCT04431453.json", 1), ("single/aact_NCT06171568.json", 1), ("single/nct2ctml_NCT06018337_reduced_2025-02-20.json", 1),
        ("list/aact_list_NCT03281889_lastpage.json", 1), ("list/aact_list_NCT06388018_lastpage.json", 1),
        ("list/capybara_default_page_2025-01.json", 10), ("pairs/NCT05514054_EMBER-4_A_2025-02-20_reduced.json", 1),
        ("pairs/NCT05514054_EMBER-4_B_2025-05-08_reduced.json", 1), ("pairs/NCT05594173_B_2024-06_v2.json", 1),
        ("pairs/NCT05894239_INAVO122_A_2025-05-08_reduced.json", 1), ("pairs/NCT05894239_INAVO122_B_2025-08_from_test_fixture.json", 1),
    ]

    @Test(arguments: documents)
    func everyV2DocumentIngests(file: String, count: Int) throws {
        let page = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path(file))), source: file)
        #expect(page.records.count == count)
        #expect(page.problems.isEmpty)
        #expect(page.records.allSatisfy { $0.trial.nctID.hasPrefix("NCT") && $0.trial.nctID.count == 11 && !$0.trial.briefTitle.isEmpty })
    }

    @Test func everyV2FileIsListed() throws {
        let listed = Set(Self.documents.map(\.0))
        for folder in ["single", "list", "pairs"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.path(folder))
            where name.hasSuffix(".json") && !name.contains("legacy") {
                #expect(listed.contains("\(folder)/\(name)"), "\(folder)/\(name) is not listed")
            }
        }
    }

    private func changes(_ older: String, _ newer: String) async throws -> [String] {
        let (store, pipeline) = try TestPipelines.make()
        for file in [older, newer] {
            let page = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path(file))), source: file)
            _ = try await pipeline.save(page.records, feed: nil)
        }
        return try await store.changes(ChangeQuery()).filter { $0.kind != .new }.map(\.line)
    }

    @Test func ember4EnrollmentGrows() async throws {
        let lines = try await changes("pairs/NCT05514054_EMBER-4_A_2025-02-20_reduced.json", "pairs/NCT05514054_EMBER-4_B_2025-05-08_reduced.json")
        #expect(lines == ["Enrollment: 6000 --> 8000"])
    }

    @Test func inavo122MarkdownEscapesAreNoChange() async throws {
        let lines = try await changes(
            "pairs/NCT05894239_INAVO122_A_2025-05-08_reduced.json", "pairs/NCT05894239_INAVO122_B_2025-08_from_test_fixture.json")
        #expect(lines.isEmpty)
    }

    /// The reduced (undated) INAVO122 capture arriving after the dated one leaves the dated one
    /// current and reports nothing (issue 9, item 6).
    @Test func inavo122ReducedCaptureAfterTheDatedOneChangesNothing() async throws {
        let (store, pipeline) = try TestPipelines.make()
        for file in ["pairs/NCT05894239_INAVO122_B_2025-08_from_test_fixture.json", "pairs/NCT05894239_INAVO122_A_2025-05-08_reduced.json"] {
            let page = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path(file))), source: file)
            _ = try await pipeline.save(page.records, feed: nil)
        }
        let stored = try #require(try await store.trial(nctID: "NCT05894239"))
        #expect(stored.versions.count == 2)
        #expect(stored.trial.lastUpdatePosted != nil)
        #expect(stored.trial.overallStatus != nil)
        #expect(try await store.changes(ChangeQuery()).filter { $0.kind != .new }.isEmpty)
    }

    @Test func realFieldsNormalise() throws {
        let page = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path("single/aact_NCT00763412.json"))), source: "x")
        let trial = try #require(page.records.first?.trial)
        #expect(trial.startDate?.type == nil)
        #expect(trial.startDate?.precision == "month")
        let list = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path("list/capybara_default_page_2025-01.json"))), source: "x")
        #expect(list.nextPageToken == "KV165pePlfg")
        #expect(list.records.contains { $0.trial.interventions.isEmpty })
    }
}

extension RealTrialDataTests {
    /// DIFF-CASES.md section C: the same trial in the retired full_studies JSON and in v2.
    @Test func legacyFullStudiesAndV2AreTheSameTrial() async throws {
        let legacy = try TrialDocuments.parse(
            Data(contentsOf: URL(fileURLWithPath: Self.path("pairs/NCT05594173_A_2023-05_legacy_fullstudies.json"))), source: "A")
        let current = try TrialDocuments.parse(Data(contentsOf: URL(fileURLWithPath: Self.path("pairs/NCT05594173_B_2024-06_v2.json"))), source: "B")
        var old = try #require(legacy.records.first?.trial)
        var new = try #require(current.records.first?.trial)
        #expect(old.startDate == TrialDate(year: 2019, month: 9, day: 13, type: "ACTUAL"))
        #expect(old.enrollment == Enrollment(count: 20, type: "ACTUAL"))
        #expect(TrialDiff.changes(from: old, to: new).isEmpty)
        // Beyond the compared fields, everything but the snapshot stamp and module list matches too.
        old.versionHolder = nil
        new.versionHolder = nil
        old.captured = []
        new.captured = []
        old.references = []
        new.references = []
        #expect(old == new)
        #expect(try await changes("pairs/NCT05594173_A_2023-05_legacy_fullstudies.json", "pairs/NCT05594173_B_2024-06_v2.json").isEmpty)
    }

    @Test(arguments: ["legacy/full_studies_json/aact_NCT00023673.json", "legacy/full_studies_json/aact_results_2.json"])
    func legacyFullStudiesIngest(file: String) throws {
        let url = SharedRealData.root.appendingPathComponent("ctgov").appendingPathComponent(file)
        let page = try TrialDocuments.parse(Data(contentsOf: url), source: file)
        #expect(!page.records.isEmpty)
        #expect(page.problems.isEmpty)
    }
}

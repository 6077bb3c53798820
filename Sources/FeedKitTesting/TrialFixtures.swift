import FeedKit
import FeedModel
import Foundation
import Logging

/// Made-up ClinicalTrials.gov API v2 studies in the exact v2 structure (module names, date structs,
/// enums), so diff cases can be written as two documents.
public enum TrialFixtures {
    public struct Study: Sendable {
        public var nct = "NCT09990001"
        public var title = "A Study of Drug X in HER2-low Breast Cancer"
        public var status: String? = "RECRUITING"
        public var whyStopped: String?
        public var start: (String, String?)? = ("2024-01-15", "ACTUAL")
        public var primaryCompletion: (String, String?)? = ("2025-10", "ESTIMATED")
        public var completion: (String, String?)? = ("2025-10", "ESTIMATED")
        public var lastUpdate = "2026-01-10"
        public var enrollment: (Int, String?)? = (240, "ESTIMATED")
        public var phases: [String]? = ["PHASE2"]
        public var sponsor = "Acme Oncology"
        public var interventions: [(String, String, [String])] = [("DRUG", "Drug X", ["AX-101"])]
        public var conditions = ["HER2-low Breast Cancer"]
        public var hasResults = false
        public var resultsFirstPost: String?
        public var withStatusModule = true

        public init(
            nct: String = "NCT09990001",
            title: String = "A Study of Drug X in HER2-low Breast Cancer",
            status: String? = "RECRUITING",
            whyStopped: String? = nil,
            start: (String, String?)? = ("2024-01-15", "ACTUAL"),
            primaryCompletion: (String, String?)? = ("2025-10", "ESTIMATED"),
            completion: (String, String?)? = ("2025-10", "ESTIMATED"),
            lastUpdate: String = "2026-01-10",
            enrollment: (Int, String?)? = (240, "ESTIMATED"),
            phases: [String]? = ["PHASE2"],
            sponsor: String = "Acme Oncology",
            interventions: [(String, String, [String])] = [("DRUG", "Drug X", ["AX-101"])],
            conditions: [String] = ["HER2-low Breast Cancer"],
            hasResults: Bool = false,
            resultsFirstPost: String? = nil,
            withStatusModule: Bool = true
        ) {
            self.nct = nct
            self.title = title
            self.status = status
            self.whyStopped = whyStopped
            self.start = start
            self.primaryCompletion = primaryCompletion
            self.completion = completion
            self.lastUpdate = lastUpdate
            self.enrollment = enrollment
            self.phases = phases
            self.sponsor = sponsor
            self.interventions = interventions
            self.conditions = conditions
            self.hasResults = hasResults
            self.resultsFirstPost = resultsFirstPost
            self.withStatusModule = withStatusModule
        }
    }

    public static func json(_ study: Study) -> String {
        func dateStruct(_ value: (String, String?)?) -> Any? {
            guard let value else { return nil }
            var object: [String: Any] = ["date": value.0]
            if let type = value.1 { object["type"] = type }
            return object
        }
        var status: [String: Any] = [
            "statusVerifiedDate": String(study.lastUpdate.prefix(7)),
            "studyFirstSubmitDate": "2023-11-02",
            "studyFirstPostDateStruct": ["date": "2023-11-09", "type": "ACTUAL"],
            "lastUpdateSubmitDate": study.lastUpdate,
            "lastUpdatePostDateStruct": ["date": study.lastUpdate, "type": "ACTUAL"],
        ]
        status["overallStatus"] = study.status
        status["whyStopped"] = study.whyStopped
        status["startDateStruct"] = dateStruct(study.start)
        status["primaryCompletionDateStruct"] = dateStruct(study.primaryCompletion)
        status["completionDateStruct"] = dateStruct(study.completion)
        if let posted = study.resultsFirstPost { status["resultsFirstPostDateStruct"] = ["date": posted, "type": "ACTUAL"] }
        var design: [String: Any] = ["studyType": "INTERVENTIONAL"]
        design["phases"] = study.phases
        if let enrollment = study.enrollment {
            var info: [String: Any] = ["count": enrollment.0]
            if let type = enrollment.1 { info["type"] = type }
            design["enrollmentInfo"] = info
        }
        var protocolSection: [String: Any] = [
            "identificationModule": [
                "nctId": study.nct, "orgStudyIdInfo": ["id": "ACME-001"], "organization": ["fullName": study.sponsor, "class": "INDUSTRY"],
                "briefTitle": study.title, "officialTitle": "A Phase 2 Study of \(study.title)",
            ],
            "sponsorCollaboratorsModule": ["responsibleParty": ["type": "SPONSOR"], "leadSponsor": ["name": study.sponsor, "class": "INDUSTRY"]],
            "conditionsModule": ["conditions": study.conditions, "keywords": ["HER2-low"]],
            "designModule": design,
            "armsInterventionsModule": [
                "armGroups": [["label": "Arm A", "type": "EXPERIMENTAL", "interventionNames": study.interventions.map { "Drug: \($0.1)" }]],
                "interventions": study.interventions.map { item -> [String: Any] in
                    var object: [String: Any] = ["type": item.0, "name": item.1, "armGroupLabels": ["Arm A"]]
                    if !item.2.isEmpty { object["otherNames"] = item.2 }
                    return object
                },
            ],
        ]
        if study.withStatusModule { protocolSection["statusModule"] = status }
        // A reduced capture (fields= without the status module) comes without the derived section
        // too, as the real ones do: nothing in it has a date.
        var document: [String: Any] = ["protocolSection": protocolSection, "hasResults": study.hasResults]
        if study.withStatusModule { document["derivedSection"] = ["miscInfoModule": ["versionHolder": study.lastUpdate]] }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public static func record(_ study: Study) throws -> TrialRecord {
        try TrialDocuments.record(Data(json(study).utf8), source: "fixture", label: nil)
    }

    public static func trial(_ study: Study) throws -> Trial { try record(study).trial }

    /// A `/studies` list page.
    public static func page(_ studies: [Study], next: String? = nil, total: Int? = nil) -> String {
        var text = "{\"studies\":[" + studies.map(json).joined(separator: ",") + "]"
        if let next { text += ",\"nextPageToken\":\"\(next)\"" }
        if let total { text += ",\"totalCount\":\(total)" }
        return text + "}"
    }
}

import FeedModel
import Foundation

/// Reads the classic API's `full_studies` JSON (retired June 2024) into the same normalised
/// ``Trial`` as a v2 document, so an archive captured before the switch diffs cleanly against
/// v2 captures: written-out dates (`September 13, 2019`), display enums (`Active, not recruiting`,
/// `Phase 1`, `Anticipated`), numbers as strings and wrapped lists (`ConditionList.Condition`).
enum LegacyStudy {
    /// The normalised trial of a legacy `Study` object, or nil without an NCTId.
    static func trial(_ study: [String: Any]) -> Trial? {
        guard let section = study["ProtocolSection"] as? [String: Any] else { return nil }
        let identification = section["IdentificationModule"] as? [String: Any]
        guard let id = (identification?["NCTId"] as? String)?.trimmingCharacters(in: .whitespaces).uppercased(), Trial.isNCTID(id) else {
            return nil
        }
        var trial = Trial(nctID: id)
        trial.briefTitle = RegistryText.normalize(identification?["BriefTitle"] as? String) ?? ""
        trial.officialTitle = RegistryText.normalize(identification?["OfficialTitle"] as? String)
        trial.acronym = RegistryText.normalize(identification?["Acronym"] as? String)
        if let status = section["StatusModule"] as? [String: Any] {
            trial.captured.append(.status)
            trial.overallStatus = (status["OverallStatus"] as? String).map(enumValue)
            trial.lastKnownStatus = (status["LastKnownStatus"] as? String).map(enumValue)
            trial.whyStopped = RegistryText.normalize(status["WhyStopped"] as? String)
            trial.startDate = date(status, "StartDate")
            trial.primaryCompletionDate = date(status, "PrimaryCompletionDate")
            trial.completionDate = date(status, "CompletionDate")
            trial.firstPosted = date(status, "StudyFirstPostDate")
            trial.lastUpdatePosted = date(status, "LastUpdatePostDate")
            trial.resultsFirstPosted = date(status, "ResultsFirstPostDate")
        }
        if let sponsors = section["SponsorCollaboratorsModule"] as? [String: Any] {
            trial.captured.append(.sponsor)
            if let lead = sponsors["LeadSponsor"] as? [String: Any], let name = RegistryText.normalize(lead["LeadSponsorName"] as? String) {
                trial.leadSponsor = Sponsor(name: name, agencyClass: (lead["LeadSponsorClass"] as? String)?.uppercased())
            }
            trial.collaborators = list(sponsors["CollaboratorList"], "Collaborator").compactMap { item in
                guard let item = item as? [String: Any], let name = RegistryText.normalize(item["CollaboratorName"] as? String) else { return nil }
                return Sponsor(name: name, agencyClass: (item["CollaboratorClass"] as? String)?.uppercased())
            }
        }
        if let conditions = section["ConditionsModule"] as? [String: Any] {
            trial.captured.append(.conditions)
            trial.conditions = list(conditions["ConditionList"], "Condition").compactMap { RegistryText.normalize($0 as? String) }
            trial.keywords = list(conditions["KeywordList"], "Keyword").compactMap { RegistryText.normalize($0 as? String) }
        }
        if let design = section["DesignModule"] as? [String: Any] {
            trial.captured.append(.design)
            trial.phases = list(design["PhaseList"], "Phase").compactMap { ($0 as? String).flatMap(phase) }
            if let info = design["EnrollmentInfo"] as? [String: Any], let count = int(info["EnrollmentCount"]) {
                trial.enrollment = Enrollment(count: count, type: (info["EnrollmentType"] as? String).map(dateType))
            }
        }
        if let arms = section["ArmsInterventionsModule"] as? [String: Any] {
            trial.captured.append(.interventions)
            trial.interventions = list(arms["InterventionList"], "Intervention").compactMap { item in
                guard let item = item as? [String: Any], let name = RegistryText.normalize(item["InterventionName"] as? String) else { return nil }
                let others = list(item["InterventionOtherNameList"], "InterventionOtherName").compactMap { RegistryText.normalize($0 as? String) }
                return Intervention(type: (item["InterventionType"] as? String).map(enumValue), name: name, otherNames: others)
            }
        }
        if let references = section["ReferencesModule"] as? [String: Any] {
            trial.captured.append(.references)
            trial.references = list(references["ReferenceList"], "Reference").compactMap { item in
                guard let item = item as? [String: Any] else { return nil }
                return TrialReference(pmid: item["ReferencePMID"] as? String, type: (item["ReferenceType"] as? String)?.uppercased())
            }
        }
        let eligibility = section["EligibilityModule"] as? [String: Any]
        trial.eligibility = RegistryText.normalize(eligibility?["EligibilityCriteria"] as? String)
        trial.hasResults = study["ResultsSection"] != nil
        let misc = (study["DerivedSection"] as? [String: Any])?["MiscInfoModule"] as? [String: Any]
        trial.versionHolder = (misc?["VersionHolder"] as? String).flatMap { TrialDate(legacy: $0) }.map(\.earliestDay)
        return trial
    }

    /// `Active, not recruiting` → `ACTIVE_NOT_RECRUITING`; `Unknown status` → `UNKNOWN`.
    static func enumValue(_ text: String) -> String {
        let value = text.uppercased().replacingOccurrences(of: ",", with: "").split(separator: " ").joined(separator: "_")
        return value == "UNKNOWN_STATUS" ? "UNKNOWN" : value
    }

    /// `Phase 1` → `PHASE1`, `Early Phase 1` → `EARLY_PHASE1`, `Not Applicable` → `NA`.
    static func phase(_ text: String) -> String? {
        let lower = text.lowercased()
        if lower.contains("not applicable") || lower == "n/a" { return "NA" }
        guard let number = lower.last(where: \.isNumber) else { return nil }
        return (lower.hasPrefix("early") ? "EARLY_PHASE" : "PHASE") + String(number)
    }

    /// `Actual` → ACTUAL; `Anticipated`, `Estimate`, `Estimated` → ESTIMATED.
    static func dateType(_ text: String) -> String {
        text.lowercased() == "actual" ? "ACTUAL" : "ESTIMATED"
    }

    private static func date(_ status: [String: Any], _ name: String) -> TrialDate? {
        guard let value = (status["\(name)Struct"] as? [String: Any]) else { return nil }
        var date = (value[name] as? String).flatMap { TrialDate(legacy: $0) }
        date?.type = (value["\(name)Type"] as? String).map(dateType)
        return date
    }

    private static func list(_ wrapper: Any?, _ key: String) -> [Any] {
        (wrapper as? [String: Any])?[key] as? [Any] ?? []
    }

    private static func int(_ value: Any?) -> Int? {
        if let number = value as? Int { return number }
        return (value as? String).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}

extension TrialDate {
    /// Reads the classic API's written-out dates: `September 13, 2019`, `October 2022`, `2019`.
    init?(legacy text: String) {
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        switch words.count {
        case 1:
            guard let year = Int(words[0]) else { return nil }
            self.init(year: year)
        case 2:
            guard let month = PublicationDate.month(from: words[0]), let year = Int(words[1]) else { return nil }
            self.init(year: year, month: month)
        case 3:
            guard let month = PublicationDate.month(from: words[0]), let day = Int(words[1]), let year = Int(words[2]) else { return nil }
            self.init(year: year, month: month, day: day)
        default:
            return nil
        }
    }
}

import Foundation

/// One ClinicalTrials.gov study, normalised: what bmfeed compares from version to version.
///
/// Only what users watch is kept, in a form where registry format noise (markdown escapes, HTML
/// entities, whitespace, field order) cannot show up as a change. `captured` says which modules
/// the source document carried: a reduced capture without a status module says nothing about the
/// status, so its absence must not read as "(none)".
public struct Trial: Sendable, Hashable, Codable {
    /// The modules of `protocolSection` a document carried.
    public enum Module: String, Sendable, Hashable, Codable, CaseIterable {
        case status, sponsor, conditions, design, interventions, references
    }

    public var nctID: String
    public var briefTitle: String = ""
    public var officialTitle: String?
    public var acronym: String?
    public var overallStatus: String?
    public var lastKnownStatus: String?
    public var whyStopped: String?
    /// `designModule.phases` as the registry sends them: `["PHASE2", "PHASE3"]`.
    public var phases: [String] = []
    public var enrollment: Enrollment?
    public var startDate: TrialDate?
    public var primaryCompletionDate: TrialDate?
    public var completionDate: TrialDate?
    public var firstPosted: TrialDate?
    public var lastUpdatePosted: TrialDate?
    public var resultsFirstPosted: TrialDate?
    public var leadSponsor: Sponsor?
    public var collaborators: [Sponsor] = []
    public var interventions: [Intervention] = []
    public var conditions: [String] = []
    public var keywords: [String] = []
    public var references: [TrialReference] = []
    /// Eligibility criteria, normalised: tagged (biomarker inclusion rules), not reported as a change.
    public var eligibility: String?
    public var hasResults: Bool?
    /// `derivedSection.miscInfoModule.versionHolder`: the data snapshot the document came from.
    public var versionHolder: CalendarDay?
    /// In a fixed order (an array, not a set) so the encoded form, and its hash, is canonical.
    public var captured: [Module] = []

    public init(nctID: String) {
        self.nctID = nctID
    }

    /// P1, P1/2, P2, P2/3, P3, P4, P=N/A; nil when the registry gives no phase.
    public var phaseLabel: String? {
        Self.phaseLabel(phases)
    }

    public static func phaseLabel(_ phases: [String]) -> String? {
        let numbers = phases.compactMap { phase -> Int? in
            switch phase.uppercased() {
            case "EARLY_PHASE1", "PHASE1": return 1
            case "PHASE2": return 2
            case "PHASE3": return 3
            case "PHASE4": return 4
            default: return nil
            }
        }
        if numbers.isEmpty { return phases.contains { $0.uppercased() == "NA" } ? "P=N/A" : nil }
        let sorted = Array(Set(numbers)).sorted()
        return "P" + sorted.map(String.init).joined(separator: "/")
    }

    /// The status in the registry's words: `ACTIVE_NOT_RECRUITING` → "Active, not recruiting".
    public var statusText: String? { overallStatus.map(Self.statusText) }

    public static func statusText(_ status: String) -> String {
        switch status.uppercased() {
        case "ACTIVE_NOT_RECRUITING": return "Active, not recruiting"
        case "COMPLETED": return "Completed"
        case "ENROLLING_BY_INVITATION": return "Enrolling by invitation"
        case "NOT_YET_RECRUITING": return "Not yet recruiting"
        case "RECRUITING": return "Recruiting"
        case "SUSPENDED": return "Suspended"
        case "TERMINATED": return "Terminated"
        case "WITHDRAWN": return "Withdrawn"
        case "AVAILABLE": return "Available"
        case "NO_LONGER_AVAILABLE": return "No longer available"
        case "TEMPORARILY_NOT_AVAILABLE": return "Temporarily not available"
        case "APPROVED_FOR_MARKETING": return "Approved for marketing"
        case "WITHHELD": return "Withheld"
        case "UNKNOWN": return "Unknown status"
        default: return status.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// The trial line users read: `P1, N=115, Active, not recruiting, Daiichi Sankyo`.
    public var summaryLine: String {
        var parts: [String] = []
        if let phaseLabel { parts.append(phaseLabel) }
        if let enrollment { parts.append("N=\(enrollment.count)") }
        if let statusText { parts.append(statusText) }
        if let sponsor = leadSponsor?.name { parts.append(sponsor) }
        return parts.joined(separator: ", ")
    }
}

/// `enrollmentInfo`: a count and whether it is ACTUAL or ESTIMATED.
public struct Enrollment: Sendable, Hashable, Codable {
    public var count: Int
    public var type: String?

    public init(count: Int, type: String? = nil) {
        self.count = count
        self.type = type
    }
}

/// A lead sponsor or collaborator and its agency class (INDUSTRY, NIH, OTHER, …).
public struct Sponsor: Sendable, Hashable, Codable {
    public var name: String
    public var agencyClass: String?

    public init(name: String, agencyClass: String? = nil) {
        self.name = name
        self.agencyClass = agencyClass
    }
}

/// An intervention: type (DRUG, BIOLOGICAL, …), name and other names.
public struct Intervention: Sendable, Hashable, Codable {
    public var type: String?
    public var name: String
    public var otherNames: [String]

    public init(type: String? = nil, name: String, otherNames: [String] = []) {
        self.type = type
        self.name = name
        self.otherNames = otherNames
    }
}

/// A publication the registry links: its PMID and type (BACKGROUND, RESULT, DERIVED).
public struct TrialReference: Sendable, Hashable, Codable {
    public var pmid: String?
    public var type: String?

    public init(pmid: String? = nil, type: String? = nil) {
        self.pmid = pmid
        self.type = type
    }
}

extension Trial {
    /// `NCT` and eight digits, the registry's only id form: anything else (a crafted id that would
    /// become a link or a path) is refused where it is read.
    public static func isNCTID(_ text: String) -> Bool {
        text.count == 11 && text.hasPrefix("NCT") && text.dropFirst(3).allSatisfy { $0.isASCII && $0.isNumber }
    }
}

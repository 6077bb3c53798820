import FeedModel
import Foundation

/// The parts of an API v2 study document bmfeed reads, every field optional: reduced captures
/// and `fields=` projections leave out whole modules, and old records leave out types.
struct StudyDocument: Decodable {
    struct DateStruct: Decodable {
        var date: String?
        var type: String?
    }

    struct Organization: Decodable {
        var name: String?
        var `class`: String?
    }

    struct Identification: Decodable {
        var nctId: String?
        var briefTitle: String?
        var officialTitle: String?
        var acronym: String?
    }

    struct Status: Decodable {
        var overallStatus: String?
        var lastKnownStatus: String?
        var whyStopped: String?
        var startDateStruct: DateStruct?
        var primaryCompletionDateStruct: DateStruct?
        var completionDateStruct: DateStruct?
        var studyFirstPostDateStruct: DateStruct?
        var lastUpdatePostDateStruct: DateStruct?
        var resultsFirstPostDateStruct: DateStruct?
    }

    struct SponsorCollaborators: Decodable {
        var leadSponsor: Organization?
        var collaborators: [Organization]?
    }

    struct Conditions: Decodable {
        var conditions: [String]?
        var keywords: [String]?
    }

    struct EnrollmentInfo: Decodable {
        var count: LenientInt?
        var type: String?
    }

    struct Design: Decodable {
        var phases: [String]?
        var enrollmentInfo: EnrollmentInfo?
    }

    struct InterventionItem: Decodable {
        var type: String?
        var name: String?
        var otherNames: [String]?
    }

    struct ArmsInterventions: Decodable {
        var interventions: [InterventionItem]?
    }

    struct Reference: Decodable {
        var pmid: String?
        var type: String?
    }

    struct References: Decodable {
        var references: [Reference]?
    }

    struct Eligibility: Decodable {
        var eligibilityCriteria: String?
    }

    struct ProtocolSection: Decodable {
        var identificationModule: Identification?
        var statusModule: Status?
        var sponsorCollaboratorsModule: SponsorCollaborators?
        var conditionsModule: Conditions?
        var designModule: Design?
        var armsInterventionsModule: ArmsInterventions?
        var referencesModule: References?
        var eligibilityModule: Eligibility?
    }

    struct MiscInfo: Decodable {
        var versionHolder: String?
    }

    struct Derived: Decodable {
        var miscInfoModule: MiscInfo?
    }

    var protocolSection: ProtocolSection?
    var derivedSection: Derived?
    var hasResults: Bool?
}

/// An integer the registry may send as a number or (legacy) as a string.
struct LenientInt: Decodable {
    var value: Int?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self) {
            value = Int(text.trimmingCharacters(in: .whitespaces))
        }
    }
}

extension StudyDocument {
    /// The normalised trial; nil without an nctId inside the document (never taken from a file name).
    func trial() -> Trial? {
        guard let id = protocolSection?.identificationModule?.nctId?.trimmingCharacters(in: .whitespaces).uppercased(), Trial.isNCTID(id)
        else { return nil }
        var trial = Trial(nctID: id)
        let section = protocolSection
        let identification = section?.identificationModule
        trial.briefTitle = RegistryText.normalize(identification?.briefTitle) ?? ""
        trial.officialTitle = RegistryText.normalize(identification?.officialTitle)
        trial.acronym = RegistryText.normalize(identification?.acronym)
        if let status = section?.statusModule {
            trial.captured.append(.status)
            trial.overallStatus = status.overallStatus?.uppercased()
            trial.lastKnownStatus = status.lastKnownStatus?.uppercased()
            trial.whyStopped = RegistryText.normalize(status.whyStopped)
            trial.startDate = Self.date(status.startDateStruct)
            trial.primaryCompletionDate = Self.date(status.primaryCompletionDateStruct)
            trial.completionDate = Self.date(status.completionDateStruct)
            trial.firstPosted = Self.date(status.studyFirstPostDateStruct)
            trial.lastUpdatePosted = Self.date(status.lastUpdatePostDateStruct)
            trial.resultsFirstPosted = Self.date(status.resultsFirstPostDateStruct)
        }
        if let sponsors = section?.sponsorCollaboratorsModule {
            trial.captured.append(.sponsor)
            trial.leadSponsor = sponsors.leadSponsor.flatMap(Self.sponsor)
            trial.collaborators = (sponsors.collaborators ?? []).compactMap(Self.sponsor)
        }
        if let conditions = section?.conditionsModule {
            trial.captured.append(.conditions)
            trial.conditions = (conditions.conditions ?? []).compactMap(RegistryText.normalize)
            trial.keywords = (conditions.keywords ?? []).compactMap(RegistryText.normalize)
        }
        if let design = section?.designModule {
            trial.captured.append(.design)
            trial.phases = (design.phases ?? []).map { $0.uppercased() }
            if let count = design.enrollmentInfo?.count?.value {
                trial.enrollment = Enrollment(count: count, type: design.enrollmentInfo?.type?.uppercased())
            }
        }
        if let arms = section?.armsInterventionsModule {
            trial.captured.append(.interventions)
            trial.interventions = (arms.interventions ?? []).compactMap { item in
                guard let name = RegistryText.normalize(item.name) else { return nil }
                return Intervention(type: item.type?.uppercased(), name: name, otherNames: (item.otherNames ?? []).compactMap(RegistryText.normalize))
            }
        }
        if let references = section?.referencesModule {
            trial.captured.append(.references)
            trial.references = (references.references ?? []).map { TrialReference(pmid: $0.pmid, type: $0.type) }
        }
        trial.eligibility = RegistryText.normalize(section?.eligibilityModule?.eligibilityCriteria)
        trial.hasResults = hasResults
        trial.versionHolder = derivedSection?.miscInfoModule?.versionHolder.flatMap(CalendarDay.init(iso:))
        return trial
    }

    private static func date(_ value: DateStruct?) -> TrialDate? {
        TrialDate(value?.date, type: value?.type)
    }

    private static func sponsor(_ value: Organization) -> Sponsor? {
        RegistryText.normalize(value.name).map { Sponsor(name: $0, agencyClass: value.class?.uppercased()) }
    }
}

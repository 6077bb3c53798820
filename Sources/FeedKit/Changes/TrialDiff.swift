/// Compares two normalised versions of a trial and says what changed, in the users' words.
///
/// Fields of a module that one side did not capture (a reduced document, a `fields=`
/// projection) are not compared: missing data is not a change. Lists are matched by normalised
/// name, never by position, so a reorder is not a swap.
public enum TrialDiff {
    /// The changes from `old` to `new`; a first sighting (`old == nil`) is one `new` change.
    public static func changes(from old: Trial?, to new: Trial) -> [TrialChange] {
        guard let old else {
            let phase = new.phaseLabel.map { "\($0) " } ?? ""
            return [TrialChange(kind: .new, field: "trial", new: ChangeValue(text: new.briefTitle), line: "New \(phase)trial")]
        }
        var changes: [TrialChange] = []
        let both = Set(old.captured).intersection(new.captured)
        if both.contains(.status) {
            if let change = status(old, new) { changes.append(change) }
            let dates: [(String, String, TrialDate?, TrialDate?)] = [
                ("startDate", "Trial start date", old.startDate, new.startDate),
                ("primaryCompletionDate", "Trial primary completion date", old.primaryCompletionDate, new.primaryCompletionDate),
                ("completionDate", "Trial completion date", old.completionDate, new.completionDate),
            ]
            for (field, label, before, after) in dates {
                if let change = date(before, after, field: field, label: label) { changes.append(change) }
            }
        }
        if both.contains(.design) {
            if let change = enrollment(old.enrollment, new.enrollment) { changes.append(change) }
            if old.phaseLabel != new.phaseLabel {
                changes.append(
                    TrialChange(
                        kind: .phase, field: "phases", old: ChangeValue(text: old.phases.joined(separator: ",")),
                        new: ChangeValue(text: new.phases.joined(separator: ",")),
                        line: "Phase: \(old.phaseLabel ?? none) --> \(new.phaseLabel ?? none)"))
            }
        }
        if both.contains(.sponsor), let change = sponsor(old.leadSponsor, new.leadSponsor) { changes.append(change) }
        if both.contains(.interventions) { changes += interventions(old.interventions, new.interventions) }
        if let change = results(old, new) { changes.append(change) }
        return changes
    }

    private static let none = "(none)"

    // MARK: - Fields

    private static func status(_ old: Trial, _ new: Trial) -> TrialChange? {
        guard let to = new.overallStatus, old.overallStatus != to else { return nil }
        let label: String
        switch to {
        case "TERMINATED": label = "Trial termination"
        case "WITHDRAWN": label = "Trial withdrawal"
        case "SUSPENDED": label = "Trial suspension"
        case "COMPLETED": label = "Trial completion"
        default: label = "Trial status"
        }
        var line = "\(label): \(old.statusText ?? none) --> \(new.statusText ?? none)"
        if let why = new.whyStopped, ["TERMINATED", "WITHDRAWN", "SUSPENDED"].contains(to) { line += " (\(why))" }
        return TrialChange(
            kind: .status, field: "overallStatus", old: old.overallStatus.map { ChangeValue(text: $0) }, new: ChangeValue(text: to), line: line)
    }

    /// Never `X --> X`: when the months read the same, the day or the type that changed is shown.
    static func date(_ old: TrialDate?, _ new: TrialDate?, field: String, label: String) -> TrialChange? {
        let line: String
        switch (old, new) {
        case (nil, nil):
            return nil
        case (nil, let new?):
            line = "\(none) --> \(new.display())"
        case (let old?, nil):
            line = "\(old.display()) --> \(none)"
        case (let old?, let new?):
            let typeFlips = old.type != nil && new.type != nil && old.type != new.type
            if old.value == new.value && !typeFlips { return nil }
            if old.display() != new.display() {
                line = "\(old.display()) --> \(new.display())"
            } else {
                let showDay = old.value != new.value
                func side(_ date: TrialDate) -> String {
                    let text = date.display(showDay: showDay)
                    return typeFlips ? "\(text) (\(date.type?.lowercased() ?? ""))" : text
                }
                line = "\(side(old)) --> \(side(new))"
            }
        }
        return TrialChange(kind: .dates, field: field, old: old.map(ChangeValue.init), new: new.map(ChangeValue.init), line: "\(label): \(line)")
    }

    static func enrollment(_ old: Enrollment?, _ new: Enrollment?) -> TrialChange? {
        guard old != nil || new != nil else { return nil }
        let typeFlips = old?.type != nil && new?.type != nil && old?.type != new?.type
        if let old, let new, old.count == new.count, !typeFlips { return nil }
        func side(_ value: Enrollment?) -> String {
            guard let value else { return none }
            return typeFlips ? "\(value.count) (\(value.type?.lowercased() ?? ""))" : String(value.count)
        }
        return TrialChange(
            kind: .enrollment, field: "enrollment", old: old.map(ChangeValue.init), new: new.map(ChangeValue.init),
            line: "Enrollment: \(side(old)) --> \(side(new))")
    }

    private static func sponsor(_ old: Sponsor?, _ new: Sponsor?) -> TrialChange? {
        guard RegistryText.matchKey(old?.name ?? "") != RegistryText.matchKey(new?.name ?? "") else { return nil }
        return TrialChange(
            kind: .sponsor, field: "leadSponsor", old: old.map { ChangeValue(text: $0.name, type: $0.agencyClass) },
            new: new.map { ChangeValue(text: $0.name, type: $0.agencyClass) },
            line: "Lead sponsor: \(old?.name ?? none) --> \(new?.name ?? none)")
    }

    /// Matched by name; an unmatched pair whose words contain one another, or that share an
    /// other name, is a rename ("ZW25" → "ZW25 (Zanidatamab)"), not a removal and an addition.
    static func interventions(_ old: [Intervention], _ new: [Intervention]) -> [TrialChange] {
        let oldKeys = Set(old.map { RegistryText.matchKey($0.name) })
        let newKeys = Set(new.map { RegistryText.matchKey($0.name) })
        var removed = old.filter { !newKeys.contains(RegistryText.matchKey($0.name)) }
        var added = new.filter { !oldKeys.contains(RegistryText.matchKey($0.name)) }
        var changes: [TrialChange] = []
        for candidate in removed {
            guard let index = added.firstIndex(where: { isRename(candidate, $0) }) else { continue }
            let renamed = added.remove(at: index)
            removed.removeAll { $0 == candidate }
            changes.append(
                TrialChange(
                    kind: .interventions, field: "interventions", old: ChangeValue(text: candidate.name, type: candidate.type),
                    new: ChangeValue(text: renamed.name, type: renamed.type), line: "Intervention renamed: \(candidate.name) --> \(renamed.name)"))
        }
        changes += added.map {
            TrialChange(
                kind: .interventions, field: "interventions", new: ChangeValue(text: $0.name, type: $0.type), line: "Intervention added: \($0.name)")
        }
        changes += removed.map {
            TrialChange(
                kind: .interventions, field: "interventions", old: ChangeValue(text: $0.name, type: $0.type), line: "Intervention removed: \($0.name)"
            )
        }
        return changes
    }

    private static func isRename(_ old: Intervention, _ new: Intervention) -> Bool {
        let oldWords = words(old.name)
        let newWords = words(new.name)
        if !oldWords.isEmpty && !newWords.isEmpty && (oldWords.isSubset(of: newWords) || newWords.isSubset(of: oldWords)) { return true }
        let oldNames = Set(([old.name] + old.otherNames).map(RegistryText.matchKey))
        let newNames = Set(([new.name] + new.otherNames).map(RegistryText.matchKey))
        return !oldNames.isDisjoint(with: newNames)
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    }

    private static func results(_ old: Trial, _ new: Trial) -> TrialChange? {
        let hadResults = old.hasResults == true || old.resultsFirstPosted != nil
        let hasResults = new.hasResults == true || new.resultsFirstPosted != nil
        guard !hadResults, hasResults, old.hasResults != nil || old.captured.contains(.status) else { return nil }
        let when = new.resultsFirstPosted.map { ": \($0.display())" } ?? ""
        return TrialChange(
            kind: .results, field: "results", old: ChangeValue(text: "false"),
            new: new.resultsFirstPosted.map(ChangeValue.init) ?? ChangeValue(text: "true"), line: "Results posted\(when)")
    }
}

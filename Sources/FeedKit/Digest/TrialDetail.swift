import Foundation

/// Renders one stored trial for `bmfeed show NCT…`: the trial line and every change with its date.
public enum TrialDetail {
    public static func render(_ stored: StoredTrial, history: Bool = false, includeRaw: Bool = false) -> String {
        let trial = stored.trial
        var lines = ["\(trial.nctID)  \(trial.briefTitle)", trial.summaryLine]
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append(name.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        lines.append("")
        field("Official title", trial.officialTitle)
        field("Acronym", trial.acronym)
        field("Why stopped", trial.whyStopped)
        field("Start", trial.startDate.map(describe))
        field("Primary compl.", trial.primaryCompletionDate.map(describe))
        field("Completion", trial.completionDate.map(describe))
        field("Enrollment", trial.enrollment.map { "\($0.count)" + ($0.type.map { " (\($0.lowercased()))" } ?? "") })
        field("Sponsor", trial.leadSponsor.map { $0.name + ($0.agencyClass.map { " [\($0)]" } ?? "") })
        field("Collaborators", trial.collaborators.map(\.name).joined(separator: "; "))
        field("Conditions", trial.conditions.joined(separator: "; "))
        field("Interventions", trial.interventions.map { ($0.type.map { "\($0.capitalized): " } ?? "") + $0.name }.joined(separator: "; "))
        field("Results", trial.hasResults == true ? "posted" + (trial.resultsFirstPosted.map { " \($0.display(showDay: true))" } ?? "") : nil)
        field("Last update", trial.lastUpdatePosted.map { $0.display(showDay: true) })
        field("Feeds", stored.feeds.joined(separator: ", "))
        if !stored.changes.isEmpty {
            lines.append("")
            lines.append("Changes")
            for change in stored.changes {
                let when = change.toLastUpdatePostDate ?? change.detectedAt.formatted(.iso8601)
                lines.append("  \(when)  \(change.line)")
            }
        }
        if history {
            lines.append("")
            lines.append("Versions (\(stored.versions.count))")
            for version in stored.versions {
                lines.append(
                    "  last update posted \(version.lastUpdatePostDate ?? "?"), fetched \(version.fetchedAt.formatted(.iso8601)), \(version.rawSize) bytes"
                )
            }
        }
        if includeRaw {
            lines.append("")
            lines.append(stored.rawJSON)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ date: TrialDate) -> String {
        date.display(showDay: true) + (date.type.map { " (\($0.lowercased()))" } ?? "")
    }
}

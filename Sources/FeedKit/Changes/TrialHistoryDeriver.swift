import FeedModel
import FeedStore
import Foundation

/// Turns a trial's ordered versions into its change history: a pure function the pipeline hands
/// the store with every batch (``TrialBatch/history``), so every store derives alike.
///
/// A change is the same change when it says the same thing about the same two postings; version
/// ids shift when an older capture slots in, so they are not part of its identity, and a change
/// already known keeps the time it was first detected.
///
/// An undated capture (no last update posted and no data snapshot: a reduced `fields=` answer, a
/// hand-made file) is kept, but it is never the trial's current state while a dated version
/// exists, and it never produces changes against dated ones: its fetch day says nothing about
/// how new its data is.
public enum TrialHistoryDeriver {
    public static func derive(_ history: TrialHistory) -> DerivedHistory {
        let dated = history.versions.filter { isDated($0.trial) }
        let chain = dated.isEmpty ? history.versions : dated
        guard let current = chain.last else { return DerivedHistory(changes: [], fresh: [], current: 0) }
        func key(_ kind: TrialChange.Kind, _ field: String, _ line: String, _ from: String?, _ to: String?) -> String {
            kind == .new ? kind.rawValue : [kind.rawValue, field, line, from ?? "", to ?? ""].joined(separator: "|")
        }
        var known: [String: Date] = [:]
        for change in history.known {
            known[key(change.kind, change.field, change.line, change.fromLastUpdatePostDate, change.toLastUpdatePostDate)] = change.detectedAt
        }
        var changes: [DerivedHistory.Change] = []
        var fresh: [TrialChangeRecord] = []
        var previous: TrialHistory.Version?
        for version in chain {
            let from = previous?.trial.lastUpdatePosted?.raw
            let to = version.trial.lastUpdatePosted?.raw
            for change in TrialDiff.changes(from: previous?.trial, to: version.trial) {
                let identity = key(change.kind, change.field, change.line, from, to)
                let record = TrialChangeRecord(
                    nctId: history.nctID, title: current.trial.briefTitle, kind: change.kind, field: change.field, old: change.old,
                    new: change.new, line: change.line, detectedAt: known[identity] ?? history.now, fromLastUpdatePostDate: from,
                    toLastUpdatePostDate: to)
                changes.append(DerivedHistory.Change(record: record, fromVersion: previous?.id, toVersion: version.id))
                if known[identity] == nil { fresh.append(record) }
            }
            previous = version
        }
        return DerivedHistory(changes: changes, fresh: fresh, current: current.id)
    }

    /// A version whose data has a date: a last update posted, or the snapshot it came from.
    public static func isDated(_ trial: Trial) -> Bool {
        trial.lastUpdatePosted != nil || trial.versionHolder != nil
    }

    /// The key a version sorts by among its trial's versions: last update posted, else the data
    /// snapshot's day, else the day it was fetched. An older capture ingested late slots in.
    public static func orderKey(_ trial: Trial, fetchedAt: Date) -> String {
        (trial.lastUpdatePosted?.earliestDay ?? trial.versionHolder ?? CalendarDay(fetchedAt)).iso
    }
}

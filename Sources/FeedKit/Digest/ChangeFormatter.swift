/// Renders detected trial changes for the terminal: one line per change under the trial's id and
/// title, trials in the order of their newest change.
public enum ChangeFormatter {
    public static func render(_ changes: [TrialChangeRecord]) -> String {
        var order: [String] = []
        var groups: [String: [TrialChangeRecord]] = [:]
        for change in changes {
            if groups[change.nctId] == nil { order.append(change.nctId) }
            groups[change.nctId, default: []].append(change)
        }
        return order.map { id in
            let group = groups[id] ?? []
            let lines = group.map { change in
                "  \(change.line)" + (change.toLastUpdatePostDate.map { "  (posted \($0))" } ?? "")
            }
            return "\(id)  \(group.first?.title ?? "")\n" + lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }
}

/// Renders detected trial changes for the terminal: one line per change under the trial's id and title.
public enum ChangeFormatter {
    public static func render(_ changes: [TrialChangeRecord]) -> String {
        var text = ""
        var current: String?
        for change in changes {
            if change.nctId != current {
                if current != nil { text += "\n" }
                text += "\(change.nctId)  \(change.title)\n"
                current = change.nctId
            }
            let posted = change.toLastUpdatePostDate.map { "  (posted \($0))" } ?? ""
            text += "  \(change.line)\(posted)\n"
        }
        return text
    }
}

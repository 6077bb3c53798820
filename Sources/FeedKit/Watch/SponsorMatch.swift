import FeedTagging
import Foundation

/// A sponsor watch matches on words: "Lilly" watches "Eli Lilly and Company" and "Lilly Research
/// Laboratories"; "astrazeneca" watches "AstraZeneca"; every word of the watch must be a word of the
/// sponsor's name (or, from four letters on, the start of one: "Astra" → "AstraZeneca").
public enum SponsorMatch {
    public static func matches(_ watch: String, _ sponsor: String) -> Bool {
        let wanted = words(watch)
        guard !wanted.isEmpty else { return false }
        let have = words(sponsor)
        return wanted.allSatisfy { word in have.contains { $0 == word || (word.count >= 4 && $0.hasPrefix(word)) } }
    }

    /// The stored sponsor names a watch matches.
    public static func names(_ watch: String, in sponsors: [String]) -> [String] {
        sponsors.filter { matches(watch, $0) }
    }

    /// The stored sponsor nearest a misspelt watch ("Lily" → "Eli Lilly and Company"), by the edit
    /// distance of its closest word; nil when nothing is near.
    public static func nearest(_ watch: String, in sponsors: [String]) -> String? {
        let wanted = words(watch)
        var best: (String, Int)?
        for sponsor in sponsors {
            let have = words(sponsor)
            guard !have.isEmpty else { continue }
            // A word that starts a word of the name ("Co" of "Company") costs nothing.
            let distance = wanted.reduce(0) { sum, word in
                sum + (have.map { $0.hasPrefix(word) ? 0 : Suggestions.editDistance(word, $0) }.min() ?? word.count)
            }
            if distance < (best?.1 ?? Int.max) { best = (sponsor, distance) }
        }
        let length = wanted.reduce(0) { $0 + $1.count }
        guard let (name, distance) = best, distance <= min(3, max(1, length / 3)) else { return nil }
        return name
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}

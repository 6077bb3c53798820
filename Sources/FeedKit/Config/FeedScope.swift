import FeedModel
import FeedStore
import FeedTagging
import Foundation

/// A feed as a saved query over the store: an entry belongs to a feed when the feed's fetch
/// found it, or when its tags match the feed's biomarker (and, when feeds.yml sets them, one of
/// its `drugs` and one of its `genes`). So a bulk-ingested paper on HER2-low shows up in the
/// her2-low feed, and an asthma paper ingested with `--feed her2-low` does not.
extension Feed {
    /// The tag groups an entry must all match (any tag within a group).
    public var tagGroups: [[TagFilter]] {
        var groups = [[TagFilter(kind: .alterations, value: biomarker)]]
        if !drugs.isEmpty { groups.append(drugs.map { TagFilter(kind: .drugs, value: $0) }) }
        if !genes.isEmpty { groups.append(genes.map { TagFilter(kind: .genes, value: $0) }) }
        return groups
    }
}

/// Resolves the names feeds.yml gives (biomarker, drugs, genes) to the tags entries carry, or
/// refuses them with the nearest known name, so a feed never silently matches nothing.
enum FeedNames {
    static func resolve(_ config: FeedsConfig, tagger: Tagger?) throws(ConfigError) -> FeedsConfig {
        guard let tagger else { return config }
        var config = config
        for index in config.feeds.indices {
            var feed = config.feeds[index]
            let key = "feeds[\(index)]"
            feed.biomarker = try resolve(feed.biomarker, kind: .alterations, key: "\(key).biomarker", tagger: tagger, file: config.file)
            feed.drugs = try feed.drugs.map { name throws(ConfigError) in
                try resolve(name, kind: .drugs, key: "\(key).drugs", tagger: tagger, file: config.file)
            }
            feed.genes = try feed.genes.map { name throws(ConfigError) in
                try resolve(name, kind: .genes, key: "\(key).genes", tagger: tagger, file: config.file)
            }
            config.feeds[index] = feed
        }
        return config
    }

    private static func resolve(_ name: String, kind: TagKind, key: String, tagger: Tagger, file: URL) throws(ConfigError) -> String {
        // Curated names first: reading the generated gene list costs every command 0.25 s.
        if let display = (tagger.tagCurated(name)[kind].first ?? tagger.tag(name)[kind].first)?.display { return display }
        let hint = Suggestions.nearest(name, kind: kind.rawValue, ontology: tagger.ontology).map { "; did you mean \($0)?" } ?? ""
        throw ConfigError(
            file: file.path, key: key, message: "no \(Suggestions.noun(kind.rawValue)) \"\(name)\" in the tag vocabulary\(hint)")
    }
}

import Foundation
import Yams

/// Reads `feeds.yml` strictly: unknown keys, wrong types and missing fields are errors with a line.
///
/// It walks Yams' node tree rather than using `Decodable`, because the nodes carry line marks and
/// a decoding error does not.
public enum ConfigLoader {
    /// The largest feeds.yml read: a hundred feeds take under 20 KB.
    static let maxFileBytes = 256 << 10
    /// What the values read may add up to once YAML aliases are expanded: an alias repeats a value
    /// without repeating its bytes, so a small file can otherwise stand for gigabytes.
    static let maxValueBytes = 1 << 20
    static let maxValues = 20_000

    /// Loads and validates the config at `url`.
    ///
    /// - Throws: ``ConfigError`` naming the file, line and key at fault.
    public static func load(_ url: URL) throws(ConfigError) -> FeedsConfig {
        let path = url.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ConfigError(file: path, message: "a folder; --config takes the feeds file, e.g. feeds.yml")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxFileBytes else {
            throw ConfigError(file: path, message: "the file is \(size / 1024) KB; a feeds.yml is at most \(maxFileBytes / 1024) KB")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigError(file: path, message: "cannot read the file (\(error.localizedDescription)); pass --config PATH")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: invalidUTF8Line(data), message: "not UTF-8 text (an invalid byte on this line); save it as UTF-8")
        }
        return try parse(text, file: url)
    }

    /// The 1-based line of the first byte that is not UTF-8.
    static func invalidUTF8Line(_ data: Data) -> Int {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }

    /// Parses config text; `file` names it in errors and anchors relative paths.
    public static func parse(_ text: String, file: URL) throws(ConfigError) -> FeedsConfig {
        let reader = NodeReader(file: file.path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file.path, message: "the file is empty; it needs a `feeds:` list")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw reader.syntaxError(error)
        } catch {
            throw ConfigError(file: file.path, message: "\(error)")
        }
        var config = FeedsConfig(file: file)
        let top = try reader.mapping(root, key: nil, allowed: ["version", "store", "lookback", "feeds", "watch"])
        if let version = top["version"] {
            let value = try reader.string(version, key: "version")
            guard value == "1" else { throw reader.error(version, key: "version", "unsupported version \(value); this bmfeed reads version 1") }
        }
        if let store = top["store"] { config.store = try reader.string(store, key: "store") }
        if let lookback = top["lookback"] { config.defaultLookback = try reader.lookback(lookback, key: "lookback") }
        guard let feeds = top["feeds"] else {
            throw ConfigError(file: file.path, line: root.mark?.line, key: "feeds", message: "missing; list at least one feed")
        }
        guard let list = feeds.sequence else { throw reader.error(feeds, key: "feeds", "must be a list of feeds") }
        for (index, node) in list.enumerated() {
            config.feeds.append(try feed(node, key: "feeds[\(index)]", reader: reader))
        }
        if let watch = top["watch"] {
            let fields = try reader.mapping(watch, key: "watch", allowed: ["trials", "drugs", "biomarkers", "sponsors"])
            for (name, kind) in [("trials", WatchItem.Kind.trial), ("drugs", .drug), ("biomarkers", .biomarker), ("sponsors", .sponsor)] {
                guard let node = fields[name] else { continue }
                guard let list = node.sequence else { throw reader.error(node, key: "watch.\(name)", "must be a list") }
                for item in list {
                    let value = try reader.string(item, key: "watch.\(name)")
                    if kind == .trial && !Trial.isNCTID(value.uppercased()) {
                        throw reader.error(item, key: "watch.trials", "\"\(value.prefix(40))\" is not an NCT id (NCT and 8 digits, e.g. NCT05894239)")
                    }
                    config.watch.append(WatchItem(kind: kind, value: kind == .trial ? value.uppercased() : value))
                }
            }
        }
        var seen: Set<String> = []
        for (index, feed) in config.feeds.enumerated() where !seen.insert(feed.name.lowercased()).inserted {
            throw reader.error(list[index], key: "feeds[\(index)].name", "duplicate feed name \"\(feed.name)\"")
        }
        return config
    }

    private static func feed(_ node: Node, key: String, reader: NodeReader) throws(ConfigError) -> Feed {
        let fields = try reader.mapping(node, key: key, allowed: ["name", "biomarker", "pubmed", "clinicaltrials", "lookback", "drugs", "genes"])
        guard let name = fields["name"] else { throw reader.error(node, key: "\(key).name", "missing; every feed needs a name") }
        guard let biomarker = fields["biomarker"] else {
            throw reader.error(node, key: "\(key).biomarker", "missing; name the biomarker this feed follows")
        }
        var feed = Feed(name: try reader.string(name, key: "\(key).name"), biomarker: try reader.string(biomarker, key: "\(key).biomarker"))
        // One word of letters, digits, `-`, `_`, `.` (not first): it names files (`<feed>.atom`).
        guard feed.name.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
            throw reader.error(name, key: "\(key).name", "must be one word (letters, digits, -), e.g. her2-low")
        }
        if let query = fields["pubmed"] { feed.pubmedQuery = try reader.string(query, key: "\(key).pubmed") }
        if let drugs = fields["drugs"] { feed.drugs = try reader.strings(drugs, key: "\(key).drugs") }
        if let genes = fields["genes"] { feed.genes = try reader.strings(genes, key: "\(key).genes") }
        if let lookback = fields["lookback"] { feed.lookback = try reader.lookback(lookback, key: "\(key).lookback") }
        if let trials = fields["clinicaltrials"] { feed.clinicalTrials = try clinicalTrials(trials, key: "\(key).clinicaltrials", reader: reader) }
        if feed.pubmedQuery == nil && feed.clinicalTrials == nil {
            throw reader.error(node, key: key, "feed \"\(feed.name)\" has neither a `pubmed` nor a `clinicaltrials` query")
        }
        return feed
    }

    private static func clinicalTrials(_ node: Node, key: String, reader: NodeReader) throws(ConfigError) -> ClinicalTrialsQuery {
        let fields = try reader.mapping(node, key: key, allowed: ["term", "cond", "intr", "status", "advanced"])
        var query = ClinicalTrialsQuery()
        if let value = fields["term"] { query.term = try reader.string(value, key: "\(key).term") }
        if let value = fields["cond"] { query.condition = try reader.string(value, key: "\(key).cond") }
        if let value = fields["intr"] { query.intervention = try reader.string(value, key: "\(key).intr") }
        if let value = fields["advanced"] { query.advanced = try reader.string(value, key: "\(key).advanced") }
        if let value = fields["status"] {
            if let list = value.sequence {
                for item in list { query.overallStatus.append(try reader.string(item, key: "\(key).status")) }
            } else {
                query.overallStatus = [try reader.string(value, key: "\(key).status")]
            }
        }
        if query.term == nil && query.condition == nil && query.intervention == nil && query.advanced == nil {
            throw reader.error(node, key: key, "needs at least one of term, cond, intr or advanced")
        }
        return query
    }
}

/// Typed reads over Yams nodes that fail with the node's line.
private struct NodeReader {
    let file: String
    /// Values and bytes read so far, against ``ConfigLoader/maxValueBytes`` and ``ConfigLoader/maxValues``.
    private final class Budget {
        var values = 0
        var bytes = 0
    }
    private let budget = Budget()

    init(file: String) { self.file = file }

    func error(_ node: Node, key: String?, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, key: key, message: message)
    }

    func syntaxError(_ error: YamlError) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(file: file, line: context.mark.line, key: duplicates.joined(separator: ", "), message: "key appears twice")
        default:
            return ConfigError(file: file, message: "YAML syntax: \(error)")
        }
    }

    func mapping(_ node: Node, key: String?, allowed: Set<String>) throws(ConfigError) -> [String: Node] {
        guard let mapping = node.mapping else { throw error(node, key: key, "must be a mapping of keys to values") }
        var result: [String: Node] = [:]
        for (name, value) in mapping {
            let field = name.string ?? ""
            let path = key.map { "\($0).\(field)" } ?? field
            guard allowed.contains(field) else {
                throw error(name, key: path, "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            guard result[field] == nil else { throw error(name, key: path, "key appears twice") }
            result[field] = value
        }
        return result
    }

    func string(_ node: Node, key: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw error(node, key: key, "must be a single value, not a list or mapping") }
        budget.values += 1
        budget.bytes += scalar.string.utf8.count
        guard budget.values <= ConfigLoader.maxValues, budget.bytes <= ConfigLoader.maxValueBytes else {
            throw error(
                node, key: key,
                "the values add up to more than \(ConfigLoader.maxValues) or \(ConfigLoader.maxValueBytes >> 20) MB (YAML aliases repeating a value?)"
            )
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw error(node, key: key, "must not be empty") }
        return value
    }

    /// A list of strings, or one string as a list of one.
    func strings(_ node: Node, key: String) throws(ConfigError) -> [String] {
        guard let list = node.sequence else { return [try string(node, key: key)] }
        var values: [String] = []
        for (index, item) in list.enumerated() { values.append(try string(item, key: "\(key)[\(index)]")) }
        return values
    }

    func lookback(_ node: Node, key: String) throws(ConfigError) -> Lookback {
        let text = try string(node, key: key)
        guard let lookback = Lookback(text) else { throw error(node, key: key, "\"\(text)\" is not a span; write e.g. 30d, 8w, 6m or 1y") }
        return lookback
    }
}

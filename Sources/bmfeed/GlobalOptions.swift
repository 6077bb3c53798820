import ArgumentParser
import FeedKit
import Foundation

/// `--db` and `--config`, accepted by every command.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The SQLite store.", discussion: "Default: $BMFEED_DB, else data/bmfeed.sqlite beside feeds.yml.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The feeds file.", valueName: "path"))
    var config: String = "feeds.yml"

    @Flag(name: .long, help: "Log requests and retries to stderr.")
    var verbose = false

    var configURL: URL { URL(fileURLWithPath: config) }

    /// The config, which must exist.
    func loadConfig() throws -> FeedsConfig {
        try ConfigLoader.load(configURL)
    }

    /// The config when the file exists, so commands that only read the store work without one.
    func optionalConfig() throws -> FeedsConfig? {
        FileManager.default.fileExists(atPath: configURL.path) ? try loadConfig() : nil
    }

    /// `--db`, else `BMFEED_DB`, else the config's store, else `data/bmfeed.sqlite` beside the config path.
    func storePath(_ config: FeedsConfig?) -> String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["BMFEED_DB"], !env.isEmpty { return env }
        if let config { return config.storeURL.path }
        return configURL.deletingLastPathComponent().appendingPathComponent("data/bmfeed.sqlite").path
    }

    /// Opens the store, creating it when `create` is set (commands that write); commands that
    /// only read refuse to leave an empty store behind in a wrong folder.
    /// The ontology folder: data/ontology beside the feeds file.
    var ontologyURL: URL { configURL.deletingLastPathComponent().appendingPathComponent("data/ontology") }

    /// The entry tagger when the ontology is there; entries are stored untagged otherwise.
    func entryTagger() throws -> EntryTagger? {
        guard FileManager.default.fileExists(atPath: ontologyURL.appendingPathComponent("genes.yml").path) else { return nil }
        return EntryTagger(tagger: Tagger(ontology: try Ontology.load(directory: ontologyURL)))
    }

    func openStore(_ config: FeedsConfig?, create: Bool = true) throws -> SQLiteStore {
        let path = storePath(config)
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(path: path, message: "no store here; run bmfeed fetch or bmfeed ingest first, or pass --db PATH")
        }
        return try SQLiteStore(path: path)
    }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

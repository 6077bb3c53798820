import ArgumentParser
import FeedKit
import Foundation

/// `--db`, `--config` and `--verbose`, accepted by every command.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The SQLite store.", discussion: "Default: $BMFEED_DB, else data/bmfeed.sqlite beside feeds.yml.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The feeds file.", valueName: "path"))
    var config: String = "feeds.yml"

    @Flag(name: .long, help: "Log requests and retries to stderr.")
    var verbose = false

    /// The workspace: `needsConfig` for commands that read feeds, `create` for commands that write,
    /// `readOnly` for commands that only read (a store the user may not write still opens).
    func workspace(needsConfig: Bool = false, create: Bool = true, readOnly: Bool = false) throws -> Workspace {
        try Workspace.open(configPath: config, db: db, requireConfig: needsConfig, create: create, readOnly: readOnly, logger: logger)
    }

    /// The store a failure concerns, for messages: found as the workspace finds it.
    var storeHint: String {
        let url = URL(fileURLWithPath: config)
        let feeds = FileManager.default.fileExists(atPath: url.path) ? try? ConfigLoader.load(url) : nil
        return Workspace.storePath(db: db, config: feeds, configURL: url, environment: ProcessInfo.processInfo.environment)
    }

    var ontologyURL: URL { Workspace.ontologyURL(configURL: URL(fileURLWithPath: config)) }
}

import ArgumentParser
import FeedKit
import Foundation
import Logging

/// What every bmfeed command shares: logging set up once, FeedKit errors turned into one line on
/// stderr and an exit code (2 for a bad feeds file, 1 for everything else), never a stack trace.
protocol BMFeedCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    /// The command's work: one FeedKit call and a render.
    func execute() async throws
}

extension BMFeedCommand {
    func run() async throws {
        BMFeed.bootstrapLogging(verbose: global.verbose)
        do {
            try await execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as ConfigError {
            printError(error.description)
            throw ExitCode(2)
        } catch let error as WorkspaceError {
            printError(error.description)
            throw ExitCode(64)
        } catch let error as TagResolver.Failure {
            printError(error.description)
            throw ExitCode(64)
        } catch {
            printError(OneLine.describe(error, store: global.storeHint))
            throw ExitCode(1)
        }
    }
}

/// The logger handed to FeedKit: the library never builds its own.
let logger = Logger(label: "bmfeed")

/// Prints one line on stderr: whatever the message holds (a library's multi-line text, SQL, a
/// byte dump), it is one line without control bytes when it leaves.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("bmfeed: \(OneLine.clean(message))\n".utf8))
}

/// Writes to stderr without a prefix (progress lines). Status lines quote registry text (a
/// sponsor's name, a title), so control bytes are dropped as in ``printText``.
func printStatus(_ message: String) {
    FileHandle.standardError.write(Data("\(message.withoutControlBytes)\n".utf8))
}

/// JSON as bmfeed prints it: sorted keys, ISO 8601 dates, pretty.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// "1 record", "2 records": a count with its noun, singular when it is one.
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

/// Prints text whose data comes from outside (registry and PubMed text): control bytes (ESC, BEL,
/// C1, DEL) are dropped so nothing can drive the terminal; line breaks and tabs stay.
func printText(_ text: String, terminator: String = "\n") {
    print(text.withoutControlBytes, terminator: terminator)
}

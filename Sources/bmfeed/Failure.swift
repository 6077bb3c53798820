import ArgumentParser
import FeedKit
import Foundation

/// Prints a FeedKit error as one line on stderr and turns it into an exit code: 2 for a bad
/// config or bad input a user must fix, 1 for everything else. No stack traces.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as ConfigError {
        printError(error.description)
        throw ExitCode(2)
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("bmfeed: \(message)\n".utf8))
}

/// Writes to stderr without a prefix (progress lines).
func printStatus(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// Parses `--since`: a day (`2026-11-01`) or a span back from today (`7d`, `2w`).
func parseSince(_ text: String?, today: CalendarDay) throws -> CalendarDay? {
    guard let text else { return nil }
    if let day = CalendarDay(iso: text) { return day }
    if let span = Lookback(text) { return today.adding(days: -span.days) }
    throw ValidationError("--since \(text): write a day (2026-11-01) or a span back from today (7d, 2w, 3m)")
}

/// JSON as bmfeed prints it: sorted keys, ISO 8601 dates, pretty.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

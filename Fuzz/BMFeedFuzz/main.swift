import CFuzzDriver
import FeedKitTesting
import Foundation

// One libFuzzer binary for every parser (scripts/fuzz.sh): BMFEED_FUZZ_TARGET names which of
// `FuzzChecks` each input goes through (pubmed, trials or feeds). A broken property stops the
// fuzzer with the input saved, as a crash does.
let checks: [String: @Sendable (Data) throws -> Void] = [
    "pubmed": FuzzChecks.pubmedXML, "trials": FuzzChecks.trialJSON, "feeds": FuzzChecks.feedsYAML,
]
let target = ProcessInfo.processInfo.environment["BMFEED_FUZZ_TARGET"] ?? ""
guard let chosen = checks[target] else {
    FileHandle.standardError.write(Data("BMFeedFuzz: set BMFEED_FUZZ_TARGET to one of \(checks.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(64)
}
nonisolated(unsafe) let check = chosen

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    do { try check(bytes.map { Data(bytes: $0, count: count) } ?? Data()) } catch { fatalError("\(error)") }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))

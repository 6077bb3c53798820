import FeedModel
import Foundation

/// Tags a text line by line (`bmfeed tag --lines`): batch tagging and the tagger's own throughput.
public enum LineTagging {
    /// Hands each non-empty line's tags to `render` and the rendered bytes, a megabyte at a time,
    /// to `write`; one output line per input line.
    public static func tag(
        _ bytes: [UInt8], with tagger: Tagger, render: (TagSet) throws -> [UInt8], write: (Data) -> Void
    ) rethrows {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            // A CRLF file's line ends in "\r": a blank one is blank.
            let last = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            if last > start {
                output += try render(tagger.tag(utf8: Array(bytes[start..<last])))
                output.append(0x0A)
                if output.count > 1 << 20 {
                    write(Data(output))
                    output.removeAll(keepingCapacity: true)
                }
            }
            start = end + 1
        }
        write(Data(output))
    }

    /// What tagging every line found, and how fast the tagger alone ran.
    public struct Counts: Sendable {
        public var lines = 0
        public var bytes = 0
        public var seconds = 0.0
        /// Occurrences of each tag, by kind.
        public var totals: [String: [String: Int]] = [:]

        public var megabytesPerSecond: Double { Double(bytes) / 1_048_576 / max(seconds, 0.000_001) }
        public var linesPerSecond: Double { Double(lines) / max(seconds, 0.000_001) }

        /// The `limit` most frequent tags of a kind, most frequent first.
        public func top(_ kind: String, limit: Int = 10) -> [(tag: String, count: Int)] {
            (totals[kind] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map { ($0.key, $0.value) }
        }
    }

    /// Tags every line and counts the tags; the time covers tagging alone, not reading or output.
    public static func count(_ bytes: [UInt8], with tagger: Tagger) -> Counts {
        var counts = Counts()
        counts.bytes = bytes.count
        // The generated genes are read on first use; that is start-up, not tagging.
        tagger.prepare()
        let start = ContinuousClock.now
        var position = 0
        while position < bytes.count {
            let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.count
            let last = end > position && bytes[end - 1] == 0x0D ? end - 1 : end
            if last > position {
                counts.lines += 1
                for (kind, values) in tagger.tag(utf8: Array(bytes[position..<last])).displays {
                    for value in values { counts.totals[kind, default: [:]][value, default: 0] += 1 }
                }
            }
            position = end + 1
        }
        let elapsed = start.duration(to: .now)
        counts.seconds = elapsed.inSeconds
        return counts
    }

    /// `{"alterations":[...],...}` with sorted keys, written by hand: JSONEncoder per line cost
    /// more than tagging the line.
    public static func displaysJSON(_ value: [String: [String]]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in value.keys.sorted().enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendString(key, to: &output)
            output += [UInt8(ascii: ":"), UInt8(ascii: "[")]
            for (offset, item) in (value[key] ?? []).enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                appendString(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0..<0x20:
                output += Array(String(format: "\\u%04x", byte).utf8)
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

import FeedModel
import Foundation

/// A tag set as JSON that `JSONDecoder` reads back as the same `TagSet`, written by hand:
/// `JSONEncoder` per entry was the largest cost of storing tag-dense records.
enum TagSetJSON {
    static func encode(_ tags: TagSet) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(UInt8(ascii: "{"))
        // Keys in sorted order, as the synthesised Codable conformance names them.
        let kinds: [(String, [TagSet.Tag])] = [
            ("alterations", tags.alterations), ("drugs", tags.drugs), ("genes", tags.genes), ("nct", tags.nct), ("phases", tags.phases),
            ("types", tags.types),
        ]
        for (index, (name, list)) in kinds.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(name, &out)
            out += Array(":[".utf8)
            for (offset, tag) in list.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                out += Array("{\"display\":".utf8)
                string(tag.display, &out)
                out += Array(",\"evidence\":[".utf8)
                for (position, item) in tag.evidence.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    out += Array("{\"end\":\(item.end),\"rule\":".utf8)
                    string(item.rule, &out)
                    out += Array(",\"start\":\(item.start),\"text\":".utf8)
                    string(item.text, &out)
                    out.append(UInt8(ascii: "}"))
                }
                out += Array("]}".utf8)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    private static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

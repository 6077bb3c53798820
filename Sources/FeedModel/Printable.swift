/// Text from outside (registry and PubMed fields, server bodies, library errors) made safe to
/// show: one definition for every command's output, message and stored error.
extension String {
    /// Without control bytes (ESC, BEL, C1, DEL, NUL) or the bidirectional overrides that reorder
    /// what a terminal shows; line breaks and tabs stay.
    public var withoutControlBytes: String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars where scalar == "\n" || scalar == "\t" || !Self.isControl(scalar.value) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// One line: control bytes dropped, line breaks, tabs and runs of spaces made one space.
    public var oneLine: String {
        withoutControlBytes.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == " " || $0 == "\r\n" }).joined(separator: " ")
    }

    private static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }
}

extension Duration {
    /// The duration in seconds, for rates and deadlines.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

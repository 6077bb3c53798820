import FeedKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What standard output is connected to, so text fits it and colour appears only where it can be
/// seen: a TTY gets its own width (ioctl) and colour unless `NO_COLOR` is set; a pipe, file or
/// mail gets `$COLUMNS` (else 100 columns) and no escape codes at all.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Columns to wrap at: the terminal's own width on a TTY, else `$COLUMNS`, else 100.
    static func width(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if stdoutIsTTY {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(40, Int(size.ws_col)) }
        }
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return max(40, columns) }
        return 100
    }

    /// Colour only on a TTY, and never with `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
    static func style(environment: [String: String] = ProcessInfo.processInfo.environment) -> TextStyle {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TextStyle(colour: stdoutIsTTY && !noColour && environment["TERM"] != "dumb")
    }
}

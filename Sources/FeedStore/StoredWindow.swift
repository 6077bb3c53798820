import Foundation

/// The stored-stamp window every "what is new since" question uses: after `from`, up to and
/// including `through`, in whole milliseconds (the precision stores keep stamps at).
///
/// Why closed at the end: a run stores its entries and then asks what is new up to "now"; with
/// a pinned or coarse clock the entries carry that very instant, and a half-open window would
/// push them into the next run's digest, one day late. Open at the start, so the next run, which
/// starts where this one ended, never repeats them.
public enum StoredWindow {
    /// `(from, through]` as the half-open range store queries take.
    public static func after(_ from: Date, through: Date) -> Range<Date> {
        // Half a millisecond past the next whole one, so the stamp a store writes (truncated to
        // milliseconds) of the bound is the next millisecond whatever the floating-point error.
        let lower = millisecondFloor(from) + 0.0015
        let upper = max(lower, millisecondFloor(through) + 0.0015)
        return Date(timeIntervalSince1970: lower)..<Date(timeIntervalSince1970: upper)
    }

    private static func millisecondFloor(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000
    }
}

import Foundation

/// The one writer of times for both APIs (the chat's events and the admin API's JSON), so a time reads the
/// same to the millisecond wherever it appears.
public enum Timestamp {
    /// RFC 3339 time in UTC with milliseconds, as JavaScript's `Date` reads it: `2026-12-02T10:00:00.123Z`.
    /// Written by hand (every chat event carries one): Foundation's format style costs microseconds a call,
    /// and its milliseconds are sometimes one short (it truncates the binary fraction).
    /// Milliseconds are truncated, after rounding to the microsecond so that a binary fraction just short of
    /// a whole millisecond (1.999 stored as 1.99899…) is not written one short.
    public static func format(_ date: Date) -> String {
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1000 : (microseconds - 999) / 1000
        let time = CivilTime(millisecondsSince1970: milliseconds)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(time.year, 4)
        text.append(UInt8(ascii: "-"))
        digits(time.month, 2)
        text.append(UInt8(ascii: "-"))
        digits(time.day, 2)
        text.append(UInt8(ascii: "T"))
        digits(time.hour, 2)
        text.append(UInt8(ascii: ":"))
        digits(time.minute, 2)
        text.append(UInt8(ascii: ":"))
        digits(time.second, 2)
        text.append(UInt8(ascii: "."))
        digits(time.millisecond, 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}

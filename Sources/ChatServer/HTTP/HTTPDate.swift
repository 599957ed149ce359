import AdminAPI
import Foundation
import NIOConcurrencyHelpers

/// The `Date` header's value (RFC 9110 IMF-fixdate, `Fri, 27 Nov 2026 05:09:41 GMT`), made once a second.
enum HTTPDate {
    private static let cache = NIOLockedValueBox<(second: Int64, text: String)>((-1, ""))
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        string(for: Date())
    }

    static func string(for date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let cached = cache.withLockedValue({ $0.second == second ? $0.text : nil }) { return cached }
        let time = CivilTime(millisecondsSince1970: second * 1000)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text =
            "\(weekdays[Int(time.weekday)]), \(two(time.day)) \(months[Int(time.month) - 1]) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT"
        cache.withLockedValue { $0 = (second, text) }
        return text
    }
}

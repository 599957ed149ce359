/// A moment in UTC split into calendar fields, computed by arithmetic alone (Howard Hinnant's days-to-civil
/// algorithm, proleptic Gregorian): the chat's hot path writes a timestamp into every event and a date into
/// every answer, and Foundation's formatters cost microseconds a call.
public struct CivilTime: Sendable {
    public let year: Int64
    public let month: Int64
    public let day: Int64
    public let hour: Int64
    public let minute: Int64
    public let second: Int64
    public let millisecond: Int64
    /// 0 is Sunday.
    public let weekday: Int64

    public init(millisecondsSince1970 milliseconds: Int64) {
        var days = milliseconds / 86_400_000
        var inDay = milliseconds % 86_400_000
        if inDay < 0 {
            days -= 1
            inDay += 86_400_000
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = inDay / 3_600_000
        minute = inDay / 60_000 % 60
        second = inDay / 1000 % 60
        millisecond = inDay % 1000
        // 1970-01-01 was a Thursday.
        weekday = ((days % 7) + 7 + 4) % 7
    }
}

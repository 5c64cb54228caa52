/// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), for date
/// filters, sorting and year/month facets. Pure integer arithmetic (H. Hinnant's algorithms).
public enum CalendarDay {
    /// Marks "no date" in doc values.
    public static let unknown = Int32.min

    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day) of a day number.
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        let next = month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        return Int(next - days(year: year, month: month, day: 1))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (an ISO timestamp's date part is enough) into the
    /// first and last day it covers; nil when malformed.
    public static func span(_ text: String) -> ClosedRange<Int32>? {
        let parts = text.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard (1 ... 3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        if parts.count == 1 { return days(year: y, month: 1, day: 1) ... days(year: y, month: 12, day: 31) }
        guard parts[1].count == 2, let m = Int(parts[1]), (1 ... 12).contains(m) else { return nil }
        if parts.count == 2 { return days(year: y, month: m, day: 1) ... days(year: y, month: m, day: daysInMonth(y, m)) }
        guard parts[2].count == 2, let d = Int(parts[2]), d >= 1, d <= daysInMonth(y, m) else { return nil }
        let v = days(year: y, month: m, day: d)
        return v ... v
    }

    /// The day number of an ISO date string, or `unknown`.
    public static func parse(_ iso: String) -> Int32 {
        guard iso.count >= 10, let s = span(String(iso.prefix(10))) else { return unknown }
        return s.lowerBound
    }

    /// `YYYY-MM-DD` of a day number.
    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}

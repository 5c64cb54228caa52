/// Turns the date strings found on pages into ISO 8601 calendar dates (`YYYY-MM-DD`).
public enum DateParser {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Accepts ISO dates and timestamps, "14 March 2023", "March 14, 2023", "2023/03/14".
    public static func isoDate(_ s: String) -> String? {
        let t = Array(s.utf8)
        // ISO or slashed: YYYY-MM-DD / YYYY/MM/DD at the start.
        if t.count >= 10, let y = number(t, 0, 4), (t[4] == 0x2D || t[4] == 0x2F), let m = number(t, 5, 2),
           (t[7] == 0x2D || t[7] == 0x2F), let d = number(t, 8, 2) {
            return format(y, m, d)
        }
        // Words: find a month name, a 4-digit year and a day number.
        var words: [String] = []
        var cur = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { cur.append(ch) } else if !cur.isEmpty { words.append(cur); cur = "" }
        }
        if !cur.isEmpty { words.append(cur) }
        var year: Int?, month: Int?, day: Int?
        for w in words {
            if let n = Int(w) {
                if n >= 1900 && n <= 2100 && year == nil { year = n } else if n >= 1 && n <= 31 && day == nil { day = n }
            } else if w.count >= 3, month == nil, let idx = months.firstIndex(of: String(w.prefix(3))) {
                month = idx + 1
            } else if let n = Int(w.filter(\.isNumber)), w.hasSuffix("st") || w.hasSuffix("nd") || w.hasSuffix("rd") || w.hasSuffix("th"), day == nil, n >= 1, n <= 31 {
                day = n
            }
        }
        if let year, let month, let day { return format(year, month, day) }
        return nil
    }

    /// A date in a URL path such as `/2023/03/14/` or `/2023-03-14-`.
    public static func dateInURL(_ url: String) -> String? {
        let t = Array(url.utf8)
        var i = 0
        while i + 10 <= t.count {
            if (t[i] == 0x2F || t[i] == 0x2D), let y = number(t, i + 1, 4), y >= 1990, y <= 2100, i + 8 < t.count,
               (t[i + 5] == 0x2F || t[i + 5] == 0x2D), let m = number(t, i + 6, 2), i + 11 < t.count,
               (t[i + 8] == 0x2F || t[i + 8] == 0x2D), let d = number(t, i + 9, 2) {
                return format(y, m, d)
            }
            i += 1
        }
        return nil
    }

    static func number(_ t: [UInt8], _ at: Int, _ len: Int) -> Int? {
        guard at + len <= t.count else { return nil }
        var v = 0
        for k in at ..< at + len {
            guard t[k] >= 0x30 && t[k] <= 0x39 else { return nil }
            v = v * 10 + Int(t[k] - 0x30)
        }
        return v
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard y >= 1000, y <= 2999, m >= 1, m <= 12, d >= 1, d <= 31 else { return nil }
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(pad(m))-\(pad(d))"
    }
}

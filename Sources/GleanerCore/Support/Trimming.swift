import Foundation

/// `trimmingCharacters(in: .whitespaces)` and `trimmingCharacters(in: .whitespacesAndNewlines)`
/// without Foundation's round trip through UTF-16 when the answer needs no Unicode.
///
/// The ASCII members of the sets (space and tab; plus LF, VT, FF and CR for the second) come
/// off both ends as bytes; when the bytes left at either end are ASCII, they are not members of
/// either set, so the result is exactly Foundation's. Otherwise (a non-ASCII character at an
/// end, which may be a Unicode space) Foundation answers. O(trimmed bytes) on the fast path,
/// and no copy when nothing is trimmed.
enum Trimming {
    /// `s.trimmingCharacters(in: .whitespaces)`.
    static func spaces<S: StringProtocol>(_ s: S) -> String {
        trim(s, newlines: false) ?? s.trimmingCharacters(in: .whitespaces)
    }

    /// `s.trimmingCharacters(in: .whitespacesAndNewlines)`.
    static func spacesAndNewlines<S: StringProtocol>(_ s: S) -> String {
        trim(s, newlines: true) ?? s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The fast path: nil when Foundation must decide.
    static func trim<S: StringProtocol>(_ s: S, newlines: Bool) -> String? {
        @inline(__always) func isMember(_ b: UInt8) -> Bool {
            b == 0x20 || b == 0x09 || (newlines && b >= 0x0A && b <= 0x0D)
        }
        let r: String?? = s.utf8.withContiguousStorageIfAvailable { b -> String? in
            var lo = 0, hi = b.count
            while lo < hi && isMember(b[lo]) { lo += 1 }
            while hi > lo && isMember(b[hi - 1]) { hi -= 1 }
            if lo == hi { return "" }
            guard b[lo] < 0x80 && b[hi - 1] < 0x80 else { return nil }
            if lo == 0 && hi == b.count, let whole = s as? String { return whole }
            return String(decoding: UnsafeBufferPointer(rebasing: b[lo ..< hi]), as: UTF8.self)
        }
        return r ?? nil
    }
}

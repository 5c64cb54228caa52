/// Decides how libxml2 should decode a page's bytes, following what browsers do.
///
/// - a BOM or a `<meta charset>` / `http-equiv` declaration is honoured (libxml2 reads them),
///   except that iso-8859-1, latin1 and us-ascii labels mean windows-1252 (WHATWG);
/// - with no declaration, valid UTF-8 is UTF-8 and anything else is windows-1252.
public enum PageEncoding {
    /// How to hand a page to libxml2: the encoding to force (nil: follow the page), and repaired
    /// bytes to parse instead of the original when the page is UTF-8 with a few invalid bytes.
    public struct Decision: Sendable, Equatable {
        public var encoding: String?
        public var repaired: [UInt8]?
    }

    /// The encoding name to force on libxml2, or nil to let it follow the page's own declaration.
    public static func override(for bytes: UnsafeBufferPointer<UInt8>) -> String? { decide(bytes).encoding }

    /// Decides the decoding of a page. O(n); allocates only when repairing.
    public static func decide(_ bytes: UnsafeBufferPointer<UInt8>) -> Decision {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return Decision(encoding: nil)  // UTF-16 with BOM: libxml2 detects it.
        }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return utf8Decision(bytes) }
        if let label = declaredCharset(bytes) {
            switch label {
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1", "cp1252",
                 "windows-1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1":
                return Decision(encoding: "windows-1252")
            case "utf8", "utf-8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode":
                // A UTF-16 label without a BOM is a mistake (WHATWG treats it as UTF-8).
                return utf8Decision(bytes)
            default:
                return Decision(encoding: nil)
            }
        }
        return utf8Decision(bytes)
    }

    /// Valid UTF-8 stays UTF-8; UTF-8 with a few stray bytes is repaired (each stray byte read as
    /// windows-1252); bytes with no UTF-8 sequence at all are windows-1252.
    static func utf8Decision(_ bytes: UnsafeBufferPointer<UInt8>) -> Decision {
        if isValidUTF8(bytes) { return Decision(encoding: "UTF-8") }
        let (valid, invalid) = countSequences(bytes)
        if valid > invalid * 4 { return Decision(encoding: "UTF-8", repaired: repairAsWindows1252(bytes)) }
        return Decision(encoding: "windows-1252")
    }

    /// Counts well-formed multi-byte UTF-8 sequences and invalid bytes. O(n), ASCII fast path.
    static func countSequences(_ bytes: UnsafeBufferPointer<UInt8>) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] < 0x80 { i += 1; continue }
            let len = sequenceLength(bytes, i)
            if len > 0 { valid += 1; i += len } else { invalid += 1; i += 1 }
        }
        return (valid, invalid)
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (a non-ASCII byte), or 0.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        var need = 0
        var minCP: UInt32 = 0
        var cp: UInt32 = 0
        if b & 0xE0 == 0xC0 { need = 1; cp = UInt32(b & 0x1F); minCP = 0x80 }
        else if b & 0xF0 == 0xE0 { need = 2; cp = UInt32(b & 0x0F); minCP = 0x800 }
        else if b & 0xF8 == 0xF0 { need = 3; cp = UInt32(b & 0x07); minCP = 0x10000 }
        else { return 0 }
        if i + need >= bytes.count { return 0 }
        for k in 1 ... need {
            let c = bytes[i + k]
            if c & 0xC0 != 0x80 { return 0 }
            cp = (cp << 6) | UInt32(c & 0x3F)
        }
        if cp < minCP || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) { return 0 }
        return need + 1
    }

    /// Windows-1252 code points for bytes 0x80–0x9F (undefined ones become U+FFFD).
    static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Copies `bytes`, replacing every byte that is not part of a well-formed UTF-8 sequence by the
    /// UTF-8 encoding of its windows-1252 character.
    static func repairAsWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { out.append(b); i += 1; continue }
            let len = sequenceLength(bytes, i)
            if len > 0 { out.append(contentsOf: bytes[i ..< i + len]); i += len; continue }
            let cp = b < 0xA0 ? windows1252High[Int(b - 0x80)] : UInt32(b)
            for u in String(Character(Unicode.Scalar(cp)!)).utf8 { out.append(u) }
            i += 1
        }
        return out
    }

    /// The charset label declared in the first 2 KB of the page (lower-cased), if any.
    public static func declaredCharset(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let n = min(bytes.count, 2048)
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < n {
            var match = true
            for k in 0 ..< needle.count where (bytes[i + k] | 0x20) != needle[k] { match = false; break }
            if match {
                var j = i + needle.count
                while j < n && (bytes[j] == 0x20 || bytes[j] == 0x3D || bytes[j] == 0x22 || bytes[j] == 0x27) { j += 1 }
                var label: [UInt8] = []
                while j < n {
                    let b = bytes[j] | 0x20
                    if (b >= 0x61 && b <= 0x7A) || (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x2D || bytes[j] == 0x5F {
                        label.append(b >= 0x61 && b <= 0x7A ? b : bytes[j])
                        j += 1
                    } else { break }
                }
                if !label.isEmpty { return String(decoding: label, as: UTF8.self) }
            }
            i += 1
        }
        return nil
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlongs, no surrogates). O(n), 8 ASCII bytes per step.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            if bytes[i] < 0x80 { i += 1; continue }
            let len = sequenceLength(bytes, i)
            if len == 0 { return false }
            i += len
        }
        return true
    }

    /// Replaces invalid UTF-8 sequences with U+FFFD so that output is always valid.
    public static func repairUTF8(_ bytes: [UInt8]) -> [UInt8] {
        let valid = bytes.withUnsafeBufferPointer { isValidUTF8($0) }
        if valid { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}

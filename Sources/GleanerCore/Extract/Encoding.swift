/// Decides how libxml2 should decode a page's bytes, following what browsers do.
///
/// - a BOM or a `<meta charset>` / `http-equiv` declaration is honoured (libxml2 reads them),
///   except that iso-8859-1, latin1 and us-ascii labels mean windows-1252 (WHATWG);
/// - with no declaration, valid UTF-8 is UTF-8 and anything else is windows-1252.
public enum PageEncoding {
    /// The encoding name to force on libxml2, or nil to let it follow the page's own declaration.
    public static func override(for bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return nil  // UTF-16 with BOM: libxml2 handles it.
        }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return "UTF-8" }
        if let label = declaredCharset(bytes) {
            switch label {
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1", "cp1252", "windows-1252", "x-cp1252":
                return "windows-1252"
            case "utf8", "utf-8":
                return isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
            default:
                return nil
            }
        }
        return isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
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

    /// Whether `bytes` are well-formed UTF-8 (no overlongs, no surrogates). O(n).
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var minCP: UInt32 = 0
            var cp: UInt32 = 0
            if b & 0xE0 == 0xC0 { need = 1; cp = UInt32(b & 0x1F); minCP = 0x80 }
            else if b & 0xF0 == 0xE0 { need = 2; cp = UInt32(b & 0x0F); minCP = 0x800 }
            else if b & 0xF8 == 0xF0 { need = 3; cp = UInt32(b & 0x07); minCP = 0x10000 }
            else { return false }
            if i + need >= n { return false }
            for k in 1 ... need {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return false }
                cp = (cp << 6) | UInt32(c & 0x3F)
            }
            if cp < minCP || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) { return false }
            i += need + 1
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

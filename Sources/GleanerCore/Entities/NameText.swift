/// Case and shape tests on entity names for the document layer (`DocumentEntityResolver`,
/// `AcronymLinker`, `EntityAnnotator`), run for every mention of every document.
///
/// Each function gives exactly what the Unicode-aware `String` operation it stands for gives
/// (`lowercased()`, `uppercased() ==`, `count`, `unicodeScalars.properties`), but answers names
/// that are plain ASCII with a pass over their bytes: no normalising compares, no scalar
/// property tables, no allocation when nothing changes. A name with any non-ASCII byte, or a
/// carriage return (where a `Character` is two bytes), returns nil and the caller takes the
/// `String` path.
enum NameText {
    /// Calls `body` with the UTF-8 bytes of `s` when all are ASCII and none is a carriage
    /// return; nil otherwise (or when the string has no contiguous UTF-8, e.g. a bridged one).
    @inline(__always)
    static func ascii<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let r: R?? = s.utf8.withContiguousStorageIfAvailable { b -> R? in
            for c in b where c >= 0x80 || c == 0x0D { return nil }
            return body(b)
        }
        return r ?? nil
    }

    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// `s.lowercased()` for an ASCII `s`; `s` itself (no copy) when it has no capital.
    static func lowercased(_ s: String) -> String? {
        ascii(s) { b -> String in
            guard b.contains(where: isUpper) else { return s }
            return String(unsafeUninitializedCapacity: b.count) { out in
                for i in 0 ..< b.count { out[i] = isUpper(b[i]) ? b[i] | 0x20 : b[i] }
                return b.count
            }
        }
    }

    /// `String(s.prefix(1)) + s.dropFirst().lowercased()` for an ASCII `s`.
    static func capitalisedFirst(_ s: String) -> String? {
        ascii(s) { b -> String in
            String(unsafeUninitializedCapacity: b.count) { out in
                for i in 0 ..< b.count { out[i] = i > 0 && isUpper(b[i]) ? b[i] | 0x20 : b[i] }
                return b.count
            }
        }
    }

    /// `s.count >= 2 && s.unicodeScalars.contains { $0.properties.isUppercase }` for ASCII.
    static func isNameLike(_ s: String) -> Bool? {
        ascii(s) { b in b.count >= 2 && b.contains(where: isUpper) }
    }

    /// `s.count >= minCount && s.uppercased() == s && !s.contains(" ")` for ASCII.
    static func isCapitalsWord(_ s: String, minCount: Int) -> Bool? {
        ascii(s) { b in b.count >= minCount && !b.contains(where: isLower) && !b.contains(0x20) }
    }

    /// `s.uppercased() == s && s.count > minCount` for ASCII.
    static func isAllCapitals(_ s: String, longerThan minCount: Int) -> Bool? {
        ascii(s) { b in b.count > minCount && !b.contains(where: isLower) }
    }

    /// The acronym test of `DocumentEntityResolver.isAcronym` for ASCII: 2–8 letters, no space,
    /// all or all but one of the letters capitals (at least two).
    static func isAcronym(_ s: String) -> Bool? {
        ascii(s) { b in
            var letters = 0, upper = 0
            for c in b {
                if c == 0x20 { return false }
                if isLetter(c) { letters += 1; if isUpper(c) { upper += 1 } }
            }
            return letters >= 2 && letters <= 8 && upper >= max(2, letters - 1)
        }
    }

    /// `DocumentEntityResolver.isAcronym(s.uppercased())` for ASCII, without the upper-cased
    /// copy: every letter is a capital then, so 2–8 letters and no space.
    static func isAcronymUppercased(_ s: String) -> Bool? {
        ascii(s) { b in
            var letters = 0
            for c in b {
                if c == 0x20 { return false }
                if isLetter(c) { letters += 1 }
            }
            return letters >= 2 && letters <= 8
        }
    }

    /// The alphabetic characters of an ASCII `s`, in order.
    static func letters(_ s: String) -> String? {
        ascii(s) { b in String(decoding: b.lazy.filter(isLetter), as: UTF8.self) }
    }
}

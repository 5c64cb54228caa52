/// Small byte-level text helpers for the extractor's hot paths (ASCII case folding only).
enum ByteText {
    /// ASCII lower-case of at most `max` bytes, as a String (for short attribute values such as roles).
    static func lowerString(_ v: UnsafeBufferPointer<UInt8>, max: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(v.count, max))
        for b in v.prefix(max) { out.append(lower(b)) }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether `needle` (lower-case ASCII) occurs in `hay`, ignoring ASCII case. O(n·m) worst case.
    static func containsLowered(_ hay: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard hay.count >= m, m > 0 else { return m == 0 }
        var i = 0
        while i + m <= hay.count {
            if lower(hay[i]) == p[0] {
                var k = 1
                while k < m && lower(hay[i + k]) == p[k] { k += 1 }
                if k == m { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether `text` starts with `prefix` (lower-case ASCII), ignoring ASCII case.
    static func hasPrefixLowered<C: RandomAccessCollection>(_ text: C, _ prefix: StaticString) -> Bool where C.Element == UInt8, C.Index == Int {
        let m = prefix.utf8CodeUnitCount
        guard text.count >= m else { return false }
        let p = prefix.utf8Start
        var i = text.startIndex
        for k in 0 ..< m {
            if lower(text[i]) != p[k] { return false }
            i += 1
        }
        return true
    }

    /// Whether the ASCII-case-insensitive bytes are equal.
    static func equalsLowered(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
        guard a.count == b.utf8CodeUnitCount else { return false }
        let p = b.utf8Start
        for k in 0 ..< a.count where lower(a[k]) != p[k] { return false }
        return true
    }

    /// Number of words: runs of letters or digits (any non-ASCII byte counts as a letter).
    static func wordCount(_ t: ArraySlice<UInt8>) -> Int {
        var n = 0
        var inWord = false
        for b in t {
            let w = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80
            if w && !inWord { n += 1 }
            inWord = w
        }
        return n
    }
}

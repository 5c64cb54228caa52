import CUTF8Proc

/// Character classes and case mapping on Unicode scalars for the tagger: an ASCII fast path and
/// utf8proc for the rest. No allocation.
enum NERText {
    /// Decodes the scalar at `i` (invalid bytes decode as U+FFFD, length 1).
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (scalar: UInt32, length: Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (UInt32(c0), 1) }
        @inline(__always) func cont(_ j: Int) -> UInt32? {
            guard j < end, b[j] & 0xC0 == 0x80 else { return nil }
            return UInt32(b[j] & 0x3F)
        }
        if c0 >= 0xC2 && c0 < 0xE0, let c1 = cont(i + 1) { return ((UInt32(c0 & 0x1F) << 6) | c1, 2) }
        if c0 >= 0xE0 && c0 < 0xF0, let c1 = cont(i + 1), let c2 = cont(i + 2) {
            return ((UInt32(c0 & 0x0F) << 12) | (c1 << 6) | c2, 3)
        }
        if c0 >= 0xF0 && c0 < 0xF5, let c1 = cont(i + 1), let c2 = cont(i + 2), let c3 = cont(i + 3) {
            return ((UInt32(c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func lower(_ u: UInt32) -> UInt32 {
        if u < 0x80 { return (u >= 0x41 && u <= 0x5A) ? u | 0x20 : u }
        return UInt32(bitPattern: utf8proc_tolower(Int32(bitPattern: u)))
    }

    /// Shape class of a scalar: "X" upper, "x" lower or caseless letter, "d" digit, else the
    /// ASCII punctuation itself, "'" for typographic apostrophes, "*" for other symbols.
    @inline(__always)
    static func shapeClass(_ u: UInt32) -> UInt8 {
        if u < 0x80 {
            let c = UInt8(u)
            if c >= 0x41 && c <= 0x5A { return 0x58 }      // X
            if c >= 0x61 && c <= 0x7A { return 0x78 }      // x
            if c >= 0x30 && c <= 0x39 { return 0x64 }      // d
            return c
        }
        if u == 0x2019 || u == 0x2018 { return 0x27 }
        let cat = utf8proc_category(Int32(bitPattern: u))
        switch cat {
        case UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LT: return 0x58
        case UTF8PROC_CATEGORY_LL, UTF8PROC_CATEGORY_LM, UTF8PROC_CATEGORY_LO, UTF8PROC_CATEGORY_MN, UTF8PROC_CATEGORY_MC: return 0x78
        case UTF8PROC_CATEGORY_ND: return 0x64
        default: return 0x2A
        }
    }

    /// Whether a scalar is a letter, digit or combining mark (part of a word).
    @inline(__always)
    static func isWordScalar(_ u: UInt32) -> Bool {
        if u < 0x80 { return isASCIIWord(u) }
        let cat = utf8proc_category(Int32(bitPattern: u))
        switch cat {
        case UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LL, UTF8PROC_CATEGORY_LT, UTF8PROC_CATEGORY_LM,
             UTF8PROC_CATEGORY_LO, UTF8PROC_CATEGORY_MN, UTF8PROC_CATEGORY_MC, UTF8PROC_CATEGORY_ME,
             UTF8PROC_CATEGORY_ND, UTF8PROC_CATEGORY_NL, UTF8PROC_CATEGORY_NO:
            return true
        default:
            return false
        }
    }

    /// Whether an ASCII scalar (< 0x80) is a letter or digit: two unsigned range tests (`| 0x20` maps
    /// A–Z onto a–z and no other ASCII byte into it).
    @inline(__always)
    static func isASCIIWord(_ u: UInt32) -> Bool {
        u &- 0x30 < 10 || (u | 0x20) &- 0x61 < 26
    }

    /// How many of the eight bytes of `w` (loaded little-endian: the first byte lowest) are, from
    /// the first on, ASCII letters or digits (`isASCIIWord`): 0–8. Branch-free lane arithmetic
    /// on bytes below 0x80 (no carry crosses a lane), bytes from 0x80 on masked out.
    @inline(__always)
    static func asciiWordPrefix(_ w: UInt64) -> Int {
        #if _endian(little)
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let x = w & ~high
        /// High bit of each lane: its byte is in lo...hi (bytes below 0x80).
        @inline(__always) func inRange(_ x: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
            (x &+ (0x80 - lo) &* ones) & ~(x &+ (0x7F - hi) &* ones) & high
        }
        let word = (inRange(x, 0x30, 0x39) | inRange(x | (0x20 &* ones), 0x61, 0x7A)) & ~w & high
        return (~word & high).trailingZeroBitCount >> 3
        #else
        var k = 0
        withUnsafeBytes(of: w) { bytes in while k < 8 && bytes[k] < 0x80 && isASCIIWord(UInt32(bytes[k])) { k += 1 } }
        return k
        #endif
    }

    /// Whether an ASCII scalar (< 0x80) is white space for `isSpace` (space, tab, LF, VT, FF, CR).
    @inline(__always)
    static func isASCIISpace(_ u: UInt32) -> Bool {
        u == 0x20 || u &- 0x09 < 5
    }

    @inline(__always)
    static func isSpace(_ u: UInt32) -> Bool {
        if u < 0x80 { return isASCIISpace(u) }
        return u == 0xA0 || (u >= 0x2000 && u <= 0x200B) || u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF
    }
}

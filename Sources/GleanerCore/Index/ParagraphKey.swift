/// The content address of one stored paragraph: its length and two independent 64-bit hashes
/// of its bytes (128 bits), so two different paragraphs of one segment share a key with
/// probability about n² / 2¹²⁹ — never, in practice — and the writer need not keep the text.
struct ParagraphKey: Hashable {
    var length: Int
    var h1: UInt64
    var h2: UInt64

    init(_ p: UnsafeRawBufferPointer) {
        length = p.count
        (h1, h2) = ParagraphKey.hashes(p)
    }

    init(length: Int, h1: UInt64, h2: UInt64) {
        self.length = length
        self.h1 = h1
        self.h2 = h2
    }

    static let seeds: (UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F)
    static let multipliers: (UInt64, UInt64) = (0xFF51_AFD7_ED55_8CCD, 0xC4CE_B9FE_1A85_EC53)

    /// Both hashes in one pass over the bytes: `hash(p, seed: seeds.0, multiplier: multipliers.0)`
    /// and the same with `.1` (each word is loaded once).
    @inline(__always)
    static func hashes(_ p: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let (m1, m2) = multipliers
        let n = p.count
        var a = seeds.0 ^ (UInt64(n) &* m1)
        var b = seeds.1 ^ (UInt64(n) &* m2)
        var i = 0
        while i + 8 <= n {
            let v = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            a = mix(a, v, m1)
            b = mix(b, v, m2)
            i += 8
        }
        if i < n {
            let v = tail(p, from: i)
            a = mix(a, v, m1)
            b = mix(b, v, m2)
        }
        return (finish(a, m1), finish(b, m2))
    }

    /// A multiply–xorshift hash over 8-byte words (the tail zero-padded, the length mixed in).
    @inline(__always)
    static func hash(_ p: UnsafeRawBufferPointer, seed: UInt64, multiplier: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(p.count) &* multiplier)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = mix(h, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self)), multiplier)
            i += 8
        }
        if i < n { h = mix(h, tail(p, from: i), multiplier) }
        return finish(h, multiplier)
    }

    /// One 8-byte word `v` mixed into the running hash `h`.
    @inline(__always)
    private static func mix(_ h: UInt64, _ v: UInt64, _ multiplier: UInt64) -> UInt64 {
        (h ^ (v &* multiplier)).rotateLeft(29) &* 0x9FB2_1C65_1E98_DF25
    }

    /// The bytes of `p` from `i` on (fewer than eight), little-endian, zero-padded to a word.
    @inline(__always)
    private static func tail(_ p: UnsafeRawBufferPointer, from i: Int) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        for j in i ..< p.count {
            v |= UInt64(p[j]) << shift
            shift += 8
        }
        return v
    }

    @inline(__always)
    private static func finish(_ h: UInt64, _ multiplier: UInt64) -> UInt64 {
        var h = h
        h ^= h >> 33
        h = h &* multiplier
        h ^= h >> 29
        return h
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotateLeft(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}

/// How stored text is cut into paragraphs: at every "\n\n" (the separator the extractor puts
/// between blocks). Joining the pieces with "\n\n" gives the text back byte for byte; an empty
/// text has no paragraphs.
enum ParagraphSplitter {
    /// Calls `body` with each paragraph of `text` in order.
    static func forEach(_ text: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        let n = text.count
        guard n > 0 else { return }
        var start = 0
        var i = 0
        while i + 1 < n {
            if text[i] == 0x0A && text[i + 1] == 0x0A {
                body(UnsafeRawBufferPointer(rebasing: text[start ..< i]))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        body(UnsafeRawBufferPointer(rebasing: text[start ..< n]))
    }
}

/// Charikar's SimHash over word 3-shingles: near-identical texts get fingerprints a few bits
/// apart, so syndicated copies of one story can be collapsed at search time.
///
/// Fed one analysed term at a time; O(1) per term, no allocation. A deterministic sample of one
/// shingle in four feeds the fingerprint.
public struct SimHash {
    /// Per bit, how many sampled shingles had it set, in eight lanes of eight bits; with
    /// `sampled`, the shingles counted, bit `i` votes `2 × ones[i] − sampled` (set minus clear).
    private var ones = Lanes()
    private var sampled: Int32 = 0
    private var h1: UInt64 = 0
    private var h2: UInt64 = 0
    private var seen = 0

    /// Eight SIMD lanes of eight counters: bits 8k … 8k + 7 in lane k.
    struct Lanes {
        var l0 = SIMD8<Int32>(), l1 = SIMD8<Int32>(), l2 = SIMD8<Int32>(), l3 = SIMD8<Int32>()
        var l4 = SIMD8<Int32>(), l5 = SIMD8<Int32>(), l6 = SIMD8<Int32>(), l7 = SIMD8<Int32>()
    }

    /// The eight bits of each byte value as 0/1 counters (bit j in element j).
    static let byteBits: [SIMD8<Int32>] = (0 ..< 256).map { b in
        SIMD8<Int32>((0 ..< 8).map { Int32((b >> $0) & 1) })
    }

    public init() {}

    public mutating func reset() {
        ones = Lanes()
        sampled = 0
        h1 = 0; h2 = 0; seen = 0
    }

    /// Adds the next term of the text.
    public mutating func add(_ term: UnsafeBufferPointer<UInt8>) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in term { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        seen += 1
        var x = h1 &* 0x9E37_79B9_7F4A_7C15 ^ (h2 &* 0xC2B2_AE3D_27D4_EB4F) ^ h
        // One shingle in four (chosen by its own hash, so the same in every copy of a text) is
        // enough to fingerprint an article and keeps this off the indexing profile.
        if seen >= 3 && x & 3 == 0 {
            // Finalise (splitmix64) so shingle bits are well spread.
            x ^= x >> 30; x = x &* 0xBF58_476D_1CE4_E5B9
            x ^= x >> 27; x = x &* 0x94D0_49BB_1331_11EB
            x ^= x >> 31
            count(x)
        }
        h1 = h2
        h2 = h
    }

    /// Counts the set bits of one sampled shingle: one table vector per byte.
    @inline(__always)
    private mutating func count(_ x: UInt64) {
        sampled += 1
        SimHash.byteBits.withUnsafeBufferPointer { t in
            ones.l0 &+= t[Int(x & 0xFF)]
            ones.l1 &+= t[Int((x >> 8) & 0xFF)]
            ones.l2 &+= t[Int((x >> 16) & 0xFF)]
            ones.l3 &+= t[Int((x >> 24) & 0xFF)]
            ones.l4 &+= t[Int((x >> 32) & 0xFF)]
            ones.l5 &+= t[Int((x >> 40) & 0xFF)]
            ones.l6 &+= t[Int((x >> 48) & 0xFF)]
            ones.l7 &+= t[Int((x >> 56) & 0xFF)]
        }
    }

    /// The fingerprint of the text so far (0 for texts under three words): bit `i` is set when
    /// more sampled shingles had it set than clear.
    public var value: UInt64 {
        guard seen >= 3 else { return 0 }
        let lanes = [ones.l0, ones.l1, ones.l2, ones.l3, ones.l4, ones.l5, ones.l6, ones.l7]
        var v: UInt64 = 0
        for (k, lane) in lanes.enumerated() {
            for j in 0 ..< 8 where 2 * lane[j] - sampled > 0 { v |= 1 << UInt64(8 * k + j) }
        }
        return v
    }

    /// Number of differing bits.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}

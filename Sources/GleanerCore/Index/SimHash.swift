/// Charikar's SimHash over word 3-shingles: near-identical texts get fingerprints a few bits
/// apart, so syndicated copies of one story can be collapsed at search time.
///
/// Fed one analysed term at a time; O(1) per term, no allocation. A deterministic sample of one
/// shingle in four feeds the fingerprint.
public struct SimHash {
    private var counts = [Int32](repeating: 0, count: 64)
    private var h1: UInt64 = 0
    private var h2: UInt64 = 0
    private var seen = 0

    public init() {}

    public mutating func reset() {
        for i in 0 ..< 64 { counts[i] = 0 }
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
            for i in 0 ..< 64 { counts[i] += (x >> UInt64(i)) & 1 == 1 ? 1 : -1 }
        }
        h1 = h2
        h2 = h
    }

    /// The fingerprint of the text so far (0 for texts under three words).
    public var value: UInt64 {
        guard seen >= 3 else { return 0 }
        var v: UInt64 = 0
        for i in 0 ..< 64 where counts[i] > 0 { v |= 1 << UInt64(i) }
        return v
    }

    /// Number of differing bits.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}

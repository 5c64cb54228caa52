/// The identity of a body unit (a paragraph as its analysed tokens): a 128-bit sum over its
/// tokens of a hash of (term key, position within the unit), plus a hash of its token count.
///
/// A sum, so it can be computed token by token in any order: by `SegmentWriter` from a
/// document's tokens, and by `SegmentMerger` term by term from the positions a segment keeps
/// for the unit (without re-analysing text). Two paragraphs with the same terms at the same positions —
/// repeated wire copy, or a typographic variant whose quotes and dashes analyse the same —
/// have the same key and share one unit.
struct UnitKey: Hashable {
    var a: UInt64 = 0
    var b: UInt64 = 0

    /// FNV-1a 64 of a term key (field byte + term), the per-term input of `add`.
    static func termHash<C: Sequence>(_ key: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Adds one token: the term of hash `term` at `position` within the unit.
    @inline(__always)
    mutating func add(term: UInt64, position: UInt32) {
        let p = UInt64(position)
        a &+= FeatureHash.mix(term ^ (p &* 0x9E37_79B9_7F4A_7C15))
        b &+= FeatureHash.mix((term &+ 0x1656_67B1_9E37_79F9) ^ (p &* 0xC2B2_AE3D_27D4_EB4F))
    }

    /// Adds the unit's token count (once, after its tokens).
    mutating func finish(tokens: Int) {
        a &+= FeatureHash.mix(UInt64(tokens) &+ 0x2545_F491_4F6C_DD1D)
        b ^= UInt64(tokens)
    }
}

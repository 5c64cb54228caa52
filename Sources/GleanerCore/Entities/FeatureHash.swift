/// The 64-bit hashing behind the tagger's features: FNV-1a over lower-cased code points, a
/// SplitMix64 finaliser to mix atoms with template ids, and the top bits of a hash as a row of
/// the weight table. Changing any constant here changes every model: bump `NERModel.featureVersion`.
enum FeatureHash {
    static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// SplitMix64's finaliser: a fast, well-distributed bijection on 64 bits.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Feeds one code point (or byte) into an FNV-1a state.
    @inline(__always)
    static func fnv(_ h: UInt64, _ unit: UInt32) -> UInt64 {
        if unit < 0x80 { return (h ^ UInt64(unit)) &* fnvPrime }
        // Non-ASCII: feed the scalar's bytes of a fixed-width encoding.
        var x = h
        x = (x ^ UInt64(unit & 0xFF)) &* fnvPrime
        x = (x ^ UInt64((unit >> 8) & 0xFF | 0x100)) &* fnvPrime
        x = (x ^ UInt64((unit >> 16) & 0xFF | 0x200)) &* fnvPrime
        return x
    }

    /// The hash of one atom under a template.
    @inline(__always)
    static func feature(_ template: UInt64, _ atom: UInt64) -> UInt64 {
        mix(atom ^ (template &* 0xD6E8_FEB8_6659_FD93))
    }

    /// The hash of a pair of atoms under a template.
    @inline(__always)
    static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(mix(a ^ (template &* 0xD6E8_FEB8_6659_FD93)) ^ b)
    }

    /// The hash of a word string, as the tokens' word atoms compute it (lower-cased scalars).
    static func word(_ s: String) -> UInt64 {
        var h = fnvOffset
        for u in s.unicodeScalars { h = fnv(h, NERText.lower(u.value)) }
        return h
    }

    /// The lexicon key of a sequence of word hashes (a gazetteer entry or a single word).
    @inline(__always)
    static func lexiconKey(_ previous: UInt64, _ word: UInt64) -> UInt64 { mix(previous ^ word) }
    static let lexiconSeed: UInt64 = 0x4C45_5849_434F_4E31 // "LEXICON1"

    static func lexiconKey(words: [String]) -> UInt64 {
        var k = lexiconSeed
        for w in words { k = lexiconKey(k, word(w)) }
        return k
    }
}

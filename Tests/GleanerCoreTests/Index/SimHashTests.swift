import Testing
@testable import GleanerCore

/// `SimHash` counts shingle bits in SIMD lanes; it must give the fingerprint of the plain
/// computation: per bit a counter, +1 when a sampled shingle has it set, −1 when clear.
@Suite struct SimHashTests {
    struct Reference {
        var counts = [Int](repeating: 0, count: 64)
        var h1: UInt64 = 0, h2: UInt64 = 0, seen = 0

        mutating func add(_ term: [UInt8]) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in term { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            seen += 1
            var x = h1 &* 0x9E37_79B9_7F4A_7C15 ^ (h2 &* 0xC2B2_AE3D_27D4_EB4F) ^ h
            if seen >= 3 && x & 3 == 0 {
                x ^= x >> 30; x = x &* 0xBF58_476D_1CE4_E5B9
                x ^= x >> 27; x = x &* 0x94D0_49BB_1331_11EB
                x ^= x >> 31
                for i in 0 ..< 64 { counts[i] += (x >> UInt64(i)) & 1 == 1 ? 1 : -1 }
            }
            h1 = h2
            h2 = h
        }

        var value: UInt64 {
            guard seen >= 3 else { return 0 }
            var v: UInt64 = 0
            for i in 0 ..< 64 where counts[i] > 0 { v |= 1 << UInt64(i) }
            return v
        }
    }

    @Test func equalsThePlainComputation() {
        var rng = SplitMix64(seed: 21)
        let vocabulary = (0 ..< 400).map { Array("w\($0)".utf8) }
        var simhash = SimHash()
        for length in [0, 1, 2, 3, 4, 10, 57, 400, 5000] {
            for _ in 0 ..< 3 {
                simhash.reset()
                var reference = Reference()
                for _ in 0 ..< length {
                    let term = vocabulary[Int(rng.next() % 400)]
                    term.withUnsafeBufferPointer { simhash.add($0) }
                    reference.add(term)
                }
                #expect(simhash.value == reference.value, "\(length) terms")
            }
        }
    }
}

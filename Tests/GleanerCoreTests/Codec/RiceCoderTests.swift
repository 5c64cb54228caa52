import Testing
@testable import GleanerCore

/// Rice coding of position chunks: round trips over every parameter and value shape (zeros,
/// uniform, geometric, escapes up to `UInt32.max`), the chosen parameter against an exhaustive
/// search, `byteCount` against the written bytes, and truncated or damaged runs refused.
@Suite struct RiceCoderTests {
    static func encoded(_ values: [UInt32], _ k: Int) -> [UInt8] {
        var w = ByteWriter()
        values.withUnsafeBufferPointer { RiceCoder.encode($0, parameter: k, into: &w) }
        return w.bytes
    }

    static func decoded(_ bytes: [UInt8], count: Int, _ k: Int, end: Int? = nil) -> [UInt32]? {
        var out = [UInt32](repeating: 0, count: count)
        let ok = bytes.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { RiceCoder.decode(b, from: 0, to: end ?? b.count, count: count, parameter: k, into: $0.baseAddress!) }
        }
        return ok ? out : nil
    }

    static func shapes(_ rng: inout SplitMix64) -> [[UInt32]] {
        [
            [], [0], [UInt32.max], Array(repeating: 0, count: 128),
            (0 ..< 128).map { _ in UInt32(rng.below(1200)) },
            (0 ..< 128).map { _ in UInt32(rng.below(rng.below(8) == 0 ? 5000 : 12)) },
            (0 ..< 77).map { _ in UInt32(rng.below(3)) } + [UInt32.max, 1 << 31, 0],
            (0 ..< 128).map { i in i % 2 == 0 ? UInt32.max - UInt32(i) : UInt32(i) },
        ]
    }

    @Test func roundTripEveryParameter() {
        var rng = SplitMix64(seed: 11)
        for values in Self.shapes(&rng) {
            for k in 0 ... RiceCoder.maxParameter {
                let bytes = Self.encoded(values, k)
                #expect(bytes.count == values.withUnsafeBufferPointer { RiceCoder.byteCount($0, k) })
                #expect(Self.decoded(bytes, count: values.count, k) == values, "k \(k)")
            }
        }
    }

    /// `skip` passes over values exactly as `decode` does: skipping the first `m` values and
    /// decoding the rest gives the rest, at every parameter; a run cut short is refused.
    @Test func skipThenDecode() {
        var rng = SplitMix64(seed: 13)
        for values in Self.shapes(&rng) where !values.isEmpty {
            for k in 0 ... RiceCoder.maxParameter {
                let bytes = Self.encoded(values, k)
                let m = rng.below(values.count + 1)
                var rest = [UInt32](repeating: 0, count: values.count - m)
                let ok = bytes.withUnsafeBytes { b in
                    rest.withUnsafeMutableBufferPointer { r in
                        var bit = 0
                        guard RiceCoder.skip(b, bit: &bit, endBit: b.count << 3, count: m, parameter: k) else { return false }
                        return RiceCoder.decode(b, bit: &bit, endBit: b.count << 3, count: values.count - m, parameter: k,
                                                into: r.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                    }
                }
                #expect(ok && rest == Array(values[m...]), "k \(k) m \(m)")
                let cut = bytes.withUnsafeBytes { b in
                    var bit = 0
                    return RiceCoder.skip(b, bit: &bit, endBit: (b.count << 3) - 8, count: values.count, parameter: k)
                }
                if bytes.count > 1 && k > 0 { #expect(!cut || values.allSatisfy { $0 == 0 }) }
            }
        }
    }

    @Test func chosenParameterIsNearTheBest() {
        var rng = SplitMix64(seed: 12)
        for values in Self.shapes(&rng) where !values.isEmpty {
            values.withUnsafeBufferPointer { v in
                let chosen = RiceCoder.byteCount(v, RiceCoder.bestParameter(v))
                let best = (0 ... RiceCoder.maxParameter).map { RiceCoder.byteCount(v, $0) }.min()!
                #expect(chosen <= best + best / 20 + 1)
            }
        }
    }

    /// Uniform positions in a 1,000-token document cost about log2(1000) ≈ 10 bits, not the
    /// largest value's width plus nothing saved, and small gaps far less.
    @Test func sizesFollowTheValues() {
        var rng = SplitMix64(seed: 13)
        let uniform = (0 ..< 128).map { _ in UInt32(rng.below(1000)) }
        let gaps = (0 ..< 128).map { _ in UInt32(rng.below(8)) }
        let u = uniform.withUnsafeBufferPointer { RiceCoder.byteCount($0, RiceCoder.bestParameter($0)) }
        let g = gaps.withUnsafeBufferPointer { RiceCoder.byteCount($0, RiceCoder.bestParameter($0)) }
        #expect(u * 8 <= 128 * 11)
        #expect(g * 8 <= 128 * 4)
    }

    @Test func truncatedOrDamagedRunsAreRefused() {
        var rng = SplitMix64(seed: 14)
        let values = (0 ..< 128).map { _ in UInt32(rng.below(300)) }
        let k = values.withUnsafeBufferPointer { RiceCoder.bestParameter($0) }
        let bytes = Self.encoded(values, k)
        #expect(Self.decoded(bytes, count: 128, k, end: bytes.count - 2) == nil, "the run ends before its last values")
        #expect(Self.decoded([0, 0, 0, 0, 0, 0], count: 1, 0) == nil, "a unary run past the escape")
        #expect(Self.decoded(bytes, count: 1, 32) == nil, "parameter over 31")
        // Random damage never crashes; what decodes is only as long as asked.
        for _ in 0 ..< 500 {
            var d = bytes
            d[rng.below(d.count)] ^= UInt8(1 + rng.below(255))
            if let out = Self.decoded(d, count: 128, k) { #expect(out.count == 128) }
        }
    }
}

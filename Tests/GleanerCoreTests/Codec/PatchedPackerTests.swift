import Testing
@testable import GleanerCore

/// Bit packing with patched exceptions: round trips of awkward blocks, the width it picks, and
/// damaged bytes.
@Suite struct PatchedPackerTests {
    static func encode(_ values: [UInt32]) -> [UInt8] {
        var w = ByteWriter()
        values.withUnsafeBufferPointer { PatchedPacker.encode($0, into: &w) }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], count: Int) -> [UInt32]? {
        var out = [UInt32](repeating: 0, count: max(count, 1))
        let ok = bytes.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { o in
                var p = 0
                return PatchedPacker.decode(b, at: &p, count: count, into: o.baseAddress!) && p == b.count
            }
        }
        return ok ? Array(out.prefix(count)) : nil
    }

    @Test func roundTrips() {
        var rng = SplitMix64(seed: 9)
        var blocks: [[UInt32]] = [[], [0], [UInt32.max], Array(repeating: 0, count: 128), Array(repeating: UInt32.max, count: 128),
                                  (0 ..< 255).map { UInt32($0) }, (0 ..< 128).map { $0 == 77 ? 1 << 31 : 1 }]
        for _ in 0 ..< 200 {
            let n = 1 + rng.below(128)
            blocks.append((0 ..< n).map { _ in
                rng.below(20) == 0 ? UInt32(truncatingIfNeeded: rng.next()) : UInt32(rng.below(1 << (1 + rng.below(6))))
            })
        }
        for values in blocks {
            #expect(Self.decode(Self.encode(values), count: values.count) == values, "\(values.prefix(8))")
        }
    }

    @Test func oneLargeValueDoesNotWidenTheBlock() {
        var values = [UInt32](repeating: 0, count: 128)
        values[3] = 100_000
        let bytes = Self.encode(values)
        #expect(bytes[0] == 0 && bytes[1] == 1)
        #expect(bytes.count == 2 + 1 + 3)
        #expect(Self.encode(Array(repeating: 1, count: 128)).count == 2 + 16)
    }

    @Test func damagedBlocksAreRefused() {
        var values = [UInt32](repeating: 1, count: 128)
        values[9] = 5_000
        let good = Self.encode(values)
        #expect(Self.decode(good, count: 128) == values)
        var wide = good; wide[0] = 33
        var badIndex = good; badIndex[good.count - 3] = 200
        var tooHigh = good; tooHigh.replaceSubrange(good.count - 2 ..< good.count, with: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        for bytes in [wide, badIndex, tooHigh, Array(good.prefix(good.count - 1)), [UInt8](), [1]] {
            #expect(Self.decode(bytes, count: 128) == nil)
        }
    }
}

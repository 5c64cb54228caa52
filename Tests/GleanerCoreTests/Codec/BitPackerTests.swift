import Testing
@testable import GleanerCore

@Suite struct BitPackerTests {
    /// Every width 0…32 with random values, counts around a byte boundary, unpacked at an odd offset.
    @Test func packUnpackRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for width in 0 ... 32 {
            for count in [0, 1, 7, 8, 9, 127, 128] {
                let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
                let values = (0 ..< count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
                var w = ByteWriter()
                w.writeByte(0xAB)
                values.withUnsafeBufferPointer { BitPacker.pack($0, width: width, into: &w) }
                #expect(w.count == 1 + BitPacker.packedByteCount(count, width))
                let out = UnsafeMutablePointer<UInt32>.allocate(capacity: max(count, 1))
                defer { out.deallocate() }
                w.bytes.withUnsafeBytes { BitPacker.unpack($0, at: 1, count: count, width: width, into: out) }
                #expect(Array(UnsafeBufferPointer(start: out, count: count)) == values, "width \(width) count \(count)")
            }
        }
    }

    /// With at least 8 bytes after the packed values, whole groups of eight go through
    /// `unpackGroups` (one specialisation per width) and the rest through the generic loop:
    /// the same values, and the trailing bytes are never taken for values.
    @Test func groupedUnpackMatchesGeneric() {
        var rng = SplitMix64(seed: 11)
        for width in 0 ... 32 {
            for count in [1, 8, 9, 16, 127, 128, 131] {
                let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
                let values = (0 ..< count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
                var w = ByteWriter()
                for _ in 0 ..< 3 { w.writeByte(0xFF) }
                values.withUnsafeBufferPointer { BitPacker.pack($0, width: width, into: &w) }
                for _ in 0 ..< 8 { w.writeByte(0xFF) }
                let out = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
                defer { out.deallocate() }
                w.bytes.withUnsafeBytes { BitPacker.unpack($0, at: 3, count: count, width: width, into: out) }
                #expect(Array(UnsafeBufferPointer(start: out, count: count)) == values, "width \(width) count \(count)")
                if width > 0 {
                    let grouped = w.bytes.withUnsafeBytes { BitPacker.unpackGroups($0, at: 3, count: count, width: width, into: out) }
                    #expect(grouped == count / 8 * 8)
                }
            }
        }
    }

    @Test func widths() {
        #expect(BitPacker.bitWidth(0) == 0)
        #expect(BitPacker.bitWidth(1) == 1)
        #expect(BitPacker.bitWidth(255) == 8)
        #expect(BitPacker.bitWidth(256) == 9)
        #expect(BitPacker.bitWidth(UInt32.max) == 32)
    }
}

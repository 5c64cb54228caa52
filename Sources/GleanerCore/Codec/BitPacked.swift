/// Fixed-width bit packing of unsigned integers, read in O(1) by index.
///
/// On disk: `u8 bits` then `⌈n × bits / 8⌉ + 8` bytes, value `i` at bits `i × bits ..<
/// (i + 1) × bits`, least significant bit first (little-endian bit order); the 8 trailing zero
/// bytes let a reader load any value with one unaligned 64-bit read. `bits` is 0…32; with 0
/// every value is 0.
struct BitPacked {
    let bits: Int
    let data: UnsafeRawBufferPointer
    let count: Int

    /// Bits needed for `maxValue`.
    static func width(_ maxValue: UInt32) -> Int { maxValue == 0 ? 0 : 32 - maxValue.leadingZeroBitCount }

    static func byteCount(count: Int, bits: Int) -> Int { (count * bits + 7) / 8 + 8 }

    /// Appends `values` packed at the width of their maximum.
    static func write<C: Collection>(_ values: C, into w: inout ByteWriter) where C.Element == UInt32 {
        let bits = width(values.max() ?? 0)
        w.writeByte(UInt8(bits))
        var out = [UInt8](repeating: 0, count: byteCount(count: values.count, bits: bits))
        var bit = 0
        for v in values {
            var x = UInt64(v)
            var b = bit
            while x != 0 {
                out[b >> 3] |= UInt8(truncatingIfNeeded: x << UInt64(b & 7))
                x >>= UInt64(8 - (b & 7))
                b = (b | 7) + 1
            }
            bit += bits
        }
        w.writeBytes(out)
    }

    /// Reads `count` packed values at the reader's position and moves past them.
    init(_ r: inout ByteReader, count: Int) throws {
        let b = Int(try r.readByte())
        guard b <= 32 else { throw r.corrupt("bit width \(b) over 32") }
        bits = b
        self.count = count
        data = try r.readSlice(BitPacked.byteCount(count: count, bits: b))
    }

    /// Value `i` (< `count`).
    @inline(__always)
    subscript(i: Int) -> UInt32 {
        let bit = i * bits
        let word = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
        return UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & ((1 << UInt64(bits)) - 1))
    }
}

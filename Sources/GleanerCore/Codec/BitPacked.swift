/// A bit-packed array of unsigned integers, read in O(1) by index (the block codec is
/// `BitPacker`; this adds the width byte and padding for random access).
///
/// On disk: `u8 bits` then `⌈n × bits / 8⌉ + 8` bytes, value `i` at bits `i × bits ..<
/// (i + 1) × bits`, least significant bit first (little-endian bit order); the 8 trailing zero
/// bytes let a reader load any value with one unaligned 64-bit read. `bits` is 0…32; with 0
/// every value is 0.
struct BitPacked {
    let bits: Int
    let data: UnsafeRawBufferPointer
    let count: Int

    static func byteCount(count: Int, bits: Int) -> Int { BitPacker.packedByteCount(count, bits) + 8 }

    /// Appends `values` packed at the width of their maximum (`BitPacker`'s bit order), then
    /// the 8 padding bytes.
    static func write<C: Collection>(_ values: C, into w: inout ByteWriter) where C.Element == UInt32 {
        let all = Array(values)
        let bits = BitPacker.bitWidth(all.max() ?? 0)
        w.writeByte(UInt8(bits))
        all.withUnsafeBufferPointer { BitPacker.pack($0, width: bits, into: &w) }
        w.writeBytes([UInt8](repeating: 0, count: 8))
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

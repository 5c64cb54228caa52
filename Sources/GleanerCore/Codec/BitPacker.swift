/// Fixed-width bit packing of `UInt32` values (under `PatchedPacker`, the block codec of postings).
///
/// `count` values of `width` bits (0…32) take `packedByteCount(count, width)` bytes, packed
/// least significant bit first: value `i` occupies bits `[i·width, (i+1)·width)` of the
/// little-endian bit stream. Width 0 stores nothing (every value is 0). Packing and unpacking
/// are O(count) with no allocation; unpacking reads 8 bytes at a time where the buffer allows,
/// whole groups of eight values through a specialisation per width (`unpackGroups`).
public enum BitPacker {
    /// Bits needed to store `v` (0 for 0).
    @inline(__always)
    public static func bitWidth(_ v: UInt32) -> Int { 32 - v.leadingZeroBitCount }

    /// Bits needed to store every value in `values`.
    @inline(__always)
    public static func bitWidth(of values: UnsafeBufferPointer<UInt32>) -> Int {
        var acc: UInt32 = 0
        for v in values { acc |= v }
        return bitWidth(acc)
    }

    /// Bytes taken by `count` values of `width` bits.
    @inline(__always)
    public static func packedByteCount(_ count: Int, _ width: Int) -> Int { (count * width + 7) >> 3 }

    /// Appends `values`, `width` bits each; every value must fit in `width` bits.
    public static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into w: inout ByteWriter) {
        guard width > 0 else { return }
        precondition(width <= 32)
        var acc: UInt64 = 0
        var bits = 0
        for v in values {
            acc |= UInt64(v) << UInt64(bits)
            bits += width
            while bits >= 8 {
                w.writeByte(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
        if bits > 0 { w.writeByte(UInt8(truncatingIfNeeded: acc)) }
    }

    /// Reads `count` values of `width` bits starting at byte `offset` of `data` into `out`.
    /// The caller checks that `offset + packedByteCount(count, width) <= data.count` and
    /// `width <= 32`.
    @inline(__always)
    public static func unpack(_ data: UnsafeRawBufferPointer, at offset: Int, count: Int, width: Int,
                              into out: UnsafeMutablePointer<UInt32>) {
        if width == 0 {
            out.update(repeating: 0, count: count)
            return
        }
        var first = 0
        if offset + packedByteCount(count, width) + 8 <= data.count {
            first = unpackGroups(data, at: offset, count: count, width: width, into: out)
            if first == count { return }
        }
        let mask = (UInt64(1) << UInt64(width)) &- 1
        let safeEnd = data.count - 8
        var bit = (offset << 3) + first * width
        for i in first ..< count {
            let word = BitPacker.loadWord(data, byte: bit >> 3, safeEnd: safeEnd)
            out[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += width
        }
    }

    /// The 8 bytes of `data` at `byte`, little-endian, zeros past its end. `safeEnd` is
    /// `data.count - 8`: up to it one unaligned load does; past it the tail is read bytewise.
    @inline(__always)
    static func loadWord(_ data: UnsafeRawBufferPointer, byte: Int, safeEnd: Int) -> UInt64 {
        if _fastPath(byte <= safeEnd) {
            return UInt64(littleEndian: data.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        }
        var x: UInt64 = 0
        var i = 0
        while byte + i < data.count && i < 8 {
            x |= UInt64(data[byte + i]) << UInt64(8 * i)
            i += 1
        }
        return x
    }
}

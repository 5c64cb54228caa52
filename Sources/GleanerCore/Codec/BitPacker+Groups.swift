/// Unpacking whole groups of eight values, the common case of `BitPacker.unpack` (a postings
/// block is 128 values): eight values of `width` bits take exactly `width` bytes, so every group
/// starts on a byte, and with the width a compile-time constant (one specialisation per width)
/// each value is one unaligned 8-byte load, a shift by a constant, a mask and a store.
extension BitPacker {
    /// Unpacks the first `count / 8` groups of eight values at `offset` and returns how many
    /// values that is. Reads up to 8 bytes past a group's end: the caller checks that
    /// `offset + packedByteCount(count, width) + 8 <= data.count` and `1 <= width <= 32`.
    @inline(__always)
    static func unpackGroups(_ data: UnsafeRawBufferPointer, at offset: Int, count: Int, width: Int,
                             into out: UnsafeMutablePointer<UInt32>) -> Int {
        let groups = count >> 3
        guard groups > 0, let start = data.baseAddress else { return 0 }
        let base = start + offset
        switch width {
        case 1: unpackGroups(base, groups: groups, width: 1, into: out)
        case 2: unpackGroups(base, groups: groups, width: 2, into: out)
        case 3: unpackGroups(base, groups: groups, width: 3, into: out)
        case 4: unpackGroups(base, groups: groups, width: 4, into: out)
        case 5: unpackGroups(base, groups: groups, width: 5, into: out)
        case 6: unpackGroups(base, groups: groups, width: 6, into: out)
        case 7: unpackGroups(base, groups: groups, width: 7, into: out)
        case 8: unpackGroups(base, groups: groups, width: 8, into: out)
        case 9: unpackGroups(base, groups: groups, width: 9, into: out)
        case 10: unpackGroups(base, groups: groups, width: 10, into: out)
        case 11: unpackGroups(base, groups: groups, width: 11, into: out)
        case 12: unpackGroups(base, groups: groups, width: 12, into: out)
        case 13: unpackGroups(base, groups: groups, width: 13, into: out)
        case 14: unpackGroups(base, groups: groups, width: 14, into: out)
        case 15: unpackGroups(base, groups: groups, width: 15, into: out)
        case 16: unpackGroups(base, groups: groups, width: 16, into: out)
        case 17: unpackGroups(base, groups: groups, width: 17, into: out)
        case 18: unpackGroups(base, groups: groups, width: 18, into: out)
        case 19: unpackGroups(base, groups: groups, width: 19, into: out)
        case 20: unpackGroups(base, groups: groups, width: 20, into: out)
        case 21: unpackGroups(base, groups: groups, width: 21, into: out)
        case 22: unpackGroups(base, groups: groups, width: 22, into: out)
        case 23: unpackGroups(base, groups: groups, width: 23, into: out)
        case 24: unpackGroups(base, groups: groups, width: 24, into: out)
        case 25: unpackGroups(base, groups: groups, width: 25, into: out)
        case 26: unpackGroups(base, groups: groups, width: 26, into: out)
        case 27: unpackGroups(base, groups: groups, width: 27, into: out)
        case 28: unpackGroups(base, groups: groups, width: 28, into: out)
        case 29: unpackGroups(base, groups: groups, width: 29, into: out)
        case 30: unpackGroups(base, groups: groups, width: 30, into: out)
        case 31: unpackGroups(base, groups: groups, width: 31, into: out)
        case 32: unpackGroups(base, groups: groups, width: 32, into: out)
        default: return 0
        }
        return groups << 3
    }

    /// `groups` groups of eight `width`-bit values from `base` (the width a constant at each
    /// call site above, so the eight loads below unroll with constant offsets and shifts).
    @inline(__always)
    private static func unpackGroups(_ base: UnsafeRawPointer, groups: Int, width: Int, into out: UnsafeMutablePointer<UInt32>) {
        let mask = (UInt64(1) << UInt64(width)) &- 1
        var src = base
        var dst = out
        for _ in 0 ..< groups {
            for j in 0 ..< 8 {
                let bit = j * width
                let word = UInt64(littleEndian: (src + (bit >> 3)).loadUnaligned(as: UInt64.self))
                dst[j] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
            src += width
            dst += 8
        }
    }
}

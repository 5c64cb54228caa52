/// Rice coding of runs of unsigned values (the codec of position chunks since format 3 and of
/// postings blocks since format 4).
///
/// With parameter `k`, a value `v` is written as its quotient `q = v >> k` in unary — `q` zero
/// bits, then a one bit — followed by its `k` low bits; a quotient of `escape` or more is
/// written as `escape` zero bits, a one bit and the whole value in 32 bits. Bits are written
/// least significant first (bit `i` of the stream is bit `i & 7` of byte `i >> 3`), and a run
/// ends on a byte boundary. Positions and their gaps are close to uniformly or geometrically
/// distributed, where Rice coding with the best `k` per run comes within a few percent of the
/// entropy: about 10 % fewer bits than packing every value at the run's largest width.
///
/// Encoding tries the parameters near two guesses (see `bestParameter`): O(count), no allocation.
/// Decoding reads 8 bytes at a time where the buffer allows and is bounds-checked.
public enum RiceCoder {
    /// Quotients at or above this are escaped (the value follows in 32 bits).
    public static let escape = 24
    /// Largest parameter (a value never needs more low bits).
    public static let maxParameter = 31

    /// Bits taken by `values` at parameter `k`.
    @inline(__always)
    static func bitCount(_ values: UnsafeBufferPointer<UInt32>, _ k: Int) -> Int {
        var bits = 0
        for v in values {
            let q = Int(v >> UInt32(k))
            bits += q < escape ? q + 1 + k : escape + 1 + 32
        }
        return bits
    }

    /// The parameter that codes `values` in the fewest bits among those near two guesses: the
    /// mean's (`k ≈ log2(mean · ln 2)`, right for geometric gaps) and the mean bit width's
    /// (not misled by a few huge values, which are escaped). O(count).
    public static func bestParameter(_ values: UnsafeBufferPointer<UInt32>) -> Int {
        guard !values.isEmpty else { return 0 }
        var sum: UInt64 = 0
        var widths = 0
        for v in values {
            sum += UInt64(v)
            widths += 32 - v.leadingZeroBitCount
        }
        let scaled = Double(sum) / Double(values.count) * 0.69
        let byMean = scaled < 1 ? 0 : min(maxParameter, Int(scaled.rounded(.down)).bitWidthOfValue - 1)
        let byWidth = max(0, widths / values.count - 1)
        var best = byMean, bestBits = bitCount(values, byMean)
        for guess in [byMean, byWidth] {
            for k in guess - 2 ... guess + 2 where k >= 0 && k <= maxParameter && k != byMean {
                let b = bitCount(values, k)
                if b < bestBits { best = k; bestBits = b }
            }
        }
        return best
    }

    /// Bytes the run takes at parameter `k` (without any header).
    public static func byteCount(_ values: UnsafeBufferPointer<UInt32>, _ k: Int) -> Int { (bitCount(values, k) + 7) >> 3 }

    /// Appends `values` coded at parameter `k` (0…31), padded to a whole byte.
    public static func encode(_ values: UnsafeBufferPointer<UInt32>, parameter k: Int, into w: inout ByteWriter) {
        var bits = BitSink()
        bits.append(values, parameter: k, into: &w)
        bits.flush(into: &w)
    }

    /// Appends run `a` at parameter `ka` and, right after it in the same bit stream, run `b` at
    /// `kb`, padded to a whole byte at the end only (a reader decodes both from one bit cursor).
    public static func encode(_ a: UnsafeBufferPointer<UInt32>, parameter ka: Int,
                              _ b: UnsafeBufferPointer<UInt32>, parameter kb: Int, into w: inout ByteWriter) {
        var bits = BitSink()
        bits.append(a, parameter: ka, into: &w)
        bits.append(b, parameter: kb, into: &w)
        bits.flush(into: &w)
    }

    /// Bits not yet written as a whole byte.
    struct BitSink {
        var acc: UInt64 = 0
        var bits = 0

        @inline(__always) mutating func put(_ x: UInt64, _ n: Int, _ w: inout ByteWriter) {
            acc |= x << UInt64(bits)
            bits += n
            while bits >= 8 {
                w.writeByte(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }

        mutating func append(_ values: UnsafeBufferPointer<UInt32>, parameter k: Int, into w: inout ByteWriter) {
            precondition(k >= 0 && k <= maxParameter)
            let mask = (UInt64(1) << UInt64(k)) &- 1
            for v in values {
                let q = Int(v >> UInt32(k))
                if q < escape {
                    put(UInt64(1) << UInt64(q), q + 1, &w)
                    put(UInt64(v) & mask, k, &w)
                } else {
                    put(UInt64(1) << UInt64(escape), escape + 1, &w)
                    put(UInt64(v), 32, &w)
                }
            }
        }

        mutating func flush(into w: inout ByteWriter) {
            if bits > 0 { w.writeByte(UInt8(truncatingIfNeeded: acc)) }
            acc = 0
            bits = 0
        }
    }

    /// Decodes `count` values coded at parameter `k` from `data[offset ..< end]` into `out`.
    /// Returns false when the bytes are not such a run (too short, a unary run past `escape`,
    /// a value over 32 bits).
    public static func decode(_ data: UnsafeRawBufferPointer, from offset: Int, to end: Int, count: Int, parameter k: Int,
                              into out: UnsafeMutablePointer<UInt32>) -> Bool {
        guard offset >= 0, end <= data.count, offset <= end else { return false }
        var bit = offset << 3
        return decode(data, bit: &bit, endBit: end << 3, count: count, parameter: k, into: out)
    }

    /// Decodes the next `count` values of a run at parameter `k`, starting at bit `bit` of
    /// `data` (advanced past them), into `out`; a run may be decoded in several calls. Returns
    /// false when they are not valid values or pass `endBit`.
    @inline(__always)
    static func decode(_ data: UnsafeRawBufferPointer, bit: inout Int, endBit: Int, count: Int, parameter k: Int,
                       into out: UnsafeMutablePointer<UInt32>) -> Bool {
        guard k >= 0, k <= maxParameter, endBit <= data.count << 3 else { return false }
        let safeEnd = data.count - 8
        let mask = (UInt64(1) << UInt64(k)) &- 1
        var at = bit
        /// 57 or more bits starting at `at` (zeros past the end of `data`).
        @inline(__always) func window() -> UInt64 {
            BitPacker.loadWord(data, byte: at >> 3, safeEnd: safeEnd) >> UInt64(at & 7)
        }
        var tooLarge: UInt64 = 0
        for i in 0 ..< count {
            let w = window()
            let q = w.trailingZeroBitCount
            if _fastPath(q < escape) {
                // q + 1 + k ≤ 55 bits: the low bits are in the same window.
                let v = UInt64(q) << UInt64(k) | (w >> UInt64(q + 1)) & mask
                tooLarge |= v >> 32
                out[i] = UInt32(truncatingIfNeeded: v)
                at += q + 1 + k
            } else {
                guard q == escape else { return false }
                at += escape + 1
                out[i] = UInt32(truncatingIfNeeded: window())
                at += 32
            }
        }
        bit = at
        // Checked once per call: a damaged run yields garbage values first, never a bad read.
        return tooLarge == 0 && at <= endBit
    }

    /// `decode` of a run of gaps, written as running sums: each value is added to `sum` and
    /// the new sum is written, and decoding stops after the first sum ≥ `limit` (an exact
    /// phrase needs no position past its last candidate). Returns how many values were written
    /// (`bit` and `sum` advanced past them), or nil when the codes are not valid values, a sum
    /// passes 32 bits or the run passes `endBit`.
    @inline(__always)
    static func decodeSums(_ data: UnsafeRawBufferPointer, bit: inout Int, endBit: Int, count: Int, parameter k: Int,
                           sum: inout UInt64, through limit: UInt64, into out: UnsafeMutablePointer<UInt32>) -> Int? {
        guard k >= 0, k <= maxParameter, endBit <= data.count << 3 else { return nil }
        let safeEnd = data.count - 8
        let mask = (UInt64(1) << UInt64(k)) &- 1
        var at = bit
        var last = sum
        var tooLarge: UInt64 = 0
        var i = 0
        while i < count {
            let w = BitPacker.loadWord(data, byte: at >> 3, safeEnd: safeEnd) >> UInt64(at & 7)
            let q = w.trailingZeroBitCount
            var value: UInt64
            if _fastPath(q < escape) {
                // q + 1 + k ≤ 55 bits: the low bits are in the same window.
                value = UInt64(q) << UInt64(k) | (w >> UInt64(q + 1)) & mask
                at += q + 1 + k
            } else {
                guard q == escape else { return nil }
                at += escape + 1
                value = (BitPacker.loadWord(data, byte: at >> 3, safeEnd: safeEnd) >> UInt64(at & 7)) & 0xFFFF_FFFF
                at += 32
            }
            tooLarge |= value >> 32
            last += value
            out[i] = UInt32(truncatingIfNeeded: last)
            i += 1
            if last >= limit { break }
        }
        bit = at
        sum = last
        // Checked once per call: a damaged run yields garbage values first, never a bad read.
        guard tooLarge == 0, last <= UInt64(UInt32.max), at <= endBit else { return nil }
        return i
    }

    /// Moves `bit` past the next `count` values of a run at parameter `k` without storing them
    /// (the positions of earlier documents in a chunk): about half the work of `decode`.
    /// Returns false when the codes are malformed or pass `endBit`. The values themselves are
    /// not checked (a full decode, as `gleaner check` does, checks them).
    @inline(__always)
    static func skip(_ data: UnsafeRawBufferPointer, bit: inout Int, endBit: Int, count: Int, parameter k: Int) -> Bool {
        guard k >= 0, k <= maxParameter, endBit <= data.count << 3 else { return false }
        let safeEnd = data.count - 8
        var at = bit
        var left = count
        while left > 0 {
            // A window of at least 57 bits; codes are taken from it while they fit whole (an
            // unescaped code is at most escape + maxParameter = 55 bits, so one always does).
            var w = BitPacker.loadWord(data, byte: at >> 3, safeEnd: safeEnd) >> UInt64(at & 7)
            var room = 64 - (at & 7)
            let start = at
            while left > 0 {
                let q = w.trailingZeroBitCount
                guard _fastPath(q < escape) else { break }
                let length = q + 1 + k
                if length > room { break }
                w >>= UInt64(length)
                room -= length
                at += length
                left -= 1
            }
            if left > 0 && at == start {
                // An escaped value (24 zeros, a one, 32 bits), or a damaged run.
                guard (BitPacker.loadWord(data, byte: at >> 3, safeEnd: safeEnd) >> UInt64(at & 7)).trailingZeroBitCount == escape else { return false }
                at += escape + 1 + 32
                left -= 1
            }
            if at > endBit { return false }
        }
        bit = at
        return at <= endBit
    }
}

extension Int {
    /// Bits needed to write this non-negative value (0 for 0).
    @inline(__always) var bitWidthOfValue: Int { Int.bitWidth - leadingZeroBitCount }
}

/// A bounds-checked cursor over bytes that belong to someone else (usually a memory-mapped file).
///
/// Every read checks the remaining length, so corrupt input ends in `GleanerError.corruptIndex`
/// naming `file`, never in a crash. The reader does not own the memory: keep the mapping alive.
public struct ByteReader {
    public let base: UnsafeRawBufferPointer
    public var position: Int
    public let file: String

    public init(_ base: UnsafeRawBufferPointer, position: Int = 0, file: String) {
        self.base = base
        self.position = position
        self.file = file
    }

    public var remaining: Int { base.count - position }
    public var isAtEnd: Bool { position >= base.count }

    func corrupt(_ what: String) -> GleanerError {
        .corruptIndex(file: file, reason: "\(what) at byte \(position)")
    }

    @inline(__always)
    public mutating func readByte() throws -> UInt8 {
        guard position < base.count else { throw corrupt("unexpected end of data") }
        let b = base[position]
        position += 1
        return b
    }

    /// The LEB128 VLong at `data[at]`, read no further than `end` (≤ `data.count`), with `at`
    /// moved past it; nil when it is cut short or longer than 64 bits. For hot loops over mapped
    /// bytes that keep their own cursor and report corruption their own way.
    @inline(__always)
    public static func vlong(_ data: UnsafeRawBufferPointer, _ at: inout Int, end: Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while at < end {
            let b = data[at]
            at += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    @inline(__always)
    public mutating func readVLong() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < base.count else { throw corrupt("truncated variable-length integer") }
            let b = base[position]
            position += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw corrupt("variable-length integer too long") }
        }
    }

    @inline(__always)
    public mutating func readVInt() throws -> UInt32 {
        let v = try readVLong()
        guard v <= UInt64(UInt32.max) else { throw corrupt("integer out of range") }
        return UInt32(v)
    }

    public mutating func readUInt32() throws -> UInt32 {
        guard remaining >= 4 else { throw corrupt("unexpected end of data") }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: v)
    }

    public mutating func readUInt64() throws -> UInt64 {
        guard remaining >= 8 else { throw corrupt("unexpected end of data") }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: v)
    }

    /// Returns a view of the next `count` bytes without copying.
    public mutating func readSlice(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw corrupt("length \(count) past end of data") }
        let slice = UnsafeRawBufferPointer(rebasing: base[position ..< position + count])
        position += count
        return slice
    }

    public mutating func readLengthPrefixed() throws -> UnsafeRawBufferPointer {
        let n = try readVInt()
        return try readSlice(Int(n))
    }

    public mutating func readString() throws -> String {
        let slice = try readLengthPrefixed()
        return String(decoding: slice, as: UTF8.self)
    }
}

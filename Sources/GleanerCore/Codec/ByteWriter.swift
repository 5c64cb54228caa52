/// An append-only byte buffer with the primitive encodings of Gleaner's file formats:
/// little-endian fixed-width integers and LEB128 variable-length integers ("VInt").
///
/// Amortised O(1) per appended byte; the buffer is reused with `removeAll(keepingCapacity:)`.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    @inline(__always)
    public mutating func writeByte(_ b: UInt8) { bytes.append(b) }

    @inline(__always)
    public mutating func writeVInt(_ value: UInt32) { writeVLong(UInt64(value)) }

    /// Writes `value` as LEB128: 7 bits a byte, low bits first, high bit set on all but the last.
    @inline(__always)
    public mutating func writeVLong(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    public mutating func writeUInt32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeUInt64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    public mutating func writeBytes(_ data: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: data)
    }

    /// Writes a VInt length followed by the bytes.
    public mutating func writeLengthPrefixed<C: Collection>(_ data: C) where C.Element == UInt8 {
        writeVInt(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    /// Writes a VInt length followed by the string's UTF-8 bytes.
    public mutating func writeString(_ s: String) {
        let utf8 = s.utf8
        writeVInt(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

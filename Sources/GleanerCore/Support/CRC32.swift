import CZlib

/// CRC-32 (IEEE, as zlib and gzip compute it) over byte buffers; used in every file footer.
public enum CRC32 {
    /// The CRC-32 of `bytes`, continuing from `seed` (0 for a fresh checksum). O(n), no allocation.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return seed }
        var crc = UInt(seed)
        var offset = 0
        // zlib takes a uInt length; feed large buffers in 1 GiB pieces.
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 << 30)
            crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), UInt32(n))
            offset += n
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of an array of bytes.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}

import CZstd

/// Reads stored documents from a `.store` file: binary search of the block index, inflate one
/// block, walk to the record. Not thread-safe (keeps the last inflated block).
public final class StoredFieldsReader {
    let file: String
    let payload: UnsafeRawBufferPointer
    var firstDocs: [UInt32] = []
    var offsets: [Int] = []
    var compressed: [Int] = []
    var raw: [Int] = []
    private var cachedBlock = -1
    private var cache: [UInt8] = []

    init(data: UnsafeRawBufferPointer, file: String, segment: String, verify: Bool) throws {
        let r = try CodecFile.open(data, file: file, codec: SegmentFiles.store.1, versions: SegmentFiles.supported,
                                   segment: segment, verifyChecksum: verify)
        self.file = file
        payload = r.base
        guard payload.count >= r.position + 8 else { throw GleanerError.corruptIndex(file: file, reason: "missing trailer") }
        var t = ByteReader(payload, position: payload.count - 8, file: file)
        let indexOffset = Int(try t.readUInt64())
        guard indexOffset >= r.position, indexOffset <= payload.count - 8 else {
            throw GleanerError.corruptIndex(file: file, reason: "block index offset out of range")
        }
        var ir = ByteReader(payload, position: indexOffset, file: file)
        let n = Int(try ir.readVInt())
        for _ in 0 ..< n {
            firstDocs.append(try ir.readVInt())
            let o = Int(try ir.readVLong())
            let c = Int(try ir.readVInt())
            let rawLen = Int(try ir.readVInt())
            guard o + c <= indexOffset else { throw GleanerError.corruptIndex(file: file, reason: "block past end of data") }
            offsets.append(o); compressed.append(c); raw.append(rawLen)
        }
    }

    /// The stored fields of local document `doc`.
    public func document(_ doc: UInt32) throws -> StoredDocument {
        var lo = 0, hi = firstDocs.count - 1, b = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if firstDocs[mid] <= doc { b = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard b >= 0 else { throw GleanerError.corruptIndex(file: file, reason: "no block for document \(doc)") }
        if b != cachedBlock {
            cache = try inflate(b)
            cachedBlock = b
        }
        return try cache.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: file)
            var current = firstDocs[b]
            while current < doc {
                let n = Int(try r.readVInt())
                for _ in 0 ..< n { _ = try r.readLengthPrefixed() }
                current += 1
            }
            return try StoredDocument.decode(&r)
        }
    }

    func inflate(_ b: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: raw[b])
        let src = UnsafeRawBufferPointer(rebasing: payload[offsets[b] ..< offsets[b] + compressed[b]])
        let n = out.withUnsafeMutableBytes { o in ZSTD_decompress(o.baseAddress, o.count, src.baseAddress, src.count) }
        guard ZSTD_isError(n) == 0, n == raw[b] else {
            throw GleanerError.corruptIndex(file: file, reason: "stored block \(b) does not decompress")
        }
        return out
    }
}

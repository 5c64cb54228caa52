import CZstd

/// Writes a segment's stored fields (`.store`): records packed into blocks of ≥ `blockBytes`
/// raw bytes, each block compressed with Zstandard (level 3), then a block index.
///
/// Index: VInt block count, then per block VInt first doc, VLong offset, VInt compressed
/// length, VInt raw length; trailer: u64 index offset. Reading one document inflates one block.
struct StoredFieldsWriter {
    static let blockBytes = 64 * 1024

    private var w = ByteWriter(capacity: 1 << 20)
    private var block = ByteWriter(capacity: blockBytes * 2)
    private var blockFirstDoc: UInt32 = 0
    private var nextDoc: UInt32 = 0
    private var index: [(firstDoc: UInt32, offset: UInt64, compressed: Int, raw: Int)] = []

    init(segment: String) {
        CodecFile.writeHeader(&w, codec: SegmentFiles.store.1, version: SegmentFiles.formatVersion, segment: segment)
    }

    var bufferedBytes: Int { w.count + block.count }

    mutating func add(_ doc: StoredDocument) {
        if block.count == 0 { blockFirstDoc = nextDoc }
        doc.encode(into: &block)
        nextDoc += 1
        if block.count >= StoredFieldsWriter.blockBytes { flushBlock() }
    }

    private mutating func flushBlock() {
        guard block.count > 0 else { return }
        let compressed = StoredFieldsWriter.deflate(block.bytes)
        index.append((blockFirstDoc, UInt64(w.count), compressed.count, block.count))
        w.writeBytes(compressed)
        block.removeAll()
    }

    mutating func finish() -> [UInt8] {
        flushBlock()
        let indexOffset = UInt64(w.count)
        w.writeVInt(UInt32(index.count))
        for e in index {
            w.writeVInt(e.firstDoc)
            w.writeVLong(e.offset)
            w.writeVInt(UInt32(e.compressed))
            w.writeVInt(UInt32(e.raw))
        }
        w.writeUInt64(indexOffset)
        CodecFile.writeFooter(&w)
        return w.bytes
    }

    static let level: Int32 = 3

    static func deflate(_ raw: [UInt8]) -> [UInt8] {
        let bound = ZSTD_compressBound(raw.count)
        var out = [UInt8](repeating: 0, count: bound)
        let n = out.withUnsafeMutableBytes { o in
            raw.withUnsafeBytes { r in ZSTD_compress(o.baseAddress, bound, r.baseAddress, r.count, level) }
        }
        precondition(ZSTD_isError(n) == 0, "zstd compression failed")
        out.removeSubrange(n...)
        return out
    }
}

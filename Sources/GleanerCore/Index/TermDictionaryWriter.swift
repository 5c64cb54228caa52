/// Writes a segment's term dictionary (`.terms`): sorted keys in blocks of `blockSize`,
/// front-coded, each with its statistics and postings/positions offsets, then a block index.
///
/// Block: first key full (VInt length + bytes), later keys as VInt shared-prefix length,
/// VInt suffix length, suffix bytes. After each key: VInt docFreq, VLong (totalTermFreq −
/// docFreq), VLong postings offset, VLong positions offset (deltas from the previous key in
/// the block; absolute for the first). Index: VInt block count, then per block u64 offset and
/// the first key (VInt length + bytes); trailer: u64 index offset, u64 term count.
struct TermDictionaryWriter {
    static let blockSize = 32

    var w = ByteWriter(capacity: 1 << 16)
    private var blockOffsets: [UInt64] = []
    private var blockFirstKeys: [[UInt8]] = []
    private var previous: [UInt8] = []
    private var inBlock = 0
    private var lastPost: UInt64 = 0
    private var lastPos: UInt64 = 0
    private(set) var termCount: UInt64 = 0

    init(segment: String) {
        CodecFile.writeHeader(&w, codec: SegmentFiles.terms.1, version: SegmentFiles.formatVersion, segment: segment)
    }

    mutating func add(key: ArraySlice<UInt8>, docFreq: UInt32, totalTermFreq: UInt64, postingsOffset: UInt64, positionsOffset: UInt64) {
        if inBlock == TermDictionaryWriter.blockSize { inBlock = 0 }
        if inBlock == 0 {
            blockOffsets.append(UInt64(w.count))
            blockFirstKeys.append(Array(key))
            w.writeLengthPrefixed(key)
            w.writeVInt(docFreq)
            w.writeVLong(totalTermFreq - UInt64(docFreq))
            w.writeVLong(postingsOffset)
            w.writeVLong(positionsOffset)
        } else {
            var shared = 0
            let limit = min(previous.count, key.count)
            var ki = key.startIndex
            while shared < limit && previous[shared] == key[ki] { shared += 1; ki += 1 }
            w.writeVInt(UInt32(shared))
            w.writeVInt(UInt32(key.count - shared))
            w.writeBytes(key[(key.startIndex + shared)...])
            w.writeVInt(docFreq)
            w.writeVLong(totalTermFreq - UInt64(docFreq))
            w.writeVLong(postingsOffset - lastPost)
            w.writeVLong(positionsOffset - lastPos)
        }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: key)
        lastPost = postingsOffset
        lastPos = positionsOffset
        inBlock += 1
        termCount += 1
    }

    mutating func finish() -> [UInt8] {
        let indexOffset = UInt64(w.count)
        w.writeVInt(UInt32(blockOffsets.count))
        for (o, k) in zip(blockOffsets, blockFirstKeys) {
            w.writeUInt64(o)
            w.writeLengthPrefixed(k)
        }
        w.writeUInt64(indexOffset)
        w.writeUInt64(termCount)
        CodecFile.writeFooter(&w)
        return w.bytes
    }
}

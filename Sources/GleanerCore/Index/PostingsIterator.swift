/// Walks one term's postings in one segment (format v4, written by `PostingsWriter`): doc ids
/// ascending, with frequency and, on demand, positions. Decoding is bounds-checked; corrupt data
/// ends the iteration and sets `isCorrupt`.
///
/// Documents are decoded a block (128) at a time into a small buffer. `next()` is O(1)
/// amortised; `advance(to:)` scans within the current block, else gallops over the term's skip
/// table (O(log blocks)) and decodes only the target block. Positions are read only when asked
/// for, straight from the current document's chunk: skipped documents cost no position decoding.
/// `blockBound(for:)` reads a block's score bound without decoding it (block-max pruning).
/// Two buffers of 128 `UInt32` are allocated per iterator (and a scratch for the array form of
/// `positions`, on first use).
public final class PostingsIterator {
    public static let noMoreDocs = UInt32.max
    static let blockSize = PostingsWriter.blockSize
    static let chunkSize = PostingsWriter.chunkSize
    static let entrySize = PostingsWriter.skipEntrySize

    let postings: UnsafeRawBufferPointer
    let positionsData: UnsafeRawBufferPointer
    public let docFreq: UInt32
    let needsPositions: Bool
    /// ceil(docFreq / 128); a skip table exists when > 1.
    let blockCount: Int
    /// Absolute offsets: skip table, first block, first position chunk.
    let skipStart: Int
    let blocksStart: Int
    let positionsStart: Int

    public private(set) var doc: UInt32 = 0
    public private(set) var freq: UInt32 = 0
    public private(set) var isCorrupt = false

    /// Decoded block: docs at `buffer[0..<128]`, freqs at `buffer[128..<256]`.
    let buffer: UnsafeMutablePointer<UInt32>
    private var block = -1
    var count = 0
    var index = -1
    /// Where the block after the current one starts in `postings` (sequential reading).
    private var nextBlockStart = 0
    // Positions of the current block (internal: read and moved by `PostingsIterator+Positions`).
    var posDoc = 0
    var posIndex = 0
    var blockPositionTotal = -1
    var chunkCursor = 0
    var chunkByte = 0
    /// Where the current block's first position chunk starts.
    var blockChunkByte = 0
    /// The document (index in the block) whose first position value `marked` locates: its
    /// chunk, bit, values before it in the chunk, and the chunk's parameter and end bit.
    var markedDoc = -1
    var marked = (chunk: -1, bit: 0, decoded: 0, parameter: 0, endBit: 0)
    var decodedChunk = -1
    /// The open chunk's Rice parameter, values decoded (or skipped) so far, next and end bit.
    var chunkParameter = 0
    var chunkDecoded = 0
    var chunkBit = 0
    var chunkEndBit = 0
    /// Positions per document of the current block, when its positions start with an own-count
    /// header (body terms, v5); else each document has `freq` positions.
    var ownCounts: UnsafeMutablePointer<UInt32>?
    var hasOwnCounts = false
    /// Scratch of the array form of `positions`, grown to the largest frequency asked.
    var scratch: UnsafeMutablePointer<UInt32>?
    var scratchCapacity = 0

    init(postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, info: TermInfo, needsPositions: Bool) {
        self.postings = postings
        self.positionsData = positions
        self.needsPositions = needsPositions
        docFreq = info.docFreq
        blockCount = (Int(info.docFreq) + PostingsIterator.blockSize - 1) / PostingsIterator.blockSize
        skipStart = info.postingsOffset
        blocksStart = info.postingsOffset + (blockCount > 1 ? blockCount * PostingsIterator.entrySize : 0)
        positionsStart = info.positionsOffset
        buffer = .allocate(capacity: 2 * 128)
        if info.postingsOffset > postings.count || blocksStart > postings.count || info.positionsOffset > positions.count {
            isCorrupt = true
            block = blockCount
        }
    }

    /// A new iterator over the same postings, at the start.
    public func restarted() -> PostingsIterator {
        PostingsIterator(postings: postings, positions: positionsData,
                         info: TermInfo(docFreq: docFreq, totalTermFreq: 0, postingsOffset: skipStart, positionsOffset: positionsStart),
                         needsPositions: needsPositions)
    }

    deinit {
        buffer.deallocate()
        scratch?.deallocate()
        ownCounts?.deallocate()
    }

    // MARK: skip table

    @inline(__always)
    private func entryUInt32(_ b: Int, _ field: Int) -> UInt32 {
        UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: skipStart + b * PostingsIterator.entrySize + field * 4, as: UInt32.self))
    }

    @inline(__always)
    private func lastDoc(ofBlock b: Int) -> UInt32 { entryUInt32(b, 0) }

    /// A block's score bound: its last doc, largest frequency, smallest `decode(norm) / freq` in
    /// the term's field and smallest norm code of the other text field (`PostingsWriter.otherField`).
    public struct BlockBound: Sendable {
        public var lastDoc: UInt32
        public var maxFreq: UInt32
        public var minLengthRatio: Float
        public var minOtherNorm: UInt8
    }

    /// The bound of the block holding the first document ≥ `target` (at or after the current
    /// block), without decoding it; nil when the term has no skip table (one block) or no
    /// document ≥ `target`. O(log blocks).
    public func blockBound(for target: UInt32) -> BlockBound? {
        guard blockCount > 1, !isCorrupt else { return nil }
        guard let b = findBlock(target, from: max(block, 0)) else { return nil }
        let ratio = Float(bitPattern: entryUInt32(b, 4))
        return BlockBound(lastDoc: lastDoc(ofBlock: b), maxFreq: entryUInt32(b, 3),
                          minLengthRatio: ratio >= 0 ? ratio : 0, minOtherNorm: postings[skipStart + b * PostingsIterator.entrySize + 20])
    }

    /// Whether the term has a skip table (more than one block).
    public var hasSkipTable: Bool { blockCount > 1 }

    /// For a term of one block: the bound of that block, computed by reading it (`norms` gives a
    /// doc's norm codes in the term's field and in the other text field). Decodes the block if
    /// no move has yet; keeps the iteration where it is. nil for longer or corrupt terms.
    public func singleBlockBound(norms: (UInt32) -> (own: UInt8, other: UInt8)) -> BlockBound? {
        guard blockCount == 1, !isCorrupt else { return nil }
        if block < 0 {
            guard decode(0, at: blocksStart) else { _ = fail(); return nil }
        }
        guard block == 0, count > 0 else { return nil }
        var bound = BlockBound(lastDoc: buffer[count - 1], maxFreq: 0, minLengthRatio: .infinity, minOtherNorm: .max)
        for i in 0 ..< count {
            bound.maxFreq = max(bound.maxFreq, buffer[128 + i])
            let n = norms(buffer[i])
            bound.minLengthRatio = min(bound.minLengthRatio, PostingsWriter.lengthRatio(norm: n.own, freq: buffer[128 + i]))
            bound.minOtherNorm = min(bound.minOtherNorm, n.other)
        }
        return bound
    }

    /// The first block ≥ `from` whose last doc is ≥ `target` (galloping, then binary search).
    private func findBlock(_ target: UInt32, from: Int) -> Int? {
        guard from < blockCount else { return nil }
        if lastDoc(ofBlock: from) >= target { return from }
        var lo = from, step = 1
        var hi = from + 1
        while hi < blockCount && lastDoc(ofBlock: hi) < target {
            lo = hi
            step <<= 1
            hi = from + step
        }
        if hi >= blockCount {
            hi = blockCount - 1
            if lastDoc(ofBlock: hi) < target { return nil }
        }
        // lastDoc(lo) < target ≤ lastDoc(hi)
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if lastDoc(ofBlock: mid) < target { lo = mid } else { hi = mid }
        }
        return hi
    }

    // MARK: iteration

    /// Moves to the next document; returns it, or `noMoreDocs`. The step within the decoded
    /// block is inlined into callers; the next block is decoded out of line.
    @discardableResult @inline(__always)
    public func next() -> UInt32 {
        if index + 1 < count {
            index += 1
            doc = buffer[index]
            freq = buffer[128 + index]
            return doc
        }
        return nextBlock()
    }

    /// `next()` past the decoded block.
    @inline(never)
    private func nextBlock() -> UInt32 {
        guard block + 1 < blockCount else { return exhaust() }
        let b = block + 1
        guard decode(b, at: b == 0 ? blocksStart : nextBlockStart) else { return fail() }
        index = 0
        doc = buffer[0]
        freq = buffer[128]
        return doc
    }

    /// Moves to the first document ≥ `target`. Staying put is inlined into callers.
    @discardableResult @inline(__always)
    public func advance(to target: UInt32) -> UInt32 {
        if index >= 0 && doc >= target { return doc }
        return seek(target)
    }

    /// `advance(to:)` when the current document is before `target`.
    @inline(never)
    private func seek(_ target: UInt32) -> UInt32 {
        if count == 0 || buffer[count - 1] < target {
            if blockCount > 1 {
                guard let b = findBlock(target, from: block + 1) else { return exhaust() }
                guard decode(b, at: blockStart(b)) else { return fail() }
            } else {
                guard block < 0, blockCount == 1 else { return exhaust() }
                guard decode(0, at: blocksStart) else { return fail() }
                if buffer[count - 1] < target { return exhaust() }
            }
        }
        var i = max(index, 0)
        while buffer[i] < target { i += 1 }
        index = i
        doc = buffer[i]
        freq = buffer[128 + i]
        return doc
    }

    @inline(__always)
    private func blockStart(_ b: Int) -> Int { b == 0 ? blocksStart : blocksStart + Int(entryUInt32(b - 1, 1)) }

    /// Decodes block `b` starting at `start` into the buffer; false when corrupt.
    private func decode(_ b: Int, at start: Int) -> Bool {
        let n = b == blockCount - 1 ? Int(docFreq) - PostingsIterator.blockSize * (blockCount - 1) : PostingsIterator.blockSize
        guard n > 0, start < postings.count else { return false }
        var p = start
        if n == PostingsIterator.blockSize {
            guard PatchedPacker.decode(postings, at: &p, count: n, into: buffer) else { return false }
            // Doc gaps are positive, except the term's very first doc id (block 0 starts at 0):
            // one check of the smallest gap after the loop instead of a branch per value.
            var acc: UInt64 = (b == 0 ? 0 : UInt64(lastDoc(ofBlock: b - 1))) + UInt64(buffer[0])
            var smallest: UInt32 = b == 0 ? .max : buffer[0]
            buffer[0] = UInt32(truncatingIfNeeded: acc)
            for i in 1 ..< n {
                let delta = buffer[i]
                smallest = min(smallest, delta)
                acc += UInt64(delta)
                buffer[i] = UInt32(truncatingIfNeeded: acc)
            }
            guard smallest > 0, acc < UInt64(PostingsIterator.noMoreDocs) else { return false }
            guard PatchedPacker.decode(postings, at: &p, count: n, into: buffer + 128) else { return false }
        } else if n < PostingsWriter.minRiceBlock {
            var previous: UInt64 = b == 0 ? 0 : UInt64(lastDoc(ofBlock: b - 1))
            for i in 0 ..< n {
                guard let code = ByteReader.vlong(postings, &p, end: postings.count) else { return false }
                let delta = code >> 1
                if delta == 0 && (b > 0 || i > 0) { return false }
                previous += delta
                guard previous < UInt64(PostingsIterator.noMoreDocs) else { return false }
                buffer[i] = UInt32(previous)
                if code & 1 == 1 { buffer[128 + i] = 0 } else {
                    guard let f = ByteReader.vlong(postings, &p, end: postings.count), f > 0, f <= UInt64(UInt32.max) else { return false }
                    buffer[128 + i] = UInt32(f - 1)
                }
            }
        } else {
            // u8 (kDoc | kFreq << 5)  Rice(kDoc) docGaps  Rice(kFreq) (freq − 1), one bit stream;
            // gaps are doc − previous − 1, the term's first value its first doc id.
            let header = Int(postings[p])
            var bit = (p + 1) << 3
            let endBit = postings.count << 3
            guard RiceCoder.decode(postings, bit: &bit, endBit: endBit, count: n, parameter: header & 31, into: buffer),
                  RiceCoder.decode(postings, bit: &bit, endBit: endBit, count: n, parameter: header >> 5, into: buffer + 128)
            else { return false }
            p = (bit + 7) >> 3
            var acc: UInt64 = b == 0 ? UInt64(buffer[0]) : UInt64(lastDoc(ofBlock: b - 1)) + UInt64(buffer[0]) + 1
            buffer[0] = UInt32(truncatingIfNeeded: acc)
            for i in 1 ..< n {
                acc += UInt64(buffer[i]) + 1
                buffer[i] = UInt32(truncatingIfNeeded: acc)
            }
            guard acc < UInt64(PostingsIterator.noMoreDocs) else { return false }
        }
        // Frequencies are stored minus one; a stored UInt32.max would wrap to 0.
        var smallestFreq = UInt32.max
        for i in 128 ..< 128 + n {
            let f = buffer[i] &+ 1
            smallestFreq = min(smallestFreq, f)
            buffer[i] = f
        }
        if smallestFreq == 0 { return false }
        if blockCount > 1 && buffer[n - 1] != lastDoc(ofBlock: b) { return false }
        block = b
        count = n
        index = -1
        nextBlockStart = p
        posDoc = 0
        posIndex = 0
        blockPositionTotal = -1
        chunkCursor = 0
        chunkByte = positionsStart + (b == 0 ? 0 : Int(entryUInt32(b - 1, 2)))
        blockChunkByte = chunkByte
        hasOwnCounts = false
        markedDoc = -1
        decodedChunk = -1
        return true
    }

    // MARK: end states

    private func exhaust() -> UInt32 {
        block = blockCount
        count = 0
        index = -1
        doc = PostingsIterator.noMoreDocs
        return doc
    }

    func fail() -> UInt32 {
        isCorrupt = true
        return exhaust()
    }
}

/// Encodes postings (`.post`) and positions (`.pos`) of format v4, one term at a time
/// (layout in Docs/FORMAT.md; read by `PostingsIterator`).
///
/// A term's documents go in blocks of `blockSize`: full blocks bit-packed with patched
/// exceptions (`PatchedPacker`: doc deltas, then frequencies − 1), the last partial block as
/// one Rice-coded bit stream (doc gaps at one parameter, then frequencies − 1 at another: short
/// lists are most of the dictionary), or as VInts when it holds fewer than `minRiceBlock`
/// documents. A term of more than one block starts with a skip table of fixed-width entries,
/// one per block: last doc id, where the block's postings and positions end, and a score bound
/// for block-max pruning (the block's largest frequency, smallest length-to-frequency ratio in
/// the term's field, smallest length code of the other text field). Positions of one block's
/// documents are Rice-coded in chunks of 128 values (the first position of each document
/// absolute, then deltas).
///
/// Body positions (v5) are stored once per unit (a distinct paragraph, see `UnitTable`): a
/// document carries only the positions of its own units — those whose first occurrence in the
/// segment it is — so it may have fewer positions than its frequency. A block where some
/// document does starts its positions with `u8 0x80  Patched(n) (freq − own)` (a chunk's
/// parameter byte is below 0x80); `own` is then how many positions the document has.
///
/// Use: `startTerm` → `add` per document in ascending order → `finishTerm`. O(postings +
/// positions); the scratch buffers are reused from term to term. Built with `spillTo` files,
/// `spillIfLarge` (between terms) moves the bytes written so far to them, so memory holds
/// about `spillBytes` (per file) plus one term; `finishSpilled` then completes the files.
struct PostingsWriter {
    static let blockSize = 128
    /// Positions per packed chunk.
    static let chunkSize = 128
    /// Bytes of one skip entry: u32 lastDoc, u32 postingsEnd, u32 positionsEnd, u32 maxFreq,
    /// f32 minLengthRatio, u8 minOtherNorm.
    static let skipEntrySize = 21
    /// Largest Rice parameter of a block's frequencies (three bits of the block's header byte).
    static let maxFreqParameter = 7
    /// Partial blocks of fewer documents are VInts: a Rice header byte and padding cost more.
    static let minRiceBlock = 4

    /// The text field whose length a skip entry bounds besides the term's own: title for body
    /// terms, body for every other field.
    static func otherField(_ field: UInt8) -> UInt8 { field == Field.body.rawValue ? Field.title.rawValue : Field.body.rawValue }

    /// `decode(norm) / freq`, rounded down to a `Float` (a lower bound of the exact ratio).
    static func lengthRatio(norm: UInt8, freq: UInt32) -> Float {
        let r = Double(FieldNorms.decode(norm)) / Double(freq)
        let f = Float(r)
        return Double(f) > r ? f.nextDown : f
    }

    /// Buffered bytes the spill files take at a time, by default.
    static let defaultSpillBytes = 8 << 20

    private(set) var post: ByteWriter
    private(set) var pos: ByteWriter
    /// Where spilled bytes go, and how many went (file offset of `post`'s / `pos`'s first byte).
    private let postSink: DurableFileWriter?
    private let posSink: DurableFileWriter?
    private var postBase = 0
    private var posBase = 0
    private let spillBytes: Int
    /// Norm codes per field (by `Field.rawValue`), per document: for the skip entries' bounds.
    private let norms: [[UInt8]]

    private var docs: [UInt32] = []
    private var freqs: [UInt32] = []
    /// Per document of the block: its own positions; whether some document has fewer than its frequency.
    private var owns: [UInt32] = []
    private var partialBlock = false
    private var blockPositions: [UInt32] = []
    private var scratch: [UInt32] = []
    private var skip = ByteWriter()
    private var blocks = ByteWriter()
    private var termPositionsStart = 0
    private var blockCount = 0
    private var previousLast: UInt32 = 0
    private var lastAdded: Int64 = -1
    private var field: UInt8 = 0
    /// Whether the current term's field keeps positions (`Field.hasPositions`).
    private var writesPositions = true

    init(segment: String, norms: [[UInt8]], postingsCapacity: Int, positionsCapacity: Int,
         spillTo files: (postings: DurableFileWriter, positions: DurableFileWriter)? = nil,
         spillBytes: Int = PostingsWriter.defaultSpillBytes) {
        self.norms = norms
        self.spillBytes = spillBytes
        postSink = files?.postings
        posSink = files?.positions
        post = ByteWriter(capacity: postingsCapacity)
        pos = ByteWriter(capacity: positionsCapacity)
        CodecFile.writeHeader(&post, codec: SegmentFiles.postings.1, version: SegmentFiles.formatVersion, segment: segment)
        CodecFile.writeHeader(&pos, codec: SegmentFiles.positions.1, version: SegmentFiles.formatVersion, segment: segment)
        docs.reserveCapacity(PostingsWriter.blockSize)
        freqs.reserveCapacity(PostingsWriter.blockSize)
    }

    /// Begins a term of `field` (the key's first byte); returns the file offsets its postings
    /// and positions start at.
    mutating func startTerm(field: UInt8) -> (postings: UInt64, positions: UInt64) {
        self.field = field
        writesPositions = Field.hasPositions(field)
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        owns.removeAll(keepingCapacity: true)
        partialBlock = false
        blockPositions.removeAll(keepingCapacity: true)
        skip.removeAll()
        blocks.removeAll()
        blockCount = 0
        previousLast = 0
        lastAdded = -1
        termPositionsStart = posBase + pos.count
        return (UInt64(postBase + post.count), UInt64(posBase + pos.count))
    }

    /// Adds one document of the current term with its ascending positions (frequency =
    /// `positions.count`, at least 1). A term of a field without positions keeps the count only.
    mutating func add(doc: UInt32, positions: UnsafeBufferPointer<UInt32>) {
        precondition(Int64(doc) > lastAdded && !positions.isEmpty, "postings must ascend and have positions")
        lastAdded = Int64(doc)
        docs.append(doc)
        freqs.append(UInt32(positions.count))
        owns.append(UInt32(positions.count))
        if writesPositions {
            var last: UInt32 = 0
            for p in positions {
                blockPositions.append(p &- last)
                last = p
            }
        }
        if docs.count == PostingsWriter.blockSize { flushBlock() }
    }

    /// Adds one document of the current term with its frequency and the ascending positions
    /// of its own units (at most `freq` of them, possibly none). A term of a field without
    /// positions keeps the frequency only.
    mutating func add(doc: UInt32, freq: UInt32, positions: UnsafeBufferPointer<UInt32>) {
        precondition(Int64(doc) > lastAdded && freq > 0 && positions.count <= Int(freq), "postings must ascend, positions at most freq")
        lastAdded = Int64(doc)
        docs.append(doc)
        freqs.append(freq)
        if writesPositions {
            if positions.count != Int(freq) { partialBlock = true }
            owns.append(UInt32(positions.count))
            var last: UInt32 = 0
            for p in positions {
                blockPositions.append(p &- last)
                last = p
            }
        } else {
            owns.append(freq)
        }
        if docs.count == PostingsWriter.blockSize { flushBlock() }
    }

    /// Adds one document of the current term, of a field without positions, with its frequency
    /// (at least 1).
    mutating func add(doc: UInt32, freq: UInt32) {
        precondition(Int64(doc) > lastAdded && freq > 0 && !writesPositions, "postings must ascend; positions needed")
        lastAdded = Int64(doc)
        docs.append(doc)
        freqs.append(freq)
        owns.append(freq)
        if docs.count == PostingsWriter.blockSize { flushBlock() }
    }

    /// Ends the current term: writes its skip table (when it has more than one block) and blocks.
    mutating func finishTerm() {
        if !docs.isEmpty { flushBlock() }
        if blockCount > 1 { post.writeBytes(skip.bytes) }
        post.writeBytes(blocks.bytes)
    }

    /// Between terms: moves the buffered bytes to the spill files once past `spillBytes`.
    mutating func spillIfLarge() throws {
        guard let postSink, let posSink else { return }
        if post.count >= spillBytes {
            try postSink.append(post.bytes)
            postBase += post.count
            post.removeAll()
        }
        if pos.count >= spillBytes {
            try posSink.append(pos.bytes)
            posBase += pos.count
            pos.removeAll()
        }
    }

    /// Completes and fsyncs the spill files (footers appended); returns their sizes and CRCs.
    mutating func finishSpilled() throws -> (postings: (size: Int, crc32: UInt32), positions: (size: Int, crc32: UInt32)) {
        guard let postSink, let posSink else { preconditionFailure("finishSpilled without spill files") }
        func complete(_ w: inout ByteWriter, _ sink: DurableFileWriter) throws -> (size: Int, crc32: UInt32) {
            w.writeUInt32(CodecFile.footerMagic)
            let crc = w.bytes.withUnsafeBytes { CRC32.checksum($0, seed: sink.crc) }
            w.writeUInt32(crc)
            try sink.append(w.bytes)
            w.removeAll()
            try sink.sync()
            return (sink.size, crc)
        }
        return (try complete(&post, postSink), try complete(&pos, posSink))
    }

    /// The files' bytes, footers appended.
    mutating func finish() -> (postings: [UInt8], positions: [UInt8]) {
        CodecFile.writeFooter(&post)
        CodecFile.writeFooter(&pos)
        return (post.bytes, pos.bytes)
    }

    private mutating func flushBlock() {
        let n = docs.count
        var maxFreq: UInt32 = 0
        var minRatio = Float.infinity
        var minOther = UInt8.max
        let other = PostingsWriter.otherField(field)
        for i in 0 ..< n {
            maxFreq = max(maxFreq, freqs[i])
            minRatio = min(minRatio, PostingsWriter.lengthRatio(norm: norm(field, docs[i]), freq: freqs[i]))
            minOther = min(minOther, norm(other, docs[i]))
        }
        scratch.removeAll(keepingCapacity: true)
        var prev = previousLast
        if n == PostingsWriter.blockSize {
            // Full block: Patched(128) docDeltas  Patched(128) (freq − 1) — bit-packed, a few
            // large values patched in: decoded at close to memory speed.
            for d in docs { scratch.append(d - prev); prev = d }
            for f in freqs { scratch.append(f - 1) }
            scratch.withUnsafeBufferPointer { all in
                PatchedPacker.encode(UnsafeBufferPointer(rebasing: all[0 ..< n]), into: &blocks)
                PatchedPacker.encode(UnsafeBufferPointer(rebasing: all[n ..< 2 * n]), into: &blocks)
            }
        } else if n < PostingsWriter.minRiceBlock {
            // A few documents: VLong (docDelta << 1 | (freq == 1 ? 1 : 0))  [VInt freq if freq != 1]
            for i in 0 ..< n {
                let delta = UInt64(docs[i] - prev)
                prev = docs[i]
                if freqs[i] == 1 {
                    blocks.writeVLong(delta << 1 | 1)
                } else {
                    blocks.writeVLong(delta << 1)
                    blocks.writeVInt(freqs[i])
                }
            }
        } else {
            // Last, partial block: u8 (kDoc | kFreq << 5)  Rice(kDoc) docGaps  Rice(kFreq) (freq − 1),
            // one bit stream; a gap is the doc id minus the previous one minus 1 (the term's
            // first: the id).
            for (i, d) in docs.enumerated() {
                scratch.append(blockCount == 0 && i == 0 ? d : d - prev - 1)
                prev = d
            }
            for f in freqs { scratch.append(f - 1) }
            scratch.withUnsafeBufferPointer { all in
                let gaps = UnsafeBufferPointer(rebasing: all[0 ..< n])
                let fs = UnsafeBufferPointer(rebasing: all[n ..< 2 * n])
                let kDoc = RiceCoder.bestParameter(gaps)
                let kFreq = min(RiceCoder.bestParameter(fs), PostingsWriter.maxFreqParameter)
                blocks.writeByte(UInt8(kDoc | kFreq << 5))
                RiceCoder.encode(gaps, parameter: kDoc, fs, parameter: kFreq, into: &blocks)
            }
        }
        if partialBlock {
            scratch.removeAll(keepingCapacity: true)
            for i in 0 ..< n { scratch.append(freqs[i] - owns[i]) }
            pos.writeByte(0x80)
            scratch.withUnsafeBufferPointer { PatchedPacker.encode($0, into: &pos) }
        }
        var start = 0
        blockPositions.withUnsafeBufferPointer { all in
            while start < all.count {
                let end = min(start + PostingsWriter.chunkSize, all.count)
                let chunk = UnsafeBufferPointer(rebasing: all[start ..< end])
                let k = RiceCoder.bestParameter(chunk)
                pos.writeByte(UInt8(k))
                // A reader skips a chunk by its length; none skips past the block's last.
                if end < all.count { pos.writeVInt(UInt32(RiceCoder.byteCount(chunk, k))) }
                RiceCoder.encode(chunk, parameter: k, into: &pos)
                start = end
            }
        }
        let postingsEnd = blocks.count, positionsEnd = posBase + pos.count - termPositionsStart
        precondition(postingsEnd <= Int(UInt32.max) && positionsEnd <= Int(UInt32.max), "one term's postings exceed 4 GiB")
        skip.writeUInt32(docs[n - 1])
        skip.writeUInt32(UInt32(postingsEnd))
        skip.writeUInt32(UInt32(positionsEnd))
        skip.writeUInt32(maxFreq)
        skip.writeUInt32(minRatio.bitPattern)
        skip.writeByte(minOther)
        previousLast = docs[n - 1]
        blockCount += 1
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        owns.removeAll(keepingCapacity: true)
        partialBlock = false
        blockPositions.removeAll(keepingCapacity: true)
    }

    /// The norm code of `field` in `doc` (0, a valid lower bound, when not known).
    @inline(__always)
    private func norm(_ field: UInt8, _ doc: UInt32) -> UInt8 {
        let f = Int(field), d = Int(doc)
        return f < norms.count && d < norms[f].count ? norms[f][d] : 0
    }
}

/// Reading the positions of the current document (`PostingsIterator`'s position state, kept
/// in the class): the block's chunks are walked by their lengths, values before the document's
/// are skipped without being stored, and the document's own are Rice-decoded up to a limit.
///
/// A body document holds only the positions of its own units (`PostingsWriter`): `ownCount`
/// of them, at most `freq`, read from the block's optional own-count header.
extension PostingsIterator {
    /// How many positions the current document has: its frequency, or fewer for a body term
    /// whose document shares some units with earlier documents (their positions are stored
    /// there). 0 when the positions are corrupt.
    public var ownCount: Int {
        guard index >= 0, index < count, loadBlockPositions() else { return 0 }
        return Int(own(index))
    }

    /// Positions of block document `i`.
    @inline(__always)
    func own(_ i: Int) -> UInt32 { hasOwnCounts ? ownCounts![i] : buffer[128 + i] }

    /// On the block's first position read: parses its own-count header, if any, and sums its
    /// positions. False when corrupt.
    func loadBlockPositions() -> Bool {
        if blockPositionTotal >= 0 { return true }
        hasOwnCounts = false
        let freqs = buffer + 128
        var t = 0
        if blockChunkByte < positionsData.count && positionsData[blockChunkByte] >= 0x80 {
            if ownCounts == nil { ownCounts = .allocate(capacity: 128) }
            let owns = ownCounts!
            var p = blockChunkByte + 1
            guard PatchedPacker.decode(positionsData, at: &p, count: count, into: owns) else { return false }
            // Own = frequency − missing, summed in the same pass.
            var bad = false
            for i in 0 ..< count {
                let missing = owns[i], freq = freqs[i]
                bad = bad || missing > freq
                let own = freq &- missing
                owns[i] = own
                t &+= Int(own)
            }
            if bad { return false }
            hasOwnCounts = true
            blockChunkByte = p
            chunkByte = p
            chunkCursor = 0
        } else {
            for i in 0 ..< count { t &+= Int(freqs[i]) }
        }
        blockPositionTotal = t
        return true
    }

    /// The positions of the current document (valid until the next move).
    public func positions(into out: inout [UInt32]) {
        positions(into: &out, through: UInt32.max)
    }

    /// The positions of the current document up to the first one ≥ `limit` (included): the
    /// rest is not decoded (an exact phrase needs no position past its last candidate).
    public func positions(into out: inout [UInt32], through limit: UInt32) {
        out.removeAll(keepingCapacity: true)
        guard index >= 0, index < count else { return }
        let n = ownCount
        if scratchCapacity < n {
            scratch?.deallocate()
            scratchCapacity = max(n, 2 * scratchCapacity)
            scratch = .allocate(capacity: scratchCapacity)
        }
        let got = positions(writingTo: scratch!, through: limit)
        out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: got))
    }

    /// `positions(into:through:)` written to `out`, which has room for `ownCount` (≤ `freq`) values; returns
    /// how many were written (0 when the positions are corrupt: the iteration then ends). No
    /// allocation: the form for hot loops (`PhraseScorer`). (A label of its own: `&array`
    /// would convert to a pointer, so an `into:` overload could silently write past an array.)
    ///
    /// The values are Rice-decoded straight into `out`, stopping at the limit: a chunk's values
    /// before the document's first are skipped (`RiceCoder.skip`, nothing stored), so a phrase
    /// whose candidates lie early in long documents decodes little of them. Where the
    /// document's values start is remembered, so it can be read again before the next move.
    public func positions(writingTo out: UnsafeMutablePointer<UInt32>, through limit: UInt32) -> Int {
        guard index >= 0, index < count else { return 0 }
        guard loadBlockPositions() else { _ = fail(); return 0 }
        while posDoc < index {
            posIndex += Int(own(posDoc))
            posDoc += 1
        }
        var v = posIndex
        let end = posIndex + Int(own(index))
        if v == end { return 0 }
        if markedDoc == index {
            // Read again: back to the document's first value.
            decodedChunk = marked.chunk
            chunkBit = marked.bit
            chunkDecoded = marked.decoded
            chunkParameter = marked.parameter
            chunkEndBit = marked.endBit
        } else {
            let k = v / PostingsIterator.chunkSize
            guard openChunk(k), skipChunk(to: v - k * PostingsIterator.chunkSize) else { _ = fail(); return 0 }
            markedDoc = index
            marked = (decodedChunk, chunkBit, chunkDecoded, chunkParameter, chunkEndBit)
        }
        var written = 0
        var last: UInt64 = 0
        while v < end {
            let k = v / PostingsIterator.chunkSize
            // A document running into the next chunk continues at its first value.
            if decodedChunk != k { guard openChunk(k) else { _ = fail(); return 0 } }
            let n = min(end, (k + 1) * PostingsIterator.chunkSize) - v
            guard chunkDecoded + n <= chunkCount(k),
                  let got = RiceCoder.decodeSums(positionsData, bit: &chunkBit, endBit: chunkEndBit, count: n, parameter: chunkParameter,
                                                 sum: &last, through: UInt64(limit), into: out + written) else { _ = fail(); return 0 }
            written += got
            chunkDecoded += got
            v += got
            if last >= UInt64(limit) { return written }
        }
        return written
    }

    /// Values in chunk `k` of the current block.
    @inline(__always)
    private func chunkCount(_ k: Int) -> Int { min(PostingsIterator.chunkSize, blockPositionTotal - k * PostingsIterator.chunkSize) }

    /// Makes position chunk `k` of the current block the open one: walks forward over the
    /// chunks before it (each is a parameter byte, its length and its Rice-coded bytes; the
    /// block's last chunk has no length). A chunk already open stays where it is.
    private func openChunk(_ k: Int) -> Bool {
        if decodedChunk == k { return true }
        if k < chunkCursor {
            // A document read again after its later chunks were opened: walk from the block's
            // first chunk (rare; a phrase or proximity reads a document once).
            chunkCursor = 0
            chunkByte = blockChunkByte
        }
        let lastChunk = (blockPositionTotal - 1) / PostingsIterator.chunkSize
        guard k <= lastChunk else { return false }
        while chunkCursor < k {
            var p = chunkByte + 1
            guard p <= positionsData.count, let length = ByteReader.vlong(positionsData, &p, end: positionsData.count), length <= UInt64(positionsData.count) else { return false }
            chunkByte = p + Int(length)
            chunkCursor += 1
        }
        guard chunkByte < positionsData.count else { return false }
        chunkParameter = Int(positionsData[chunkByte])
        var p = chunkByte + 1
        var end = positionsData.count
        if k < lastChunk {
            guard let length = ByteReader.vlong(positionsData, &p, end: positionsData.count), length <= UInt64(positionsData.count - p) else { return false }
            end = p + Int(length)
        }
        decodedChunk = k
        chunkBit = p << 3
        chunkEndBit = end << 3
        chunkDecoded = 0
        return true
    }

    /// Passes over the open chunk's values up to `n` without storing them (they belong to
    /// earlier documents, which are never read again).
    @inline(__always)
    private func skipChunk(to n: Int) -> Bool {
        guard chunkDecoded < n else { return true }
        guard n <= chunkCount(decodedChunk), RiceCoder.skip(positionsData, bit: &chunkBit, endBit: chunkEndBit, count: n - chunkDecoded,
                                                             parameter: chunkParameter) else {
            decodedChunk = -1
            return false
        }
        chunkDecoded = n
        return true
    }
}

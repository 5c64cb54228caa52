/// Walks one term's postings in one segment: doc ids ascending, with frequency and, on demand,
/// positions. Decoding is bounds-checked; corrupt data ends the iteration and sets `isCorrupt`.
///
/// `next()` is O(1) amortised; `advance(to:)` is linear in the docs skipped (format v1 has no
/// skip data).
public final class PostingsIterator {
    public static let noMoreDocs = UInt32.max

    let postings: UnsafeRawBufferPointer
    let positionsData: UnsafeRawBufferPointer
    var p: Int
    var pp: Int
    var remaining: UInt32
    public private(set) var doc: UInt32 = 0
    public private(set) var freq: UInt32 = 0
    public let docFreq: UInt32
    var started = false
    var positionsPending = 0
    public private(set) var isCorrupt = false
    let needsPositions: Bool

    init(postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, info: TermInfo, needsPositions: Bool) {
        self.postings = postings
        self.positionsData = positions
        p = info.postingsOffset
        pp = info.positionsOffset
        remaining = info.docFreq
        docFreq = info.docFreq
        self.needsPositions = needsPositions
        if p > postings.count || pp > positions.count { isCorrupt = true; remaining = 0 }
    }

    @inline(__always)
    func readVLong(_ data: UnsafeRawBufferPointer, _ at: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while at < data.count {
            let b = data[at]
            at += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Moves to the next document; returns it, or `noMoreDocs`.
    @discardableResult
    public func next() -> UInt32 {
        if positionsPending > 0 { skipPositions() }
        guard remaining > 0 else { doc = PostingsIterator.noMoreDocs; return doc }
        remaining -= 1
        guard let code = readVLong(postings, &p) else { return fail() }
        let delta = code >> 1
        if started {
            guard delta > 0, UInt64(doc) + delta < UInt64(PostingsIterator.noMoreDocs) else { return fail() }
            doc += UInt32(delta)
        } else {
            guard delta < UInt64(PostingsIterator.noMoreDocs) else { return fail() }
            doc = UInt32(delta)
            started = true
        }
        if code & 1 == 1 { freq = 1 } else {
            guard let f = readVLong(postings, &p), f > 0, f <= UInt64(UInt32.max) else { return fail() }
            freq = UInt32(f)
        }
        if needsPositions { positionsPending = Int(freq) }
        return doc
    }

    /// Moves to the first document ≥ `target`.
    @discardableResult
    public func advance(to target: UInt32) -> UInt32 {
        if started && doc >= target { return doc }
        while next() < target {}
        return doc
    }

    /// The positions of the current document (valid until the next move).
    public func positions(into buffer: inout [UInt32]) {
        buffer.removeAll(keepingCapacity: true)
        var last: UInt32 = 0
        while positionsPending > 0 {
            guard let d = readVLong(positionsData, &pp), UInt64(last) + d <= UInt64(UInt32.max) else { _ = fail(); return }
            last += UInt32(d)
            buffer.append(last)
            positionsPending -= 1
        }
    }

    func skipPositions() {
        while positionsPending > 0 {
            guard readVLong(positionsData, &pp) != nil else { _ = fail(); return }
            positionsPending -= 1
        }
    }

    func fail() -> UInt32 {
        isCorrupt = true
        remaining = 0
        positionsPending = 0
        doc = PostingsIterator.noMoreDocs
        return doc
    }
}

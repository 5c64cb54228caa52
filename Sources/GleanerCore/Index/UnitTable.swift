/// A segment's body units (`.units`): which units (distinct paragraphs, by analysed tokens:
/// `UnitKey`) each document's body is made of, in order, which documents hold each unit, and
/// each unit's length in tokens. A unit's body positions are stored once, in the postings of
/// its owner — the first document holding it (units are numbered in order of first
/// appearance, so a document owns the units `firstUnits[d] ..< firstUnits[d + 1]`) — at that
/// document's first occurrence of it; other occurrences are references. This table takes a
/// phrase's matches in an owner's units to every document holding them, and a document's units
/// to where their positions are.
///
/// ```
/// Units    := Header VInt docCount VInt unitCount
///             BitPacked firstUnits[docCount + 1]
///             BitPacked docStarts[docCount + 1]     Bytes docLists
///             BitPacked sharedStarts[unitCount + 1] Bytes sharedLists
///             BitPacked lengths[unitCount]  Footer
/// docLists    : per document, VLong zigzag(unit − previous − 1) per occurrence, previous = −1 first
/// sharedLists : per unit, VInt (doc − previous) per occurrence but the owner's own, previous = owner
/// ```
/// `docStarts[d] ..< docStarts[d + 1]` are document `d`'s bytes in `docLists` (likewise for
/// units). A unit occurring twice in a document is listed twice on both sides (a shared
/// delta of 0). O(1) to find a list, O(its length) to decode it; a unit's owner is a binary
/// search over `firstUnits`.
struct UnitTable {
    let docCount: Int
    let unitCount: Int
    private let firstUnits: BitPacked
    private let docStarts: BitPacked
    private let docLists: UnsafeRawBufferPointer
    private let sharedStarts: BitPacked
    private let sharedLists: UnsafeRawBufferPointer
    private let lengths: BitPacked

    init(_ r: inout ByteReader, docCount expected: Int) throws {
        docCount = Int(try r.readVInt())
        unitCount = Int(try r.readVInt())
        guard docCount == expected else { throw r.corrupt("\(docCount) documents, expected \(expected)") }
        firstUnits = try BitPacked(&r, count: docCount + 1)
        docStarts = try BitPacked(&r, count: docCount + 1)
        docLists = try r.readLengthPrefixed()
        sharedStarts = try BitPacked(&r, count: unitCount + 1)
        sharedLists = try r.readLengthPrefixed()
        lengths = try BitPacked(&r, count: unitCount)
        guard docStarts[docCount] == docLists.count, sharedStarts[unitCount] == sharedLists.count,
              firstUnits[0] == 0, firstUnits[docCount] == unitCount else {
            throw r.corrupt("unit lists do not end where their tables say")
        }
    }

    /// The units of document `d`'s body in order into `out` (cleared first); false when corrupt.
    func units(ofDoc d: Int, into out: inout [UInt32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        return walk(doc: d) { u in out.append(u); return true } == true
    }

    /// Decodes document `d`'s list (its units in body order) and calls `body` with each unit
    /// until it returns false. Returns true when the list was read to its end, false when `body`
    /// stopped it, nil when `d` or the list is corrupt. Shared by every reader of the lists.
    @inline(__always)
    private func walk(doc d: Int, _ body: (UInt32) -> Bool) -> Bool? {
        guard d >= 0, d < docCount else { return nil }
        var p = Int(docStarts[d])
        let end = Int(docStarts[d + 1])
        guard p <= end, end <= docLists.count else { return nil }
        var previous: Int64 = -1
        while p < end {
            // Inline VLong: most deltas take one byte.
            var z = UInt64(docLists[p])
            p += 1
            if z >= 0x80 {
                p -= 1
                guard let v = ByteReader.vlong(docLists, &p, end: end) else { return nil }
                z = v
            }
            previous += Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))) + 1
            guard previous >= 0, previous < Int64(unitCount) else { return nil }
            if !body(UInt32(previous)) { return false }
        }
        return true
    }

    /// The units document `d` owns: `firstUnits[d] ..< firstUnits[d + 1]`.
    @inline(__always)
    func ownedUnits(ofDoc d: Int) -> Range<UInt32> {
        let a = firstUnits[d], b = firstUnits[d + 1]
        return a <= b ? a ..< b : a ..< a
    }

    /// Calls `body` with each document of unit `u` (ascending, repeated when the unit occurs
    /// more than once in it), starting with its owner (`owner`, when the caller knows it);
    /// false when corrupt.
    func forEachDoc(ofUnit u: Int, owner known: UInt32? = nil, _ body: (UInt32) -> Void) -> Bool {
        guard u >= 0, u < unitCount, let owner = known ?? self.owner(ofUnit: u) else { return false }
        var p = Int(sharedStarts[u])
        let end = Int(sharedStarts[u + 1])
        guard p <= end, end <= sharedLists.count else { return false }
        body(owner)
        var doc = UInt64(owner)
        while p < end {
            guard let v = ByteReader.vlong(sharedLists, &p, end: end) else { return false }
            doc += v
            guard doc < UInt64(docCount) else { return false }
            body(UInt32(doc))
        }
        return true
    }

    /// Tokens of unit `u` (< `unitCount`).
    @inline(__always)
    func length(ofUnit u: Int) -> UInt32 { lengths[u] }

    /// The owner of unit `u`: the document whose owned range holds it (binary search), or nil.
    func owner(ofUnit u: Int) -> UInt32? {
        guard u >= 0, u < unitCount else { return nil }
        // The last document d with firstUnits[d] ≤ u; firstUnits ascends.
        var lo = 0, hi = docCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if Int(firstUnits[mid]) <= u { lo = mid } else { hi = mid - 1 }
        }
        return Int(firstUnits[lo + 1]) > u ? UInt32(lo) : nil
    }

    /// One unit occurrence in a document: the unit, its first token's position in the body,
    /// its length, and whether it is the owner's own occurrence (which carries the positions).
    struct Occurrence {
        var unit: UInt32
        var start: UInt32
        var length: UInt32
        var own: Bool
    }

    /// Document `d`'s unit occurrences in body order into `out` (cleared first); false when
    /// corrupt. One pass over the document's list (`scratch` is kept for callers' reuse).
    func occurrences(ofDoc d: Int, into out: inout [Occurrence], scratch: inout [UInt32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard d >= 0, d < docCount else { return false }
        let owned = ownedUnits(ofDoc: d)
        var start: UInt32 = 0
        var nextOwn = owned.lowerBound
        let read = walk(doc: d) { u in
            let length = lengths[Int(u)]
            // Own units appear in ascending order, each first at its own occurrence.
            let own = u == nextOwn && u < owned.upperBound
            if own { nextOwn += 1 }
            out.append(Occurrence(unit: u, start: start, length: length, own: own))
            start &+= length
            return true
        }
        return read == true && nextOwn == owned.upperBound
    }

    /// Where document `d`'s own units start in its body: `out[u − ownedUnits(ofDoc: d).lowerBound]`
    /// for its own units up to `last` (cleared first). The list is read only as far as `last`'s
    /// own occurrence, with no other state per unit. False when corrupt or `last` is not `d`'s.
    func ownStarts(ofDoc d: Int, through last: UInt32, into out: inout [UInt32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard d >= 0, d < docCount else { return false }
        let owned = ownedUnits(ofDoc: d)
        guard owned.contains(last) else { return false }
        var start: UInt32 = 0
        var nextOwn = owned.lowerBound
        // Stopped (false) exactly when `last`'s own occurrence was reached.
        let read = walk(doc: d) { u in
            // Own units appear in ascending order, each first at its own occurrence.
            if u == nextOwn {
                out.append(start)
                if u == last { return false }
                nextOwn += 1
            }
            start &+= lengths[Int(u)]
            return true
        }
        return read == false
    }

    /// Where unit `u`'s positions are: its owner and the unit's first position there.
    func home(ofUnit u: Int, scratch: inout [Occurrence], units: inout [UInt32]) -> (doc: UInt32, start: UInt32)? {
        guard let o = owner(ofUnit: u), occurrences(ofDoc: Int(o), into: &scratch, scratch: &units) else { return nil }
        guard let k = scratch.firstIndex(where: { $0.own && $0.unit == UInt32(u) }) else { return nil }
        return (o, scratch[k].start)
    }

    /// The payload of a `.units` file (between header and footer) for documents whose units
    /// are `units[starts[d] ..< starts[d + 1]]`, numbered `0 ..< unitCount` in order of first
    /// appearance, each in at least one document, unit `u` `lengths[u]` tokens long.
    static func write(docUnits units: [UInt32], starts: [Int], lengths: [UInt32], into w: inout ByteWriter) {
        let unitCount = lengths.count
        let docCount = starts.count - 1
        w.writeVInt(UInt32(docCount))
        w.writeVInt(UInt32(unitCount))
        var docBytes = ByteWriter(capacity: units.count * 2)
        var docEnds: [UInt32] = [0]
        var firstUnits: [UInt32] = [0]
        docEnds.reserveCapacity(docCount + 1)
        // Per unit: its occurrences, to lay the inverse out by a counting sort.
        var perUnit = [Int](repeating: 0, count: unitCount + 1)
        var created: UInt32 = 0
        for d in 0 ..< docCount {
            var previous: Int64 = -1
            for k in starts[d] ..< starts[d + 1] {
                let u = Int64(units[k])
                let delta = u - previous - 1
                docBytes.writeVLong(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
                previous = u
                perUnit[Int(u) + 1] += 1
                if UInt32(u) == created { created += 1 }
            }
            docEnds.append(UInt32(docBytes.count))
            firstUnits.append(created)
        }
        for u in 0 ..< unitCount { perUnit[u + 1] += perUnit[u] }
        var docsOfUnit = [UInt32](repeating: 0, count: units.count)
        var cursor = perUnit
        for d in 0 ..< docCount {
            for k in starts[d] ..< starts[d + 1] {
                let u = Int(units[k])
                docsOfUnit[cursor[u]] = UInt32(d)
                cursor[u] += 1
            }
        }
        var sharedBytes = ByteWriter(capacity: units.count)
        var sharedEnds: [UInt32] = [0]
        sharedEnds.reserveCapacity(unitCount + 1)
        for u in 0 ..< unitCount {
            // The first occurrence is the owner's own: implied.
            var previous = docsOfUnit[perUnit[u]]
            for k in perUnit[u] + 1 ..< perUnit[u + 1] {
                let d = docsOfUnit[k]
                sharedBytes.writeVInt(d - previous)
                previous = d
            }
            sharedEnds.append(UInt32(sharedBytes.count))
        }
        BitPacked.write(firstUnits, into: &w)
        BitPacked.write(docEnds, into: &w)
        w.writeLengthPrefixed(docBytes.bytes)
        BitPacked.write(sharedEnds, into: &w)
        w.writeLengthPrefixed(sharedBytes.bytes)
        BitPacked.write(lengths, into: &w)
    }

    /// A whole `.units` file: header, `write`'s payload, footer.
    static func file(segment: String, docUnits units: [UInt32], starts: [Int], lengths: [UInt32]) -> [UInt8] {
        var w = ByteWriter(capacity: units.count * 2 + lengths.count * 4 + starts.count * 4 + 64)
        CodecFile.writeHeader(&w, codec: SegmentFiles.units.1, version: SegmentFiles.formatVersion, segment: segment)
        write(docUnits: units, starts: starts, lengths: lengths, into: &w)
        CodecFile.writeFooter(&w)
        return w.bytes
    }
}

/// A segment's body units (`.units`): which units (distinct paragraphs, by analysed tokens:
/// `UnitKey`) each document's body is made of, in order, which documents hold each unit, and
/// each unit's length in tokens. A unit's body positions are stored once, in the postings of
/// its owner — the first document holding it (units are numbered in order of first
/// appearance) — at that document's first occurrence of it; other occurrences are references.
/// This table takes a phrase's matches in an owner's units to every document holding them,
/// and a document's units to where their positions are.
///
/// ```
/// Units    := Header VInt docCount VInt unitCount
///             BitPacked docStarts[docCount + 1]   Bytes docLists
///             BitPacked unitStarts[unitCount + 1] Bytes unitLists
///             BitPacked lengths[unitCount]  Footer
/// docLists  : per document, VInt zigzag(unit − previous − 1) per unit, previous = −1 first
/// unitLists : per unit, VInt firstDoc (the owner) then VInt (doc − previous) per further document
/// ```
/// `docStarts[d] ..< docStarts[d + 1]` are document `d`'s bytes in `docLists` (likewise for
/// units). A unit occurring twice in a document is listed twice on both sides. A document's
/// units lie back to back in its body: the k-th starts at the sum of the lengths before it.
/// O(1) to find a list, O(its length) to decode it.
struct UnitTable {
    let docCount: Int
    let unitCount: Int
    private let docStarts: BitPacked
    private let docLists: UnsafeRawBufferPointer
    private let unitStarts: BitPacked
    private let unitLists: UnsafeRawBufferPointer
    private let lengths: BitPacked

    init(_ r: inout ByteReader, docCount expected: Int) throws {
        docCount = Int(try r.readVInt())
        unitCount = Int(try r.readVInt())
        guard docCount == expected else { throw r.corrupt("\(docCount) documents, expected \(expected)") }
        docStarts = try BitPacked(&r, count: docCount + 1)
        docLists = try r.readLengthPrefixed()
        unitStarts = try BitPacked(&r, count: unitCount + 1)
        unitLists = try r.readLengthPrefixed()
        lengths = try BitPacked(&r, count: unitCount)
        guard docStarts[docCount] == docLists.count, unitStarts[unitCount] == unitLists.count else {
            throw r.corrupt("unit lists do not end where their tables say")
        }
    }

    /// The units of document `d`'s body in order into `out` (cleared first); false when corrupt.
    func units(ofDoc d: Int, into out: inout [UInt32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard d >= 0, d < docCount else { return false }
        var p = Int(docStarts[d])
        let end = Int(docStarts[d + 1])
        guard p <= end, end <= docLists.count else { return false }
        var previous: Int64 = -1
        while p < end {
            guard let z = UnitTable.readVLong(docLists, &p, end) else { return false }
            let delta = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
            previous += delta + 1
            guard previous >= 0, previous < Int64(unitCount) else { return false }
            out.append(UInt32(previous))
        }
        return true
    }

    /// Calls `body` with each document of unit `u` (ascending, repeated when the unit occurs
    /// more than once in it); false when corrupt.
    func forEachDoc(ofUnit u: Int, _ body: (UInt32) -> Void) -> Bool {
        guard u >= 0, u < unitCount else { return false }
        var p = Int(unitStarts[u])
        let end = Int(unitStarts[u + 1])
        guard p < end, end <= unitLists.count else { return false }
        var doc: UInt64 = 0
        var first = true
        while p < end {
            guard let v = UnitTable.readVLong(unitLists, &p, end) else { return false }
            doc = first ? v : doc + v
            first = false
            guard doc < UInt64(docCount) else { return false }
            body(UInt32(doc))
        }
        return true
    }

    /// Tokens of unit `u` (< `unitCount`).
    @inline(__always)
    func length(ofUnit u: Int) -> UInt32 { lengths[u] }

    /// The owner of unit `u` (its first document), or nil when corrupt.
    func owner(ofUnit u: Int) -> UInt32? {
        guard u >= 0, u < unitCount else { return nil }
        var p = Int(unitStarts[u])
        let end = Int(unitStarts[u + 1])
        guard p < end, end <= unitLists.count, let d = UnitTable.readVLong(unitLists, &p, end), d < UInt64(docCount) else { return nil }
        return UInt32(d)
    }

    /// One unit occurrence in a document: the unit, its first token's position in the body,
    /// its length, and whether it is the owner's own occurrence (which carries the positions).
    struct Occurrence {
        var unit: UInt32
        var start: UInt32
        var length: UInt32
        var own: Bool
    }

    /// Document `d`'s unit occurrences in body order into `out` (cleared first); false when corrupt.
    func occurrences(ofDoc d: Int, into out: inout [Occurrence], scratch: inout [UInt32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard units(ofDoc: d, into: &scratch) else { return false }
        var start: UInt32 = 0
        var lastOwn: Int64 = -1
        for u in scratch {
            let length = lengths[Int(u)]
            var own = false
            if Int64(u) > lastOwn {
                guard let o = owner(ofUnit: Int(u)) else { return false }
                if o == UInt32(d) {
                    own = true
                    lastOwn = Int64(u)
                }
            }
            out.append(Occurrence(unit: u, start: start, length: length, own: own))
            start &+= length
        }
        return true
    }

    /// Where unit `u`'s positions are: its owner and the unit's first position there.
    func home(ofUnit u: Int, scratch: inout [Occurrence], units: inout [UInt32]) -> (doc: UInt32, start: UInt32)? {
        guard let o = owner(ofUnit: u), occurrences(ofDoc: Int(o), into: &scratch, scratch: &units) else { return nil }
        guard let k = scratch.firstIndex(where: { $0.own && $0.unit == UInt32(u) }) else { return nil }
        return (o, scratch[k].start)
    }

    @inline(__always)
    private static func readVLong(_ data: UnsafeRawBufferPointer, _ p: inout Int, _ end: Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while p < end {
            let b = data[p]
            p += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
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
        docEnds.reserveCapacity(docCount + 1)
        // Per unit: how many documents, to lay the inverse out by a counting sort.
        var perUnit = [Int](repeating: 0, count: unitCount + 1)
        for d in 0 ..< docCount {
            var previous: Int64 = -1
            for k in starts[d] ..< starts[d + 1] {
                let u = Int64(units[k])
                let delta = u - previous - 1
                docBytes.writeVLong(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
                previous = u
                perUnit[Int(u) + 1] += 1
            }
            docEnds.append(UInt32(docBytes.count))
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
        var unitBytes = ByteWriter(capacity: units.count * 2)
        var unitEnds: [UInt32] = [0]
        unitEnds.reserveCapacity(unitCount + 1)
        for u in 0 ..< unitCount {
            var previous: UInt32 = 0
            for k in perUnit[u] ..< perUnit[u + 1] {
                let d = docsOfUnit[k]
                unitBytes.writeVInt(k == perUnit[u] ? d : d - previous)
                previous = d
            }
            unitEnds.append(UInt32(unitBytes.count))
        }
        BitPacked.write(docEnds, into: &w)
        w.writeLengthPrefixed(docBytes.bytes)
        BitPacked.write(unitEnds, into: &w)
        w.writeLengthPrefixed(unitBytes.bytes)
        BitPacked.write(lengths, into: &w)
    }

    /// A whole `.units` file: header, `write`'s payload, footer.
    static func file(segment: String, docUnits units: [UInt32], starts: [Int], lengths: [UInt32]) -> [UInt8] {
        var w = ByteWriter(capacity: units.count * 3 + lengths.count * 3 + 64)
        CodecFile.writeHeader(&w, codec: SegmentFiles.units.1, version: SegmentFiles.formatVersion, segment: segment)
        write(docUnits: units, starts: starts, lengths: lengths, into: &w)
        CodecFile.writeFooter(&w)
        return w.bytes
    }
}

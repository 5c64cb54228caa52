import Foundation

/// Collects each document's facet values (site and entity names) and writes a segment's
/// `.facets` file: per facet field a sorted value dictionary and per-document ordinal lists.
///
/// Layout (format 2): `VInt fieldCount`, then per field: `u8 field`, `VInt valueCount`,
/// `VInt rawLength`, `Bytes values` (one zstd frame of the values as `String`s in order of
/// first appearance, so stored records can name entities by ordinal; empty when there are none), `BitPacked starts[docCount + 1]`, `BitPacked
/// ordinals[starts[docCount]]` (document `d`'s ordinals are `ordinals[starts[d] ..<
/// starts[d + 1]]`, ascending). Typically 2 bytes per ordinal and a third of the dictionary.
struct FacetWriter {
    static let fields: [Field] = [.site, .person, .organization, .place, .misc]

    /// Per field: the value of each ordinal (order of first appearance), and the ordinal of
    /// each value. Values are Strings, so canonically equivalent spellings share an ordinal.
    private var names: [[String]]
    private var ids: [[String: UInt32]]
    /// Per field: every byte spelling seen, interned, and its ordinal (`byteOrdinals[id]`): a
    /// value seen before costs one hash of its bytes, no `Hasher` and no String comparison.
    private var spellings: [TermHashTable]
    private var byteOrdinals: [[UInt32]]
    /// Per field: document `d`'s ordinals are `ordinals[starts[d] ..< starts[d + 1]]`.
    private var starts: [[UInt32]]
    private var ordinals: [[UInt32]]
    /// The current document's ordinals of one field (reused).
    private var scratch: [UInt32] = []

    init() {
        names = Array(repeating: [], count: FacetWriter.fields.count)
        ids = Array(repeating: [:], count: FacetWriter.fields.count)
        spellings = (0 ..< FacetWriter.fields.count).map { _ in TermHashTable(capacity: 64) }
        byteOrdinals = Array(repeating: [], count: FacetWriter.fields.count)
        starts = Array(repeating: [0], count: FacetWriter.fields.count)
        ordinals = Array(repeating: [], count: FacetWriter.fields.count)
    }

    /// Adds `doc`'s values; returns for each of its entities its reference in the stored record
    /// (`StoredDocument.encode`): 1 + the position of its ordinal among the document's distinct
    /// ordinals of its field, ascending (the list `.facets` keeps for the document), or nil for
    /// a field that is not an entity facet (the record names it). One table lookup per value.
    @discardableResult
    mutating func add(_ doc: StoredDocument) -> [UInt32?] {
        var refs = [UInt32?](repeating: nil, count: doc.entities.count)
        for (k, f) in FacetWriter.fields.enumerated() {
            if f == .site {
                if !doc.site.isEmpty { ordinals[k].append(ordinal(k, doc.site)) }
                starts[k].append(UInt32(ordinals[k].count))
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            for (i, e) in doc.entities.enumerated() where e.field == f {
                let id = ordinal(k, e.name)
                scratch.append(id)
                refs[i] = id
            }
            if scratch.count > 1 {
                // Ascending and distinct.
                scratch.sort()
                var n = 1
                for j in 1 ..< scratch.count where scratch[j] != scratch[n - 1] {
                    scratch[n] = scratch[j]
                    n += 1
                }
                scratch.removeSubrange(n...)
            }
            for (i, e) in doc.entities.enumerated() where e.field == f {
                refs[i] = UInt32(scratch.firstIndex(of: refs[i]!)! + 1)
            }
            ordinals[k].append(contentsOf: scratch)
            starts[k].append(UInt32(ordinals[k].count))
        }
        return refs
    }

    /// The ordinal of `value` in field `k`'s dictionary, added when new.
    private mutating func ordinal(_ k: Int, _ value: String) -> UInt32 {
        let (spelling, isNew) = value.utf8.withContiguousStorageIfAvailable({ spellings[k].intern($0) })
            ?? Array(value.utf8).withUnsafeBufferPointer { spellings[k].intern($0) }
        if !isNew { return byteOrdinals[k][spelling] }
        // A new spelling: the String dictionary decides (canonical equivalence), as before.
        let id: UInt32
        if let known = ids[k][value] {
            id = known
        } else {
            id = UInt32(names[k].count)
            ids[k][value] = id
            names[k].append(value)
        }
        byteOrdinals[k].append(id)
        return id
    }

    /// Writes the `.facets` payload; `level` is the value dictionaries' zstd level (9, or
    /// `StoredFieldsWriter.scratchLevel` for a scratch segment, which the merge reads once).
    func write(into w: inout ByteWriter, level: Int32 = 9) {
        let compressor = ZstdCompressor(level: level)
        w.writeVInt(UInt32(FacetWriter.fields.count))
        for (k, f) in FacetWriter.fields.enumerated() {
            w.writeByte(f.rawValue)
            w.writeVInt(UInt32(names[k].count))
            var raw = ByteWriter()
            for name in names[k] { raw.writeString(name) }
            var compressed = ByteWriter()
            if !raw.bytes.isEmpty { raw.bytes.withUnsafeBytes { compressor.compress($0, appendingTo: &compressed) } }
            w.writeVInt(UInt32(raw.count))
            w.writeLengthPrefixed(compressed.bytes)
            BitPacked.write(starts[k], into: &w)
            BitPacked.write(ordinals[k], into: &w)
        }
    }
}

/// Reads a segment's `.facets` file (see `FacetWriter`). Opening only locates the parts; a
/// value dictionary is inflated and indexed the first time one of its values is asked for, so
/// a search that shows no facets pays almost nothing for them. Ordinals are read in O(1).
public struct FacetReader {
    struct Column {
        /// The compressed value dictionary and its inflated length.
        var compressed: UnsafeRawBufferPointer
        var rawLength: Int
        var count: Int
        var starts: BitPacked
        var ordinals: BitPacked
        let values: LazyValues
    }

    /// A column's inflated value dictionary and where each value starts, made once on first use
    /// (thread-safe).
    final class LazyValues: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8]?
        private var offsets: [Int] = []

        func get(_ c: Column, file: String) throws -> ([UInt8], [Int]) {
            lock.lock()
            defer { lock.unlock() }
            if let bytes { return (bytes, offsets) }
            var raw: [UInt8] = []
            if c.rawLength > 0 {
                guard let r = ZstdDecompressor(dictionary: UnsafeRawBufferPointer(start: nil, count: 0))
                    .decompress(c.compressed, rawLength: c.rawLength) else {
                    throw GleanerError.corruptIndex(file: file, reason: "facet values do not decompress")
                }
                raw = r
            }
            var out: [Int] = []
            out.reserveCapacity(c.count)
            try raw.withUnsafeBytes { buf in
                var r = ByteReader(buf, file: file)
                for _ in 0 ..< c.count {
                    out.append(r.position)
                    _ = try r.readLengthPrefixed()
                }
                guard r.isAtEnd else { throw r.corrupt("facet values longer than their count") }
            }
            bytes = raw
            offsets = out
            return (raw, out)
        }
    }

    var columns: [Field: Column] = [:]
    let file: String

    init(_ r: inout ByteReader, docCount: Int) throws {
        file = r.file
        let n = Int(try r.readVInt())
        for _ in 0 ..< n {
            let raw = try r.readByte()
            let count = Int(try r.readVInt())
            let rawLength = Int(try r.readVInt())
            let compressed = try r.readLengthPrefixed()
            let starts = try BitPacked(&r, count: docCount + 1)
            let total = Int(starts[docCount])
            let ordinals = try BitPacked(&r, count: total)
            if let f = Field(rawValue: raw) {
                columns[f] = Column(compressed: compressed, rawLength: rawLength, count: count, starts: starts,
                                    ordinals: ordinals, values: LazyValues())
            }
        }
    }

    /// Number of distinct values of `field` in the segment.
    public func valueCount(_ field: Field) -> Int { columns[field]?.count ?? 0 }

    /// The value with ordinal `ordinal` ("" when the dictionary is damaged; `check` reports it).
    public func value(_ field: Field, _ ordinal: Int) -> String {
        guard let c = columns[field], let (bytes, offsets) = try? c.values.get(c, file: file), ordinal < offsets.count else { return "" }
        return bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, position: offsets[ordinal], file: file)
            return (try? r.readString()) ?? ""
        }
    }

    /// Inflates every dictionary and checks that starts ascend and every ordinal is below its
    /// value count.
    func verify() throws {
        for (_, c) in columns {
            _ = try c.values.get(c, file: file)
            for d in 1 ..< max(c.starts.count, 1) where c.starts[d] < c.starts[d - 1] {
                throw GleanerError.corruptIndex(file: file, reason: "facet starts not ascending at document \(d)")
            }
            for i in 0 ..< c.ordinals.count where Int(c.ordinals[i]) >= c.count {
                throw GleanerError.corruptIndex(file: file, reason: "facet ordinal \(c.ordinals[i]) past \(c.count) values")
            }
        }
    }

    /// Calls `body` with each value ordinal of `doc` in `field`.
    @inline(__always)
    public func forEachOrdinal(_ field: Field, doc: UInt32, _ body: (Int) -> Void) {
        guard let c = columns[field], Int(doc) + 1 < c.starts.count else { return }
        let s = Int(c.starts[Int(doc)])
        let e = Int(c.starts[Int(doc) + 1])
        guard s <= e, e <= c.ordinals.count else { return }
        for i in s ..< e {
            let o = Int(c.ordinals[i])
            if o < c.count { body(o) }
        }
    }
}

import Foundation

/// Collects each document's facet values (site and entity names) and writes a segment's
/// `.facets` file: per facet field a sorted value dictionary and per-document ordinal lists.
///
/// Layout: `VInt fieldCount`, then per field: `u8 field`, `VInt valueCount`, values as
/// `Bytes`, `u32 starts[docCount + 1]`, `u32 ordinals[starts[docCount]]` (document `d`'s
/// ordinals are `ordinals[starts[d] ..< starts[d + 1]]`, ascending).
struct FacetWriter {
    static let fields: [Field] = [.site, .person, .organization, .place, .misc]

    private var ids: [[String: UInt32]]
    private var names: [[String]]
    private var perDoc: [[[UInt32]]]

    init() {
        ids = Array(repeating: [:], count: FacetWriter.fields.count)
        names = Array(repeating: [], count: FacetWriter.fields.count)
        perDoc = Array(repeating: [], count: FacetWriter.fields.count)
    }

    mutating func add(_ doc: StoredDocument) {
        for (k, f) in FacetWriter.fields.enumerated() {
            var values: [String] = []
            if f == .site {
                if !doc.site.isEmpty { values.append(doc.site) }
            } else {
                values = doc.entities.filter { $0.field == f }.map(\.name)
            }
            var ords: [UInt32] = []
            for v in values {
                if let id = ids[k][v] { ords.append(id) } else {
                    let id = UInt32(names[k].count)
                    ids[k][v] = id
                    names[k].append(v)
                    ords.append(id)
                }
            }
            perDoc[k].append(ords)
        }
    }

    func write(into w: inout ByteWriter) {
        w.writeVInt(UInt32(FacetWriter.fields.count))
        for (k, f) in FacetWriter.fields.enumerated() {
            w.writeByte(f.rawValue)
            let order = names[k].indices.sorted { Array(names[k][$0].utf8).lexicographicallyPrecedes(Array(names[k][$1].utf8)) }
            var remap = [UInt32](repeating: 0, count: names[k].count)
            for (newId, old) in order.enumerated() { remap[old] = UInt32(newId) }
            w.writeVInt(UInt32(order.count))
            for old in order { w.writeString(names[k][old]) }
            var start: UInt32 = 0
            w.writeUInt32(0)
            for ords in perDoc[k] {
                start += UInt32(Set(ords).count)
                w.writeUInt32(start)
            }
            for ords in perDoc[k] {
                for o in Set(ords.map { remap[Int($0)] }).sorted() { w.writeUInt32(o) }
            }
        }
    }
}

/// Reads a segment's `.facets` file (see `FacetWriter`). Opening only skips over the value
/// dictionaries; where each value starts is worked out the first time a value is asked for, so
/// a search that shows no facets pays almost nothing for them.
public struct FacetReader {
    struct Column {
        /// The value dictionary: `count` length-prefixed strings.
        var values: UnsafeRawBufferPointer
        var count: Int
        var starts: UnsafeRawBufferPointer
        var ordinals: UnsafeRawBufferPointer
        let offsets: LazyOffsets
    }

    /// Offsets of the values in a dictionary, computed once on first use (thread-safe).
    final class LazyOffsets: @unchecked Sendable {
        private let lock = NSLock()
        private var offsets: [Int]?

        func get(_ values: UnsafeRawBufferPointer, count: Int) -> [Int] {
            lock.lock()
            defer { lock.unlock() }
            if let offsets { return offsets }
            var out: [Int] = []
            out.reserveCapacity(count)
            var r = ByteReader(values, file: "")
            for _ in 0 ..< count {
                out.append(r.position)
                _ = try? r.readLengthPrefixed()
            }
            offsets = out
            return out
        }
    }

    var columns: [Field: Column] = [:]

    init(_ r: inout ByteReader, docCount: Int) throws {
        let n = Int(try r.readVInt())
        for _ in 0 ..< n {
            let raw = try r.readByte()
            let count = Int(try r.readVInt())
            let valuesStart = r.position
            for _ in 0 ..< count {
                let len = Int(try r.readVInt())
                guard len <= r.remaining else { throw GleanerError.corruptIndex(file: r.file, reason: "facet value past end of data") }
                r.position += len
            }
            let values = UnsafeRawBufferPointer(rebasing: r.base[valuesStart ..< r.position])
            let starts = try r.readSlice((docCount + 1) * 4)
            let total = Int(UInt32(littleEndian: starts.loadUnaligned(fromByteOffset: docCount * 4, as: UInt32.self)))
            let ordinals = try r.readSlice(total * 4)
            if let f = Field(rawValue: raw) {
                columns[f] = Column(values: values, count: count, starts: starts, ordinals: ordinals, offsets: LazyOffsets())
            }
        }
    }

    /// Number of distinct values of `field` in the segment.
    public func valueCount(_ field: Field) -> Int { columns[field]?.count ?? 0 }

    /// The value with ordinal `ordinal` (decoded from the mapped file).
    public func value(_ field: Field, _ ordinal: Int) -> String {
        let c = columns[field]!
        let offsets = c.offsets.get(c.values, count: c.count)
        var r = ByteReader(c.values, position: offsets[ordinal], file: "")
        return (try? r.readString()) ?? ""
    }

    /// Calls `body` with each value ordinal of `doc` in `field`.
    @inline(__always)
    public func forEachOrdinal(_ field: Field, doc: UInt32, _ body: (Int) -> Void) {
        guard let c = columns[field] else { return }
        let s = Int(UInt32(littleEndian: c.starts.loadUnaligned(fromByteOffset: Int(doc) * 4, as: UInt32.self)))
        let e = Int(UInt32(littleEndian: c.starts.loadUnaligned(fromByteOffset: Int(doc) * 4 + 4, as: UInt32.self)))
        guard s <= e, e * 4 <= c.ordinals.count else { return }
        for i in s ..< e {
            let o = Int(UInt32(littleEndian: c.ordinals.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            if o < c.count { body(o) }
        }
    }
}

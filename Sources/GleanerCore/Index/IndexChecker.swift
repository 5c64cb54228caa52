/// Verifies a whole index, as `gleaner check` does: every checksum, every cross-reference.
///
/// Checks the manifest's own CRC, each named file's size and CRC-32 against the manifest and
/// its footer, that term keys are strictly ascending, that every postings list decodes to
/// exactly `docFreq` ascending doc ids below the segment's document count with frequencies
/// summing to `totalTermFreq`, skip entries that bound their blocks and decodable positions
/// (a body term's: unit postings whose frequencies, summed over each document's units, are
/// its document frequencies; the unit table's two sides agree), that every stored document decodes and
/// carries the id of the ids file, and the deletion files. O(index size).
public struct IndexChecker {
    /// What a successful check saw.
    public struct Report: Sendable {
        public var segments = 0
        public var documents = 0
        public var terms = 0
        public var postings = 0
        public var files = 0
        public var bytes = 0
    }

    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Throws `GleanerError.corruptIndex` naming the first broken file.
    public func check() throws -> Report {
        var report = Report()
        let manifest = try Manifest.read(from: directory)
        var entries: [SegmentInfo.FileEntry] = manifest.segments.flatMap { $0.files }
        entries += manifest.segments.compactMap { $0.deletions }
        if let s = manifest.sources { entries.append(s) }
        if let e = manifest.entities { entries.append(e) }
        for e in entries {
            let path = directory + "/" + e.name
            let bytes = try FileIO.read(path)
            guard bytes.count == e.size else {
                throw GleanerError.corruptIndex(file: path, reason: "size \(bytes.count), manifest says \(e.size)")
            }
            let crc = SegmentInfo.FileEntry.contentCRC(bytes)
            guard crc == e.crc32 else {
                throw GleanerError.corruptIndex(file: path, reason: String(format: "CRC-32 %08x, manifest says %08x", crc, e.crc32))
            }
            report.files += 1
            report.bytes += bytes.count
        }
        if let s = manifest.sources { _ = try SourceTable.read(directory + "/" + s.name) }
        let reader = try IndexReader(directory: directory, verifyAll: true)
        for seg in reader.segments {
            try check(seg, report: &report)
            report.segments += 1
        }
        report.documents = reader.documentCount
        if let e = manifest.entities {
            // Decoding checks the file against the segments; its contents must be what the
            // live documents give now.
            let path = directory + "/" + e.name
            let stored = try EntityCatalogFile.read(path, reader: reader)
            if let problem = stored.difference(from: EntityCatalog(reader: reader), segments: reader.segments) {
                throw GleanerError.corruptIndex(file: path, reason: "does not match the live documents' entities (\(problem))")
            }
        }
        return report
    }

    func check(_ seg: SegmentReader, report: inout Report) throws {
        let name = seg.info.name
        func fail(_ ext: String, _ reason: String) -> GleanerError {
            .corruptIndex(file: directory + "/" + SegmentFiles.fileName(name, ext), reason: reason)
        }
        var previous: [UInt8]? = nil
        var problem: GleanerError?
        var positions: [UInt32] = []
        let docUnits = try checkUnits(seg, fail: fail)
        /// Per unit: the current body term's frequency in it, and the term that set it.
        var unitFreq = [UInt32](repeating: 0, count: seg.units.unitCount)
        var unitTerm = [Int](repeating: -1, count: seg.units.unitCount)
        try seg.terms.forEach(from: []) { key, info in
            let k = Array(key)
            if let p = previous, !p.lexicographicallyPrecedes(k) {
                problem = fail("terms", "term keys out of order at term \(report.terms)")
                return false
            }
            previous = k
            let field = Field(rawValue: k.first ?? 0) ?? .body
            let other = Field(rawValue: PostingsWriter.otherField(field.rawValue)) ?? .title
            guard info.postingsOffset <= seg.postings.count, info.positionsOffset <= seg.positions.count else {
                problem = fail("terms", "postings offset out of range at term \(report.terms)")
                return false
            }
            let isBody = field == .body
            if isBody {
                // Own positions lie in the document's own units: count them per unit.
                let it = PostingsIterator(postings: seg.postings, positions: seg.positions, info: info, needsPositions: true)
                while it.next() != PostingsIterator.noMoreDocs {
                    guard Int(it.doc) < seg.docCount else { break }
                    it.positions(into: &positions)
                    var k = docUnits.starts[Int(it.doc)]
                    let end = docUnits.starts[Int(it.doc) + 1]
                    for p in positions {
                        while k < end && (!docUnits.occurrences[k].own || docUnits.occurrences[k].start + docUnits.occurrences[k].length <= p) { k += 1 }
                        guard k < end, docUnits.occurrences[k].start <= p else {
                            problem = fail("pos", "position \(p) of doc \(it.doc) outside its own units at term \(report.terms)")
                            return false
                        }
                        let u = Int(docUnits.occurrences[k].unit)
                        if unitTerm[u] != report.terms { unitTerm[u] = report.terms; unitFreq[u] = 0 }
                        unitFreq[u] += 1
                    }
                }
                if it.isCorrupt { problem = fail("pos", "positions of term \(report.terms) do not decode"); return false }
            }
            let hasPositions = field.hasPositions
            let it = PostingsIterator(postings: seg.postings, positions: seg.positions, info: info, needsPositions: hasPositions)
            var count: UInt32 = 0
            var freqs: UInt64 = 0
            var last: Int64 = -1
            while it.next() != PostingsIterator.noMoreDocs {
                if Int64(it.doc) <= last || Int(it.doc) >= seg.docCount {
                    problem = fail("post", "doc id \(it.doc) out of order or range at term \(report.terms)")
                    return false
                }
                last = Int64(it.doc)
                if let bound = it.blockBound(for: it.doc),
                   bound.lastDoc < it.doc || bound.maxFreq < it.freq
                   || bound.minLengthRatio > PostingsWriter.lengthRatio(norm: seg.norm(field, it.doc), freq: it.freq)
                   || bound.minOtherNorm > seg.norm(other, it.doc) {
                    problem = fail("post", "skip entry of term \(report.terms) does not bound doc \(it.doc)")
                    return false
                }
                if isBody {
                    var sum: UInt32 = 0
                    for k in docUnits.starts[Int(it.doc)] ..< docUnits.starts[Int(it.doc) + 1] {
                        let u = Int(docUnits.occurrences[k].unit)
                        if unitTerm[u] == report.terms { sum += unitFreq[u] }
                    }
                    if sum != it.freq {
                        problem = fail("pos", "term \(report.terms): frequency \(it.freq) in doc \(it.doc), its units hold \(sum)")
                        return false
                    }
                } else if hasPositions {
                    it.positions(into: &positions)
                    if positions.count != Int(it.freq) {
                        problem = fail("pos", "term \(report.terms): \(positions.count) positions in doc \(it.doc), frequency \(it.freq)")
                        return false
                    }
                }
                count += 1
                freqs += UInt64(it.freq)
            }
            if it.isCorrupt { problem = fail("post", "postings of term \(report.terms) do not decode"); return false }
            if count != info.docFreq || freqs != info.totalTermFreq {
                problem = fail("post", "term \(report.terms): \(count) postings / \(freqs) occurrences, dictionary says \(info.docFreq) / \(info.totalTermFreq)")
                return false
            }
            report.terms += 1
            report.postings += Int(count)
            return true
        }
        if let problem { throw problem }
        guard report.terms >= 0, seg.terms.termCount >= 0 else { return }
        try seg.facets.verify()
        try seg.ids.verify()
        for d in 0 ..< seg.docCount { _ = try seg.store.document(UInt32(d)) }
    }

    /// Decodes the segment's unit table both ways and checks that they agree (each unit's
    /// documents are exactly the documents listing it, as often; each unit owned once);
    /// returns every document's unit occurrences.
    func checkUnits(_ seg: SegmentReader, fail: (String, String) -> GleanerError) throws
        -> (occurrences: [UnitTable.Occurrence], starts: [Int]) {
        var all: [UnitTable.Occurrence] = []
        var starts = [0]
        var list: [UnitTable.Occurrence] = []
        var scratch: [UInt32] = []
        var pairs: [UInt64] = []
        var owned = [Bool](repeating: false, count: seg.units.unitCount)
        for d in 0 ..< seg.docCount {
            guard seg.units.occurrences(ofDoc: d, into: &list, scratch: &scratch) else { throw fail("units", "units of document \(d) do not decode") }
            all.append(contentsOf: list)
            starts.append(all.count)
            for o in list {
                pairs.append(UInt64(o.unit) << 32 | UInt64(d))
                if o.own { owned[Int(o.unit)] = true }
            }
        }
        guard !owned.contains(false) else { throw fail("units", "a unit without its owner's occurrence") }
        pairs.sort()
        var k = 0
        for u in 0 ..< seg.units.unitCount {
            var ok = true
            var last: UInt32 = 0
            let decoded = seg.units.forEachDoc(ofUnit: u) { d in
                if k >= pairs.count || pairs[k] != (UInt64(u) << 32 | UInt64(d)) || d < last { ok = false }
                last = d
                k += 1
            }
            guard decoded, ok else { throw fail("units", "documents of unit \(u) do not match the documents' units") }
        }
        guard k == pairs.count else { throw fail("units", "documents list units that hold no document") }
        return (all, starts)
    }
}

import Foundation

/// Rewrites segments into one new segment without their deleted documents, keeping document
/// order, and without re-analysing any text.
///
/// Documents are copied one by one (stored fields decoded and re-added, so the new store
/// dedups paragraphs and numbers facet values afresh; norms, dates and SimHashes copied).
/// Postings are streamed: the sources' term dictionaries are merged in key order and each
/// term's postings concatenated, source after source, with deleted documents dropped and the
/// others renumbered, and spilled to the new files every few MB. Body units (distinct
/// paragraphs, `UnitTable`) are re-deduplicated: each source unit's `UnitKey` is summed from
/// its owner's positions, the live documents' units are numbered afresh in order of first
/// appearance (as a writer fed the same documents numbers them), units no live document holds
/// go, and a unit's positions move to its new owner (read from the old one, deleted or not).
/// Memory holds the copied
/// documents' stored fields and per-document data, the new term dictionary, one block of terms
/// per source and one term's postings, never a whole segment's postings; the sources' mapped
/// pages are dropped from the resident set once read (stored fields per source, postings every
/// 65,536 terms). Field length sums are the sources' sums
/// minus those of their deleted documents (which are re-analysed for that, and only they).
/// The two halves — documents (stored fields with their zstd dictionary training and
/// compression, facets) and postings — run on two threads; the first error (documents before
/// postings) is thrown once both have stopped, and leaves only unreferenced files behind.
/// Returns the new segment and where each surviving document went.
struct SegmentMerger {
    let directory: String
    /// Postings bytes buffered before they go to the file (see `PostingsWriter`).
    var spillBytes = PostingsWriter.defaultSpillBytes
    /// Terms merged between drops of the sources' postings pages from the resident set.
    var dropInterval = 1 << 16
    /// Copy the stored fields on one thread while the postings are merged on another (the
    /// files written are the same byte for byte either way).
    var parallel = true

    /// New location of a document: segment name and local id.
    struct Location: Equatable { var segment: String; var doc: Int }

    func merge(_ sources: [SegmentReader], name: String) throws -> (segments: [SegmentInfo], moved: [String: [Location?]]) {
        // Which documents survive, their new ids and norms: cheap, and all both halves need.
        var moved: [String: [Location?]] = [:]
        /// Per source, per local doc: the new id, or -1 when deleted.
        var newIds: [[Int32]] = []
        var norms = [[UInt8]](repeating: [], count: Field.allCases.count)
        var next: Int32 = 0
        for s in sources {
            var ids = [Int32](repeating: -1, count: s.docCount)
            var map = [Location?](repeating: nil, count: s.docCount)
            for d in 0 ..< s.docCount where !s.isDeleted(UInt32(d)) {
                for f in Field.allCases { norms[Int(f.rawValue)].append(s.norm(f, UInt32(d))) }
                ids[d] = next
                map[d] = Location(segment: name, doc: Int(next))
                next += 1
            }
            newIds.append(ids)
            moved[s.info.name] = map
        }
        if next == 0 { return ([], moved) }
        // Stored fields and per-document data on this thread, postings on another: the two
        // halves read different files of the sources and write different files of the segment.
        var writer = SegmentWriter(name: name, compression: .merged)
        let directory = directory, spillBytes = spillBytes, dropInterval = dropInterval
        let (copied, postings) = Self.both(parallel: parallel, {
            try SegmentMerger.copyDocuments(sources, newIds: newIds, into: &writer)
            return try writer.writeDocumentFiles(to: directory)
        }, {
            try SegmentWriter.writeMergedPostings(segment: name, norms: norms, to: directory, spillBytes: spillBytes) { dict, postings in
                try SegmentMerger.mergePostings(sources, newIds: newIds, segment: name, dict: &dict, postings: &postings,
                                                dropInterval: dropInterval)
            }
        })
        // The first error in sequential order: stored fields are copied first.
        let documentFiles = try copied.get()
        let postingsFiles = try postings.get()
        precondition(writer.docCount == UInt32(next), "merge copied \(writer.docCount) documents, expected \(next)")
        return ([writer.info(files: postingsFiles + documentFiles)], moved)
    }

    /// Runs `first` on this thread and `second` on another (both on this one, in turn, unless
    /// `parallel`), and returns both outcomes once both are done.
    static func both<A, B>(parallel: Bool, _ first: () throws -> A, _ second: @escaping () throws -> B)
        -> (Result<A, any Error>, Result<B, any Error>) {
        guard parallel else { return (Result(catching: first), Result(catching: second)) }
        let slot = ResultSlot<B>()
        let box = UncheckedBox((second, slot))
        let thread = Thread {
            let (second, slot) = box.value
            slot.set(Result(catching: second))
        }
        thread.stackSize = 8 << 20
        thread.start()
        let a = Result(catching: first)
        return (a, slot.wait())
    }

    /// Copies the live documents of `sources` into `writer` in order (stored fields, facets,
    /// ids, doc values, norms) and adds the sources' field length sums minus those of their
    /// deleted documents, the only documents a merge analyses.
    static func copyDocuments(_ sources: [SegmentReader], newIds: [[Int32]], into writer: inout SegmentWriter) throws {
        var inverter: DocumentInverter?
        var docNorms = [UInt8](repeating: 0, count: Field.allCases.count)
        for (s, ids) in zip(sources, newIds) {
            var sums = s.info.fieldLengthSums
            for d in 0 ..< s.docCount {
                let doc = UInt32(d)
                if ids[d] < 0 {
                    if inverter == nil { inverter = DocumentInverter() }
                    let lengths = inverter!.invert(try s.store.document(doc)).fieldLengths
                    for f in 0 ..< min(sums.count, lengths.count) { sums[f] -= Int(lengths[f]) }
                    continue
                }
                for f in Field.allCases { docNorms[Int(f.rawValue)] = s.norm(f, doc) }
                writer.addCopied(try s.store.document(doc), norms: docNorms, date: s.date(doc), simhash: s.simhash(doc))
            }
            writer.addLengthSums(sums)
            // Read once, in order: its pages need not stay resident while the others are copied.
            s.dropResidentPages([SegmentFiles.store.0, SegmentFiles.facets.0, SegmentFiles.norms.0, SegmentFiles.docValues.0])
        }
    }

    /// Merges the sources' terms in key order; per term, the live postings of each source in
    /// turn, renumbered by `newIds` (ascending, as sources follow each other); a body term's
    /// positions are gathered per unit and given to each unit's new owner. Terms left without
    /// live documents are dropped. Returns the new segment's `.units` file.
    static func mergePostings(_ sources: [SegmentReader], newIds: [[Int32]], segment: String, dict: inout TermDictionaryWriter,
                              postings: inout PostingsWriter, dropInterval: Int = 1 << 16) throws -> [UInt8] {
        let units = try UnitRenumbering(sources, newIds: newIds)
        var cursors = try sources.map { try TermCursor($0.terms) }
        var key: [UInt8] = []
        var positions: [UInt32] = []
        positions.reserveCapacity(256)
        /// Per new unit: the last term (number) that listed it, so a unit held by two sources is merged once.
        var stamp = [Int](repeating: -1, count: units.count)
        /// The current body term: its units' positions (new unit, start in `stash`, count; relative
        /// to the unit) and its live documents with frequencies.
        var entries: [(unit: UInt32, start: Int, count: Int)] = []
        var stash: [UInt32] = []
        var live: [(doc: UInt32, freq: UInt32)] = []
        var gathered: [UInt32] = []
        var terms = 0
        while true {
            var smallest = -1
            for i in cursors.indices where !cursors[i].atEnd {
                if smallest < 0 || cursors[i].compareKey(with: cursors[smallest]) < 0 { smallest = i }
            }
            guard smallest >= 0 else { break }
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: cursors[smallest].key)
            let isBody = key.first == Field.body.rawValue
            let offsets = postings.startTerm(field: key.first ?? 0)
            let hasPositions = Field.hasPositions(key.first ?? 0)
            var docFreq: UInt32 = 0
            var totalFreq: UInt64 = 0
            entries.removeAll(keepingCapacity: true)
            stash.removeAll(keepingCapacity: true)
            live.removeAll(keepingCapacity: true)
            for i in cursors.indices where !cursors[i].atEnd && cursors[i].key == key[...] {
                let s = sources[i]
                let ids = newIds[i]
                let it = PostingsIterator(postings: s.postings, positions: s.positions, info: cursors[i].info, needsPositions: hasPositions)
                var seen: UInt32 = 0
                while it.next() != PostingsIterator.noMoreDocs {
                    seen += 1
                    guard Int(it.doc) < ids.count else { throw corrupt(s, "posting of document \(it.doc) out of range") }
                    let newId = ids[Int(it.doc)]
                    if isBody {
                        // Every document's own positions, deleted or not: a unit's new owner may
                        // be a later document.
                        it.positions(into: &positions)
                        guard !it.isCorrupt else { throw corrupt(s, "bad positions of document \(it.doc)") }
                        if !positions.isEmpty {
                            try positions.withUnsafeBufferPointer { ps in
                                try units.split(source: i, doc: Int(it.doc), ps) { u, range, start in
                                    let nu = Int(units.map[i][Int(u)])
                                    if nu < 0 || stamp[nu] == terms { return }
                                    stamp[nu] = terms
                                    entries.append((UInt32(nu), stash.count, range.count))
                                    for j in range { stash.append(ps[j] - start) }
                                }
                            }
                        }
                        if newId >= 0 { live.append((UInt32(newId), it.freq)) }
                    } else if newId >= 0 && hasPositions {
                        it.positions(into: &positions)
                        guard !it.isCorrupt, positions.count == Int(it.freq), it.freq > 0 else { throw corrupt(s, "bad positions of document \(it.doc)") }
                        positions.withUnsafeBufferPointer { postings.add(doc: UInt32(newId), positions: $0) }
                    } else if newId >= 0 {
                        guard !it.isCorrupt, it.freq > 0 else { throw corrupt(s, "bad frequency of document \(it.doc)") }
                        postings.add(doc: UInt32(newId), freq: it.freq)
                    }
                    if newId >= 0 {
                        docFreq += 1
                        totalFreq += UInt64(it.freq)
                    }
                }
                guard !it.isCorrupt, seen == cursors[i].info.docFreq else { throw corrupt(s, "postings do not match the term's document count") }
                try cursors[i].advance()
            }
            if isBody && !live.isEmpty {
                // Units in new order are in their owners' order; each owner takes its units' positions.
                if zip(entries, entries.dropFirst()).contains(where: { $0.unit > $1.unit }) { entries.sort { $0.unit < $1.unit } }
                var k = 0
                for (doc, freq) in live {
                    gathered.removeAll(keepingCapacity: true)
                    while k < entries.count && units.owner[Int(entries[k].unit)] == doc {
                        let e = entries[k]
                        let start = units.start[Int(e.unit)]
                        for j in e.start ..< e.start + e.count { gathered.append(stash[j] + start) }
                        k += 1
                    }
                    guard gathered.count <= Int(freq), k == entries.count || units.owner[Int(entries[k].unit)] > doc else {
                        throw corrupt(sources[smallest], "unit positions do not match the documents of term \(terms)")
                    }
                    gathered.withUnsafeBufferPointer { postings.add(doc: doc, freq: freq, positions: $0) }
                }
                guard k == entries.count else { throw corrupt(sources[smallest], "unit positions without an owner at term \(terms)") }
            }
            postings.finishTerm()
            try postings.spillIfLarge()
            terms += 1
            if terms % dropInterval == 0 {
                // The sources are read in key order: what lies behind the cursors is done.
                for s in sources { s.dropResidentPages([SegmentFiles.postings.0, SegmentFiles.positions.0]) }
            }
            if docFreq > 0 {
                dict.add(key: key[...], docFreq: docFreq, totalTermFreq: totalFreq,
                         postingsOffset: offsets.postings, positionsOffset: offsets.positions)
            }
        }
        return UnitTable.file(segment: segment, docUnits: units.docUnits, starts: units.docStarts, lengths: units.lengths)
    }

    private static func corrupt(_ s: SegmentReader, _ reason: String) -> GleanerError {
        .corruptIndex(file: SegmentFiles.fileName(s.info.name, SegmentFiles.postings.0), reason: reason)
    }
}

/// The units of a merged segment: the live documents' units of the sources numbered afresh in
/// order of first appearance, identical units (same `UnitKey`) of different sources as one,
/// with each new unit's owner (first live document holding it) and start there.
struct UnitRenumbering {
    /// Per source, per source unit: its new number, or −1 when no live document holds it.
    var map: [[Int32]] = []
    /// The new segment's documents' units, back to back (`docStarts[d] ..< docStarts[d + 1]`).
    var docUnits: [UInt32] = []
    var docStarts: [Int] = [0]
    /// Per new unit: length, owner (new document) and first position in the owner.
    var lengths: [UInt32] = []
    var owner: [UInt32] = []
    var start: [UInt32] = []
    /// Per source: each document's own unit occurrences (unit, start, length), flat, by document.
    private var own: [(starts: [Int], unit: [UInt32], start: [UInt32], length: [UInt32])] = []

    var count: Int { lengths.count }

    init(_ sources: [SegmentReader], newIds: [[Int32]]) throws {
        var numbers: [UnitKey: Int32] = [:]
        var occurrences: [UnitTable.Occurrence] = []
        var scratch: [UInt32] = []
        for (i, (s, ids)) in zip(sources, newIds).enumerated() {
            var o: (starts: [Int], unit: [UInt32], start: [UInt32], length: [UInt32]) = ([0], [], [], [])
            for d in 0 ..< s.docCount {
                guard s.units.occurrences(ofDoc: d, into: &occurrences, scratch: &scratch) else { throw UnitRenumbering.corrupt(s, d) }
                for x in occurrences where x.own {
                    o.unit.append(x.unit)
                    o.start.append(x.start)
                    o.length.append(x.length)
                }
                o.starts.append(o.unit.count)
            }
            own.append(o)
            // One source has distinct units already: no keys needed to renumber them.
            let keys = sources.count > 1 ? try self.keys(s, source: i) : (0 ..< s.units.unitCount).map { UnitKey(a: UInt64($0), b: 0) }
            var m = [Int32](repeating: -1, count: keys.count)
            for d in 0 ..< s.docCount where ids[d] >= 0 {
                guard s.units.units(ofDoc: d, into: &scratch) else { throw UnitRenumbering.corrupt(s, d) }
                var offset: UInt32 = 0
                for u in scratch {
                    let length = s.units.length(ofUnit: Int(u))
                    if m[Int(u)] < 0 {
                        if let n = numbers[keys[Int(u)]] {
                            m[Int(u)] = n
                        } else {
                            let n = Int32(numbers.count)
                            m[Int(u)] = n
                            numbers[keys[Int(u)]] = n
                            lengths.append(length)
                            owner.append(UInt32(docStarts.count - 1))
                            start.append(offset)
                        }
                    }
                    docUnits.append(UInt32(m[Int(u)]))
                    offset &+= length
                }
                docStarts.append(docUnits.count)
            }
            map.append(m)
        }
    }

    private static func corrupt(_ s: SegmentReader, _ d: Int) -> GleanerError {
        .corruptIndex(file: SegmentFiles.fileName(s.info.name, SegmentFiles.units.0), reason: "units of document \(d) do not decode")
    }

    /// Calls `body` with each own unit of document `doc` of source `source` that holds some of
    /// `positions` (the document's own positions, ascending): the unit, the range of
    /// `positions` in it and the unit's first position. No allocation.
    @inline(__always)
    func split(source: Int, doc: Int, _ positions: UnsafeBufferPointer<UInt32>, _ body: (UInt32, Range<Int>, UInt32) -> Void) throws {
        let o = own[source]
        var k = o.starts[doc]
        let end = o.starts[doc + 1]
        var i = 0
        while i < positions.count {
            let p = positions[i]
            while k < end && o.start[k] + o.length[k] <= p { k += 1 }
            guard k < end, o.start[k] <= p else {
                throw GleanerError.corruptIndex(file: "positions", reason: "position \(p) of document \(doc) outside its own units")
            }
            let unitEnd = o.start[k] + o.length[k]
            let first = i
            while i < positions.count && positions[i] < unitEnd { i += 1 }
            body(o.unit[k], first ..< i, o.start[k])
            k += 1
        }
    }

    /// The `UnitKey` of each unit of source `i`, summed over its body terms' own positions.
    private func keys(_ s: SegmentReader, source i: Int) throws -> [UnitKey] {
        var keys = [UnitKey](repeating: UnitKey(), count: s.units.unitCount)
        var cursor = try TermCursor(s.terms)
        var positions: [UInt32] = []
        while !cursor.atEnd && cursor.key.first == Field.body.rawValue {
            let h = UnitKey.termHash(cursor.key)
            let it = s.postings(cursor.info, positions: true)
            while it.next() != PostingsIterator.noMoreDocs {
                it.positions(into: &positions)
                if positions.isEmpty { continue }
                try positions.withUnsafeBufferPointer { ps in
                    try split(source: i, doc: Int(it.doc), ps) { u, range, start in
                        for j in range { keys[Int(u)].add(term: h, position: ps[j] - start) }
                    }
                }
            }
            if it.isCorrupt {
                throw GleanerError.corruptIndex(file: SegmentFiles.fileName(s.info.name, SegmentFiles.positions.0), reason: "positions do not decode")
            }
            try cursor.advance()
        }
        for u in keys.indices { keys[u].finish(tokens: Int(s.units.length(ofUnit: u))) }
        return keys
    }
}

/// Walks a term dictionary's terms in key order, one block decoded at a time.
struct TermCursor {
    private let reader: TermDictionaryReader
    private var block = -1
    /// The current block's keys (concatenated), where each ends, and their infos.
    private var keyBytes: [UInt8] = []
    private var keyEnds: [Int] = []
    private var infos: [TermInfo] = []
    private var index = 0

    init(_ reader: TermDictionaryReader) throws {
        self.reader = reader
        try loadNextBlock()
    }

    var atEnd: Bool { index >= infos.count }

    /// The current term's key (valid while not `atEnd`).
    var key: ArraySlice<UInt8> { keyBytes[(index == 0 ? 0 : keyEnds[index - 1]) ..< keyEnds[index]] }

    var info: TermInfo { infos[index] }

    /// memcmp order of the current keys.
    func compareKey(with other: TermCursor) -> Int {
        let a = key, b = other.key
        return a.withUnsafeBytes { a in b.withUnsafeBytes { b in TermDictionaryReader.compare(a, b) } }
    }

    mutating func advance() throws {
        index += 1
        if index >= infos.count { try loadNextBlock() }
    }

    private mutating func loadNextBlock() throws {
        keyBytes.removeAll(keepingCapacity: true)
        keyEnds.removeAll(keepingCapacity: true)
        infos.removeAll(keepingCapacity: true)
        index = 0
        while infos.isEmpty && block + 1 < reader.blockOffsets.count {
            block += 1
            try reader.scanBlock(block) { k, info in
                keyBytes.append(contentsOf: k)
                keyEnds.append(keyBytes.count)
                infos.append(info)
                return true
            }
        }
    }
}

/// Accumulates inverted documents in memory and writes them out as one immutable segment.
///
/// Adding a document appends its postings in document order: per posting its term id and
/// where its record starts, and the record itself — VInts of the document, the frequency and
/// the positions as deltas — in one byte stream: sequential writes, no per-term buffers to
/// chase, about 8 bytes per posting plus one or two per position. Flushing sorts the term keys,
/// groups the postings by term with one counting-sort pass (stable, so each term's documents
/// stay ascending), decodes each record and encodes it in the segment format. Documents get
/// consecutive local ids in the order they are added. Memory grows with `estimatedBytes`; the
/// caller flushes at a budget (or when `isFull`).
///
/// Body positions are stored once per unit: each document's body is cut into units (its
/// paragraphs with tokens, `InvertedDocument.unitStarts`), a unit is identified by its analysed
/// tokens (`UnitKey`), and only a unit's first occurrence in the segment keeps its positions
/// (a body record is doc, frequency, own count, own positions); `.units` lists each document's
/// units and each unit's documents and length (`UnitTable`).
public struct SegmentWriter {
    public let name: String
    private var terms = TermHashTable(capacity: 1 << 12)
    /// Per term id: documents (high 32 bits) and occurrences (low 32 bits; fewer than the
    /// bytes of `records`, which `isFull` keeps under 2^31): one word, one cache miss per posting.
    private var termStats: [UInt64] = []
    /// Per posting, in the order added: term id, and the offset of its record in `records`.
    private var postTerm: [UInt32] = []
    private var postStart: [UInt32] = []
    /// Posting records back to back: VInt doc, VInt frequency, VInt position deltas (the first
    /// from 0).
    private var records: [UInt8] = []
    /// The current document's records before they are appended to `records` (reused).
    private var encoded: [UInt8] = []
    /// Per term id: `UnitKey.termHash` of its key (body terms only, else 0).
    private var termHashes: [UInt64] = []
    /// Unit ids by key, each document's units back to back (`docUnitStarts[d] ..< [d + 1]`),
    /// each unit's length.
    private var unitIds: [UnitKey: UInt32] = [:]
    private var docUnits: [UInt32] = []
    private var docUnitStarts: [Int] = [0]
    private var unitLengths: [UInt32] = []
    /// Scratch of `add`: the term at each body position, whether the position is in one of
    /// the document's own units, and the body postings waiting for that (key index, term id).
    private var termAt: [UInt32] = []
    private var ownAt: [Bool] = []
    private var pendingBody: [(key: Int, id: Int)] = []
    /// Positions added, and the largest frequency of one posting (the flush's decode buffer).
    private var positionCount = 0
    private var maxFreq = 0
    private var norms: [[UInt8]]
    private var lengthSums: [Int]
    private var store: StoredFieldsWriter
    public private(set) var docCount: UInt32 = 0
    private var ids = DocumentIdsWriter()
    private var dates: [Int32] = []
    private var simhashes: [UInt64] = []
    private var facets = FacetWriter()
    /// Per key of the document being added: its hash (see `add`).
    private var keyHashes: [UInt32] = []
    private var touched: UInt64 = 0
    /// What becomes of the segment. A scratch segment's files are not fsynced (no commit ever
    /// names one: the build merges them, durably, before it commits, and a crash leaves them
    /// unreferenced for the next build to delete) and its facet values get the scratch zstd level.
    private let compression: StoredFieldsWriter.Compression
    private var durable: Bool { compression != .scratch }

    /// A writer of segment `name`; `compression` follows what becomes of the segment
    /// (`StoredFieldsWriter.Compression`: scratch segments must be merged before a commit names them).
    init(name: String, compression: StoredFieldsWriter.Compression = .flushed) {
        self.name = name
        norms = Array(repeating: [], count: Field.allCases.count)
        lengthSums = Array(repeating: 0, count: Field.allCases.count)
        store = StoredFieldsWriter(segment: name, compression: compression)
        self.compression = compression
    }

    /// Bytes held in memory, approximately.
    public var estimatedBytes: Int {
        terms.memoryBytes + termStats.count * 24 + postTerm.count * 8 + records.count + store.bufferedBytes
            + ids.bufferedBytes + Int(docCount) * 24 + unitIds.count * 40 + docUnits.count * 4
    }

    /// The postings' offsets are 32-bit: past 2 GB of records the writer must be flushed,
    /// whatever the memory budget.
    public var isFull: Bool { records.count >= 1 << 31 }

    /// Adds one document and returns its local id.
    @discardableResult
    public mutating func add(_ doc: InvertedDocument) -> UInt32 {
        let docId = docCount
        docCount += 1
        for f in Field.allCases {
            let l = doc.fieldLengths[Int(f.rawValue)]
            norms[Int(f.rawValue)].append(FieldNorms.encode(l))
            lengthSums[Int(f.rawValue)] += Int(l)
        }
        store.add(doc.stored, entityRefs: facets.add(doc.stored))
        ids.add(doc.stored.id)
        dates.append(doc.date)
        simhashes.append(doc.simhash)
        // Each record is at most 5 bytes per VInt: doc, frequency, positions.
        let bound = 15 * doc.freqs.count + 5 * doc.positions.count
        var out = encoded
        encoded = []
        if out.count < bound { out = [UInt8](repeating: 0, count: max(bound, 2 * out.count)) }
        let base = records.count
        let bodyLength = Int(doc.fieldLengths[Int(Field.body.rawValue)])
        termAt.removeAll(keepingCapacity: true)
        termAt.append(contentsOf: repeatElement(UInt32.max, count: bodyLength))
        precondition(base + bound <= Int(UInt32.max), "segment writer past its 32-bit offsets (flush when isFull)")
        var used = 0
        doc.keys.withUnsafeBufferPointer { keys in
            doc.freqs.withUnsafeBufferPointer { freqs in
                doc.positions.withUnsafeBufferPointer { positions in
                    out.withUnsafeMutableBufferPointer { out in
                        // Two passes over the keys: hash each and touch its slot (independent
                        // loads whose cache misses overlap), then intern (the slots are now cached).
                        // The inverter's hashes of the keys when it gave them (the same function).
                        let given = doc.keyHashes.count == freqs.count
                        keyHashes.removeAll(keepingCapacity: true)
                        var keyStart = 0
                        for i in 0 ..< freqs.count {
                            let keyEnd = Int(doc.keyEnds[i])
                            let h = given ? doc.keyHashes[i] : TermHashTable.hash(UnsafeBufferPointer(rebasing: keys[keyStart ..< keyEnd]))
                            keyHashes.append(h)
                            let (t, candidate) = terms.probe(hash: h)
                            touched &+= t
                            if candidate < termStats.count { touched &+= termStats[candidate] }
                            keyStart = keyEnd
                        }
                        keyStart = 0
                        var posCursor = 0
                        for i in 0 ..< freqs.count {
                            let keyEnd = Int(doc.keyEnds[i])
                            let key = UnsafeBufferPointer(rebasing: keys[keyStart ..< keyEnd])
                            keyStart = keyEnd
                            let (id, isNew) = terms.intern(key, hash: keyHashes[i])
                            let isBody = key.first == Field.body.rawValue
                            if isNew {
                                termStats.append(0)
                                termHashes.append(isBody ? UnitKey.termHash(key) : 0)
                            }
                            let freq = Int(freqs[i])
                            termStats[id] &+= 1 << 32 | UInt64(freq)
                            if isBody {
                                // Written once the document's own units are known (below).
                                for p in positions[posCursor ..< posCursor + freq] where Int(p) < termAt.count { termAt[Int(p)] = UInt32(id) }
                                pendingBody.append((i, id))
                            } else {
                                postTerm.append(UInt32(id))
                                postStart.append(UInt32(base + used))
                                SegmentWriter.putVInt(docId, out, &used)
                                SegmentWriter.putVInt(UInt32(freq), out, &used)
                                // Value fields keep no positions (`Field.hasPositions`).
                                if Field.hasPositions(key.first ?? 0) {
                                    var last: UInt32 = 0
                                    for p in positions[posCursor ..< posCursor + freq] {
                                        SegmentWriter.putVInt(p &- last, out, &used)
                                        last = p
                                    }
                                }
                            }
                            posCursor += freq
                            if freq > maxFreq { maxFreq = freq }
                        }
                        // Body: record doc, frequency, own count, the positions in own units.
                        addUnits(doc.unitStarts, bodyLength: bodyLength)
                        var starts = [Int](repeating: 0, count: 0)
                        if !pendingBody.isEmpty {
                            starts.reserveCapacity(freqs.count + 1)
                            var c = 0
                            for i in 0 ..< freqs.count { starts.append(c); c += Int(freqs[i]) }
                        }
                        for (i, id) in pendingBody {
                            let freq = Int(freqs[i])
                            postTerm.append(UInt32(id))
                            postStart.append(UInt32(base + used))
                            SegmentWriter.putVInt(docId, out, &used)
                            SegmentWriter.putVInt(UInt32(freq), out, &used)
                            let ps = positions[starts[i] ..< starts[i] + freq]
                            var own = 0
                            for p in ps where Int(p) < ownAt.count && ownAt[Int(p)] { own += 1 }
                            SegmentWriter.putVInt(UInt32(own), out, &used)
                            var last: UInt32 = 0
                            for p in ps where Int(p) < ownAt.count && ownAt[Int(p)] {
                                SegmentWriter.putVInt(p &- last, out, &used)
                                last = p
                            }
                        }
                        pendingBody.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        records.append(contentsOf: out[0 ..< used])
        encoded = out
        positionCount += doc.positions.count
        return docId
    }

    /// Cuts the current document's body (its terms in `termAt`) into units: a unit already
    /// seen is only listed, a new one gets the next id and its positions are marked own (`ownAt`).
    private mutating func addUnits(_ starts: [UInt32], bodyLength: Int) {
        ownAt.removeAll(keepingCapacity: true)
        ownAt.append(contentsOf: repeatElement(false, count: bodyLength))
        for k in starts.indices {
            let s = Int(starts[k]), e = k + 1 < starts.count ? Int(starts[k + 1]) : bodyLength
            guard s < e, e <= termAt.count else { continue }
            var key = UnitKey()
            for p in s ..< e where termAt[p] != UInt32.max { key.add(term: termHashes[Int(termAt[p])], position: UInt32(p - s)) }
            key.finish(tokens: e - s)
            if let u = unitIds[key] {
                docUnits.append(u)
                continue
            }
            let u = UInt32(unitIds.count)
            unitIds[key] = u
            docUnits.append(u)
            unitLengths.append(UInt32(e - s))
            for p in s ..< e { ownAt[p] = true }
        }
        docUnitStarts.append(docUnits.count)
    }

    private static func appendVInt(_ v: UInt32, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    /// Adds a document copied from another segment without its postings: stored fields,
    /// facets, id, doc values and the given norm codes (one per field). Its length sums come
    /// from `addLengthSums`, its postings from the `postings` source given to `flush`. Returns
    /// its local id.
    @discardableResult
    mutating func addCopied(_ stored: StoredDocument, norms docNorms: [UInt8], date: Int32, simhash: UInt64) -> UInt32 {
        let docId = docCount
        docCount += 1
        for f in 0 ..< norms.count { norms[f].append(f < docNorms.count ? docNorms[f] : 0) }
        store.add(stored, entityRefs: facets.add(stored))
        ids.add(stored.id)
        dates.append(date)
        simhashes.append(simhash)
        return docId
    }

    /// Adds field length sums (by `Field.rawValue`) of documents added with `addCopied`.
    mutating func addLengthSums(_ sums: [Int]) {
        for f in 0 ..< min(sums.count, lengthSums.count) { lengthSums[f] += sums[f] }
    }

    /// Writes the segment's files into `directory` (each fsynced) and returns its manifest entry.
    public mutating func flush(to directory: String) throws -> SegmentInfo {
        var dict = TermDictionaryWriter(segment: name)
        var postingsWriter = PostingsWriter(segment: name, norms: norms, postingsCapacity: postTerm.count * 2 + 64,
                                            positionsCapacity: positionCount + 64)
        touched &+= UInt64(writeBufferedPostings(&dict, &postingsWriter))
        let (postBytes, posBytes) = postingsWriter.finish()
        let unitBytes = UnitTable.file(segment: name, docUnits: docUnits, starts: docUnitStarts, lengths: unitLengths)
        let files = [(SegmentFiles.postings.0, postBytes), (SegmentFiles.positions.0, posBytes), (SegmentFiles.units.0, unitBytes)]
        return try writeFiles(to: directory, terms: dict.finish(), postings: files.map { .bytes($0.0, $0.1) })
    }

    /// Writes the term dictionary, postings and positions files of a merged segment named
    /// `segment` whose documents have the given norms, spilling postings as they grow; a writer
    /// of that name and those norms writes the other files with `writeDocumentFiles`. Needs no
    /// writer, so it can run while another thread copies the documents into one. `source` must
    /// add every term in key order to the dictionary and postings writers (calling
    /// `spillIfLarge` between terms). Returns the three files' manifest entries.
    static func writeMergedPostings(segment name: String, norms: [[UInt8]], to directory: String, spillBytes: Int,
                                    _ source: (inout TermDictionaryWriter, inout PostingsWriter) throws -> [UInt8])
        throws -> [SegmentInfo.FileEntry] {
        var dict = TermDictionaryWriter(segment: name)
        let postName = SegmentFiles.fileName(name, SegmentFiles.postings.0), posName = SegmentFiles.fileName(name, SegmentFiles.positions.0)
        let sinks = (postings: try DurableFileWriter(path: directory + "/" + postName),
                     positions: try DurableFileWriter(path: directory + "/" + posName))
        let capacity = spillBytes + (1 << 20)
        var postingsWriter = PostingsWriter(segment: name, norms: norms, postingsCapacity: capacity, positionsCapacity: capacity,
                                            spillTo: sinks, spillBytes: spillBytes)
        let units = try source(&dict, &postingsWriter)
        let (post, pos) = try postingsWriter.finishSpilled()
        return [try write(dict.finish(), segment: name, ext: SegmentFiles.terms.0, to: directory),
                .init(name: postName, size: post.size, crc32: post.crc32), .init(name: posName, size: pos.size, crc32: pos.crc32),
                try write(units, segment: name, ext: SegmentFiles.units.0, to: directory)]
    }

    /// A postings file to write, or one already written.
    enum PostingsOutput {
        case bytes(String, [UInt8])
        case written(SegmentInfo.FileEntry)
    }

    /// Appends `v` as a LEB128 VInt at `out[i]` (the caller made room).
    @inline(__always)
    private static func putVInt(_ v: UInt32, _ out: UnsafeMutableBufferPointer<UInt8>, _ i: inout Int) {
        var v = v
        while v >= 0x80 {
            out[i] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            i += 1
        }
        out[i] = UInt8(truncatingIfNeeded: v)
        i += 1
    }

    /// Reads the LEB128 VInt at `b[i]` (written by `putVInt`).
    @inline(__always)
    private static func getVInt(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        var c = b[i]
        i += 1
        var v = UInt32(c & 0x7F)
        var shift: UInt32 = 7
        while c >= 0x80 {
            c = b[i]
            i += 1
            v |= UInt32(c & 0x7F) << shift
            shift += 7
        }
        return v
    }

    /// Encodes the postings of the documents added with `add`, term by term in key order.
    /// Returns a value for the caller to keep (so that the read-ahead loads stay).
    private func writeBufferedPostings(_ dict: inout TermDictionaryWriter, _ postingsWriter: inout PostingsWriter) -> UInt8 {
        // Group the records by term (counting sort over the terms' sorted order; stable).
        let sorted = terms.sortedIds()
        var cursor = [Int](repeating: 0, count: terms.count)
        var acc = 0
        for id in sorted {
            cursor[id] = acc
            acc += Int(termStats[id] >> 32)
        }
        var order = [UInt32](repeating: 0, count: postTerm.count)
        order.withUnsafeMutableBufferPointer { order in
            cursor.withUnsafeMutableBufferPointer { cursor in
                postStart.withUnsafeBufferPointer { postStart in
                    postTerm.withUnsafeBufferPointer { postTerm in
                        for p in 0 ..< postTerm.count {
                            let t = Int(postTerm[p])
                            order[cursor[t]] = postStart[p]
                            cursor[t] += 1
                        }
                    }
                }
            }
        }
        var k = 0
        var touchedRecords: UInt8 = 0
        var decoded = [UInt32](repeating: 0, count: max(maxFreq, 1))
        records.withUnsafeBufferPointer { records in
            do {
                decoded.withUnsafeMutableBufferPointer { positions in
                    for id in sorted {
                        let key = terms.key(id)
                        let isBody = key.first == Field.body.rawValue
                        let hasPositions = Field.hasPositions(key.first ?? 0)
                        let offsets = postingsWriter.startTerm(field: key.first ?? 0)
                        let docFreq = UInt32(termStats[id] >> 32)
                        dict.add(key: key, docFreq: docFreq, totalTermFreq: termStats[id] & 0xFFFF_FFFF,
                                 postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                        for _ in 0 ..< Int(docFreq) {
                            // The records are read in term order, scattered over `records`: load
                            // one a few postings ahead so that its cache miss overlaps this one's.
                            if k + SegmentWriter.readAhead < order.count { touchedRecords &+= records[Int(order[k + SegmentWriter.readAhead])] }
                            var i = Int(order[k])
                            k += 1
                            let doc = SegmentWriter.getVInt(records, &i)
                            let freq = SegmentWriter.getVInt(records, &i)
                            let own = isBody ? Int(SegmentWriter.getVInt(records, &i)) : hasPositions ? Int(freq) : 0
                            var last: UInt32 = 0
                            for j in 0 ..< own {
                                last &+= SegmentWriter.getVInt(records, &i)
                                positions[j] = last
                            }
                            postingsWriter.add(doc: doc, freq: freq, positions: UnsafeBufferPointer(rebasing: positions[0 ..< own]))
                        }
                        postingsWriter.finishTerm()
                    }
                }
            }
        }
        return touchedRecords
    }

    /// How many postings ahead `writeBufferedPostings` loads a record.
    private static let readAhead = 8

    /// Writes the dictionary and postings files given and the other files from the buffered
    /// documents.
    private mutating func writeFiles(to directory: String, terms: [UInt8], postings: [PostingsOutput]) throws -> SegmentInfo {
        var entries: [SegmentInfo.FileEntry] = []
        for output in [.bytes(SegmentFiles.terms.0, terms)] + postings {
            switch output {
            case let .bytes(ext, bytes): entries.append(try SegmentWriter.write(bytes, segment: name, ext: ext, to: directory, durable: durable))
            case let .written(entry): entries.append(entry)
            }
        }
        return info(files: entries + (try writeDocumentFiles(to: directory)))
    }

    /// Writes the files of the buffered documents — norms, stored fields, ids, doc values,
    /// facets, in that order — and returns their manifest entries.
    mutating func writeDocumentFiles(to directory: String) throws -> [SegmentInfo.FileEntry] {
        var normsFile = ByteWriter(capacity: Int(docCount) * norms.count + 64)
        CodecFile.writeHeader(&normsFile, codec: SegmentFiles.norms.1, version: SegmentFiles.formatVersion, segment: name)
        normsFile.writeVInt(UInt32(norms.count))
        normsFile.writeVInt(docCount)
        for n in norms { normsFile.writeBytes(n) }
        CodecFile.writeFooter(&normsFile)

        var idsFile = ByteWriter(capacity: ids.bufferedBytes + 64)
        CodecFile.writeHeader(&idsFile, codec: SegmentFiles.ids.1, version: SegmentFiles.formatVersion, segment: name)
        ids.write(into: &idsFile)
        CodecFile.writeFooter(&idsFile)

        var dv = ByteWriter(capacity: Int(docCount) * 12 + 64)
        CodecFile.writeHeader(&dv, codec: SegmentFiles.docValues.1, version: SegmentFiles.formatVersion, segment: name)
        dv.writeVInt(docCount)
        for d in dates { dv.writeUInt32(UInt32(bitPattern: d)) }
        for h in simhashes { dv.writeUInt64(h) }
        CodecFile.writeFooter(&dv)

        var facetFile = ByteWriter(capacity: Int(docCount) * 8 + 64)
        CodecFile.writeHeader(&facetFile, codec: SegmentFiles.facets.1, version: SegmentFiles.formatVersion, segment: name)
        facets.write(into: &facetFile, level: durable ? 9 : StoredFieldsWriter.scratchLevel)
        CodecFile.writeFooter(&facetFile)

        let files = [(SegmentFiles.norms.0, normsFile.bytes), (SegmentFiles.store.0, store.finish()), (SegmentFiles.ids.0, idsFile.bytes),
                     (SegmentFiles.docValues.0, dv.bytes), (SegmentFiles.facets.0, facetFile.bytes)]
        return try files.map { try SegmentWriter.write($0.1, segment: name, ext: $0.0, to: directory, durable: durable) }
    }

    /// The manifest entry of this segment once `files` (every file, in `SegmentFiles` order
    /// as `flush` lists them) are written.
    func info(files: [SegmentInfo.FileEntry]) -> SegmentInfo {
        SegmentInfo(name: name, docCount: Int(docCount), fieldLengthSums: lengthSums, files: files)
    }

    /// Writes `bytes` as the file `ext` of segment `segment`, fsynced when `durable`; returns
    /// its manifest entry.
    static func write(_ bytes: [UInt8], segment: String, ext: String, to directory: String, durable: Bool = true) throws -> SegmentInfo.FileEntry {
        let file = SegmentFiles.fileName(segment, ext)
        if durable {
            try FileIO.writeDurably(bytes, to: directory + "/" + file)
        } else {
            try FileIO.writeUnsynced(bytes, to: directory + "/" + file)
        }
        return .init(name: file, bytes: bytes)
    }
}

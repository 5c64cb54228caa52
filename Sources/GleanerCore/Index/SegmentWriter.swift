/// Accumulates inverted documents in memory and writes them out as one immutable segment.
///
/// Adding a document appends its postings to flat arrays in document order (term id, doc,
/// frequency, positions): sequential writes, no per-term buffers to chase. Flushing sorts the
/// term keys, groups the postings by term with one counting-sort pass (stable, so each term's
/// documents stay ascending) and encodes them. Documents get consecutive local ids in the order
/// they are added. Memory grows with `estimatedBytes`; the caller flushes at a budget.
public struct SegmentWriter {
    public let name: String
    private var terms = TermHashTable(capacity: 1 << 12)
    /// Per term id: documents and occurrences.
    private var docFreqs: [UInt32] = []
    private var totalFreqs: [UInt64] = []
    /// Per posting, in the order added: term id, document, frequency, first position's index.
    private var postTerm: [UInt32] = []
    private var postDoc: [UInt32] = []
    private var postFreq: [UInt32] = []
    private var postPositionStart: [UInt32] = []
    private var positions: [UInt32] = []
    private var norms: [[UInt8]]
    private var lengthSums: [Int]
    private var store: StoredFieldsWriter
    public private(set) var docCount: UInt32 = 0
    private var idOffsets: [UInt32] = [0]
    private var idBytes: [UInt8] = []
    private var dates: [Int32] = []
    private var simhashes: [UInt64] = []
    private var facets = FacetWriter()
    /// Per key of the document being added: its hash (see `add`).
    private var keyHashes: [UInt32] = []
    private var touched: UInt64 = 0

    public init(name: String) {
        self.name = name
        norms = Array(repeating: [], count: Field.allCases.count)
        lengthSums = Array(repeating: 0, count: Field.allCases.count)
        store = StoredFieldsWriter(segment: name)
    }

    /// Bytes held in memory, approximately.
    public var estimatedBytes: Int {
        terms.memoryBytes + docFreqs.count * 12 + postTerm.count * 16 + positions.count * 4 + store.bufferedBytes
            + idBytes.count + Int(docCount) * 24
    }

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
        let entityOrdinals = facets.add(doc.stored)
        store.add(doc.stored, entityOrdinals: entityOrdinals)
        idBytes.append(contentsOf: doc.stored.id.utf8)
        idOffsets.append(UInt32(idBytes.count))
        dates.append(doc.date)
        simhashes.append(doc.simhash)
        var posCursor = 0
        var keyStart = 0
        doc.keys.withUnsafeBufferPointer { keys in
            // Two passes over the keys: hash each and touch its slot (independent loads whose
            // cache misses overlap), then intern (the slots are now cached).
            keyHashes.removeAll(keepingCapacity: true)
            for i in 0 ..< doc.freqs.count {
                let keyEnd = Int(doc.keyEnds[i])
                let h = TermHashTable.hash(UnsafeBufferPointer(rebasing: keys[keyStart ..< keyEnd]))
                keyHashes.append(h)
                touched &+= terms.touch(hash: h)
                keyStart = keyEnd
            }
            keyStart = 0
            for i in 0 ..< doc.freqs.count {
                let keyEnd = Int(doc.keyEnds[i])
                let key = UnsafeBufferPointer(rebasing: keys[keyStart ..< keyEnd])
                keyStart = keyEnd
                let (id, isNew) = terms.intern(key, hash: keyHashes[i])
                if isNew {
                    docFreqs.append(0)
                    totalFreqs.append(0)
                }
                let freq = doc.freqs[i]
                docFreqs[id] += 1
                totalFreqs[id] += UInt64(freq)
                postTerm.append(UInt32(id))
                postDoc.append(docId)
                postFreq.append(freq)
                postPositionStart.append(UInt32(positions.count))
                positions.append(contentsOf: doc.positions[posCursor ..< posCursor + Int(freq)])
                posCursor += Int(freq)
            }
        }
        return docId
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
        let entityOrdinals = facets.add(stored)
        store.add(stored, entityOrdinals: entityOrdinals)
        idBytes.append(contentsOf: stored.id.utf8)
        idOffsets.append(UInt32(idBytes.count))
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
        try flush(to: directory, postings: nil)
    }

    /// Writes the segment's files; the postings come from the documents added with `add`, or,
    /// when `postings` is given, from it: it must add every term in key order to the dictionary
    /// and postings writers (the latter built over this segment's norms, spilling its output
    /// to the files as it goes: call `spillIfLarge` between terms).
    mutating func flush(to directory: String, postings source: ((inout TermDictionaryWriter, inout PostingsWriter) throws -> Void)?,
                        spillBytes: Int = PostingsWriter.defaultSpillBytes) throws -> SegmentInfo {
        var dict = TermDictionaryWriter(segment: name)
        guard let source else {
            var postingsWriter = PostingsWriter(segment: name, norms: norms, postingsCapacity: postTerm.count * 2 + 64,
                                                positionsCapacity: positions.count + 64)
            writeBufferedPostings(&dict, &postingsWriter)
            let (postBytes, posBytes) = postingsWriter.finish()
            let files = [(SegmentFiles.postings.0, postBytes), (SegmentFiles.positions.0, posBytes)]
            return try writeFiles(to: directory, terms: dict.finish(), postings: files.map { .bytes($0.0, $0.1) })
        }
        let postName = SegmentFiles.fileName(name, SegmentFiles.postings.0), posName = SegmentFiles.fileName(name, SegmentFiles.positions.0)
        let sinks = (postings: try DurableFileWriter(path: directory + "/" + postName),
                     positions: try DurableFileWriter(path: directory + "/" + posName))
        let capacity = spillBytes + (1 << 20)
        var postingsWriter = PostingsWriter(segment: name, norms: norms, postingsCapacity: capacity, positionsCapacity: capacity,
                                            spillTo: sinks, spillBytes: spillBytes)
        try source(&dict, &postingsWriter)
        let (post, pos) = try postingsWriter.finishSpilled()
        return try writeFiles(to: directory, terms: dict.finish(), postings: [
            .written(.init(name: postName, size: post.size, crc32: post.crc32)),
            .written(.init(name: posName, size: pos.size, crc32: pos.crc32)),
        ])
    }

    /// A postings file to write, or one already written.
    enum PostingsOutput {
        case bytes(String, [UInt8])
        case written(SegmentInfo.FileEntry)
    }

    /// Encodes the postings of the documents added with `add`, term by term in key order.
    private func writeBufferedPostings(_ dict: inout TermDictionaryWriter, _ postingsWriter: inout PostingsWriter) {
        // Group postings by term (counting sort over the terms' sorted order; stable).
        let sorted = terms.sortedIds()
        var cursor = [Int](repeating: 0, count: terms.count)
        var acc = 0
        for id in sorted {
            cursor[id] = acc
            acc += Int(docFreqs[id])
        }
        var order = [UInt32](repeating: 0, count: postTerm.count)
        for p in 0 ..< postTerm.count {
            let t = Int(postTerm[p])
            order[cursor[t]] = UInt32(p)
            cursor[t] += 1
        }
        var k = 0
        positions.withUnsafeBufferPointer { positions in
            for id in sorted {
                let key = terms.key(id)
                let offsets = postingsWriter.startTerm(field: key.first ?? 0)
                dict.add(key: key, docFreq: docFreqs[id], totalTermFreq: totalFreqs[id],
                         postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                for _ in 0 ..< Int(docFreqs[id]) {
                    let p = Int(order[k])
                    k += 1
                    let start = Int(postPositionStart[p])
                    postingsWriter.add(doc: postDoc[p], positions: UnsafeBufferPointer(rebasing: positions[start ..< start + Int(postFreq[p])]))
                }
                postingsWriter.finishTerm()
            }
        }
    }

    /// Writes the dictionary and postings files given and the other files from the buffered
    /// documents.
    private mutating func writeFiles(to directory: String, terms: [UInt8], postings: [PostingsOutput]) throws -> SegmentInfo {
        var normsFile = ByteWriter(capacity: Int(docCount) * norms.count + 64)
        CodecFile.writeHeader(&normsFile, codec: SegmentFiles.norms.1, version: SegmentFiles.formatVersion, segment: name)
        normsFile.writeVInt(UInt32(norms.count))
        normsFile.writeVInt(docCount)
        for n in norms { normsFile.writeBytes(n) }
        CodecFile.writeFooter(&normsFile)

        var idsFile = ByteWriter(capacity: idBytes.count + idOffsets.count * 4 + 64)
        CodecFile.writeHeader(&idsFile, codec: SegmentFiles.ids.1, version: SegmentFiles.formatVersion, segment: name)
        idsFile.writeVInt(docCount)
        for o in idOffsets { idsFile.writeUInt32(o) }
        idsFile.writeBytes(idBytes)
        CodecFile.writeFooter(&idsFile)

        var dv = ByteWriter(capacity: Int(docCount) * 12 + 64)
        CodecFile.writeHeader(&dv, codec: SegmentFiles.docValues.1, version: SegmentFiles.formatVersion, segment: name)
        dv.writeVInt(docCount)
        for d in dates { dv.writeUInt32(UInt32(bitPattern: d)) }
        for h in simhashes { dv.writeUInt64(h) }
        CodecFile.writeFooter(&dv)

        var facetFile = ByteWriter(capacity: Int(docCount) * 8 + 64)
        CodecFile.writeHeader(&facetFile, codec: SegmentFiles.facets.1, version: SegmentFiles.formatVersion, segment: name)
        facets.write(into: &facetFile)
        CodecFile.writeFooter(&facetFile)

        var entries: [SegmentInfo.FileEntry] = []
        let outputs: [PostingsOutput] = [.bytes(SegmentFiles.terms.0, terms)] + postings + [
            .bytes(SegmentFiles.norms.0, normsFile.bytes), .bytes(SegmentFiles.store.0, store.finish()), .bytes(SegmentFiles.ids.0, idsFile.bytes),
            .bytes(SegmentFiles.docValues.0, dv.bytes), .bytes(SegmentFiles.facets.0, facetFile.bytes),
        ]
        for output in outputs {
            guard case let .bytes(ext, bytes) = output else {
                if case let .written(entry) = output { entries.append(entry) }
                continue
            }
            let file = SegmentFiles.fileName(name, ext)
            try FileIO.writeDurably(bytes, to: directory + "/" + file)
            entries.append(.init(name: file, size: bytes.count, crc32: CRC32.checksum(bytes)))
        }
        return SegmentInfo(name: name, docCount: Int(docCount), fieldLengthSums: lengthSums, files: entries)
    }
}

/// Accumulates inverted documents in memory and writes them out as one immutable segment.
///
/// Postings are kept per term as ready-encoded VInt bytes (doc deltas + freqs, and positions),
/// so flushing is a sort of the term keys and a copy. Documents get consecutive local ids in
/// the order they are added. Memory grows with `estimatedBytes`; the caller flushes at a budget.
public struct SegmentWriter {
    public let name: String
    private var terms = TermHashTable(capacity: 1 << 12)
    private var postings: [TermPostings] = []
    private var norms: [[UInt8]]
    private var lengthSums: [Int]
    private var store: StoredFieldsWriter
    public private(set) var docCount: UInt32 = 0
    private var postingBytes = 0
    private var idOffsets: [UInt32] = [0]
    private var idBytes: [UInt8] = []
    private var dates: [Int32] = []
    private var simhashes: [UInt64] = []
    private var facets = FacetWriter()

    /// Per-term buffers of a segment being built.
    struct TermPostings {
        var docs = ByteWriter()
        var positions = ByteWriter()
        var lastDoc: UInt32 = 0
        var docFreq: UInt32 = 0
        var totalFreq: UInt64 = 0
    }

    public init(name: String) {
        self.name = name
        norms = Array(repeating: [], count: Field.allCases.count)
        lengthSums = Array(repeating: 0, count: Field.allCases.count)
        store = StoredFieldsWriter(segment: name)
    }

    /// Bytes held in memory, approximately.
    public var estimatedBytes: Int { terms.memoryBytes + postings.count * 80 + postingBytes + store.bufferedBytes }

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
        store.add(doc.stored)
        idBytes.append(contentsOf: doc.stored.id.utf8)
        idOffsets.append(UInt32(idBytes.count))
        dates.append(doc.date)
        simhashes.append(doc.simhash)
        facets.add(doc.stored)
        var posCursor = 0
        var keyStart = 0
        doc.keys.withUnsafeBufferPointer { keys in
            for i in 0 ..< doc.freqs.count {
                let keyEnd = Int(doc.keyEnds[i])
                let key = UnsafeBufferPointer(rebasing: keys[keyStart ..< keyEnd])
                keyStart = keyEnd
                let (id, isNew) = terms.intern(key)
                if isNew { postings.append(TermPostings()) }
                let freq = doc.freqs[i]
                let before = postings[id].docs.count + postings[id].positions.count
                let delta = UInt64(docId - (postings[id].docFreq == 0 ? 0 : postings[id].lastDoc))
                if freq == 1 {
                    postings[id].docs.writeVLong(delta << 1 | 1)
                } else {
                    postings[id].docs.writeVLong(delta << 1)
                    postings[id].docs.writeVInt(freq)
                }
                var last: UInt32 = 0
                for k in 0 ..< Int(freq) {
                    let p = doc.positions[posCursor + k]
                    postings[id].positions.writeVInt(p - last)
                    last = p
                }
                posCursor += Int(freq)
                postings[id].lastDoc = docId
                postings[id].docFreq += 1
                postings[id].totalFreq += UInt64(freq)
                postingBytes += postings[id].docs.count + postings[id].positions.count - before
            }
        }
        return docId
    }

    /// Writes the segment's files into `directory` (each fsynced) and returns its manifest entry.
    public mutating func flush(to directory: String) throws -> SegmentInfo {
        var dict = TermDictionaryWriter(segment: name)
        var post = ByteWriter(capacity: postingBytes)
        var pos = ByteWriter(capacity: postingBytes)
        CodecFile.writeHeader(&post, codec: SegmentFiles.postings.1, version: SegmentFiles.formatVersion, segment: name)
        CodecFile.writeHeader(&pos, codec: SegmentFiles.positions.1, version: SegmentFiles.formatVersion, segment: name)
        for id in terms.sortedIds() {
            let p = postings[id]
            dict.add(key: terms.key(id), docFreq: p.docFreq, totalTermFreq: p.totalFreq,
                     postingsOffset: UInt64(post.count), positionsOffset: UInt64(pos.count))
            post.writeBytes(p.docs.bytes)
            pos.writeBytes(p.positions.bytes)
        }
        CodecFile.writeFooter(&post)
        CodecFile.writeFooter(&pos)

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
        let outputs: [(String, [UInt8])] = [
            (SegmentFiles.terms.0, dict.finish()), (SegmentFiles.postings.0, post.bytes), (SegmentFiles.positions.0, pos.bytes),
            (SegmentFiles.norms.0, normsFile.bytes), (SegmentFiles.store.0, store.finish()), (SegmentFiles.ids.0, idsFile.bytes),
            (SegmentFiles.docValues.0, dv.bytes), (SegmentFiles.facets.0, facetFile.bytes),
        ]
        for (ext, bytes) in outputs {
            let file = SegmentFiles.fileName(name, ext)
            try FileIO.writeDurably(bytes, to: directory + "/" + file)
            entries.append(.init(name: file, size: bytes.count, crc32: CRC32.checksum(bytes)))
        }
        return SegmentInfo(name: name, docCount: Int(docCount), fieldLengthSums: lengthSums, files: entries)
    }
}

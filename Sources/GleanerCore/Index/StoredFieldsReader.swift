/// Reads stored documents from a `.store` file (format 5, see `StoredFieldsWriter`): binary
/// search of the document blocks, inflate one block (cached), decode the record, then inflate
/// the chunks holding its paragraphs (a few KiB each, the most recent ones cached) and join them.
///
/// Opening reads only the index at the end of the file. Not thread-safe (keeps caches).
public final class StoredFieldsReader {
    let file: String
    let payload: UnsafeRawBufferPointer
    /// Paragraph chunks: first paragraph id, offset, compressed and raw length.
    var chunkFirst: [UInt32] = []
    var chunkOffset: [Int] = []
    var chunkCompressed: [Int] = []
    var chunkRaw: [Int] = []
    /// Document blocks: first doc, offset, compressed and raw length.
    var blockFirst: [UInt32] = []
    var blockOffset: [Int] = []
    var blockCompressed: [Int] = []
    var blockRaw: [Int] = []
    public private(set) var paragraphCount = 0
    public private(set) var documentCount = 0
    let dictionary: UnsafeRawBufferPointer
    /// The dictionary of the document blocks (empty: none).
    let recordDictionary: UnsafeRawBufferPointer
    /// Where the chunks start, and the unread chunk table (nil once parsed).
    private let chunksStart: Int
    private let chunksEnd: Int
    private var chunkIndex: ByteReader?
    private lazy var chunkInflater = ZstdDecompressor(dictionary: dictionary)
    private lazy var blockInflater = ZstdDecompressor(dictionary: recordDictionary)
    private var cachedBlock = -1
    private var blockCache: [UInt8] = []
    /// Recently inflated chunks by index (cleared when it grows past `chunkCacheSize`).
    private var chunkCache: [Int: [UInt8]] = [:]
    static let chunkCacheSize = 256
    private var refs: [UInt32] = []
    /// The segment's facet dictionaries, which hold the names of the entities records refer to.
    let facets: FacetReader
    /// The segment's document ids, which records leave out.
    let ids: DocumentIds

    init(data: UnsafeRawBufferPointer, file: String, segment: String, verify: Bool, facets: FacetReader, ids: DocumentIds) throws {
        self.facets = facets
        self.ids = ids
        let r = try CodecFile.open(data, file: file, codec: SegmentFiles.store.1, versions: SegmentFiles.supported,
                                   segment: segment, verifyChecksum: verify)
        self.file = file
        payload = r.base
        guard payload.count >= r.position + 8 else { throw GleanerError.corruptIndex(file: file, reason: "missing trailer") }
        var t = ByteReader(payload, position: payload.count - 8, file: file)
        let indexOffset = Int(try t.readUInt64())
        guard indexOffset >= r.position, indexOffset <= payload.count - 8 else {
            throw GleanerError.corruptIndex(file: file, reason: "block index offset out of range")
        }
        var ir = ByteReader(UnsafeRawBufferPointer(rebasing: payload[0 ..< payload.count - 8]), position: indexOffset, file: file)
        let dictLength = Int(try ir.readVInt())
        let recordDictLength = Int(try ir.readVInt())
        guard dictLength <= indexOffset, recordDictLength <= indexOffset, r.position + dictLength + recordDictLength <= indexOffset else {
            throw GleanerError.corruptIndex(file: file, reason: "dictionary past end of data")
        }
        dictionary = UnsafeRawBufferPointer(rebasing: payload[r.position ..< r.position + dictLength])
        recordDictionary = UnsafeRawBufferPointer(rebasing: payload[r.position + dictLength ..< r.position + dictLength + recordDictLength])
        paragraphCount = Int(try ir.readVInt())
        chunksStart = r.position + dictLength + recordDictLength
        let chunkDataLength = Int(try ir.readVLong())
        guard chunkDataLength <= indexOffset - chunksStart else {
            throw GleanerError.corruptIndex(file: file, reason: "paragraph chunks past end of data")
        }
        chunksEnd = chunksStart + chunkDataLength
        var offset = chunksEnd
        var first = 0
        try readTable(&ir, offset: &offset, first: &first, end: indexOffset, what: "document block",
                      into: &blockFirst, &blockOffset, &blockCompressed, &blockRaw)
        guard offset == indexOffset else {
            throw GleanerError.corruptIndex(file: file, reason: "store index does not account for the data")
        }
        documentCount = first
        chunkIndex = ir
    }

    /// Reads one compressed-block table (a count, then per block: items, compressed bytes, raw
    /// bytes) whose blocks lie back to back from `offset` up to `end`; `first` counts items.
    private func readTable(_ ir: inout ByteReader, offset: inout Int, first: inout Int, end: Int, what: String,
                           into firsts: inout [UInt32], _ offsets: inout [Int], _ compressed: inout [Int], _ raws: inout [Int]) throws {
        let count = Int(try ir.readVInt())
        for _ in 0 ..< count {
            let n = Int(try ir.readVInt()), c = Int(try ir.readVInt()), raw = Int(try ir.readVInt())
            guard n > 0, offset + c <= end else { throw GleanerError.corruptIndex(file: file, reason: "\(what) past end of data") }
            firsts.append(UInt32(first)); offsets.append(offset); compressed.append(c); raws.append(raw)
            first += n
            offset += c
        }
    }

    /// Parses the chunk table (once, on the first paragraph read: a search that prints no text
    /// never pays for it).
    private func loadChunks() throws {
        guard var ir = chunkIndex else { return }
        chunkIndex = nil
        var offset = chunksStart
        var first = 0
        let end = chunksEnd
        try readTable(&ir, offset: &offset, first: &first, end: end, what: "paragraph chunk",
                      into: &chunkFirst, &chunkOffset, &chunkCompressed, &chunkRaw)
        guard first == paragraphCount, ir.isAtEnd, offset == end else {
            chunkFirst = []
            throw GleanerError.corruptIndex(file: file, reason: "chunks hold \(first) paragraphs, index says \(paragraphCount)")
        }
    }

    /// The stored fields of local document `doc` (without `entities` unless asked: their
    /// names live in the facet dictionaries, inflated on first use; without the text, whose
    /// chunks are then not inflated, when `text` is false; with only the entities of
    /// `entityField` when it is given).
    public func document(_ doc: UInt32, entities: Bool = true, entityField: Field? = nil, text wantsText: Bool = true) throws -> StoredDocument {
        guard Int(doc) < documentCount, let b = StoredFieldsReader.lastAtOrBelow(blockFirst, doc) else {
            throw GleanerError.corruptIndex(file: file, reason: "no block for document \(doc)")
        }
        if b != cachedBlock {
            let src = UnsafeRawBufferPointer(rebasing: payload[blockOffset[b] ..< blockOffset[b] + blockCompressed[b]])
            guard let raw = blockInflater.decompress(src, rawLength: blockRaw[b]) else {
                throw GleanerError.corruptIndex(file: file, reason: "stored block \(b) does not decompress")
            }
            blockCache = raw
            cachedBlock = b
        }
        var stored = try blockCache.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: file)
            var current = blockFirst[b]
            while current < doc {
                let n = Int(try r.readVInt())
                for _ in 0 ..< n { _ = try r.readLengthPrefixed() }
                current += 1
            }
            return try StoredDocument.decode(&r, paragraphs: &refs, entities: entities, entityField: entityField,
                                             id: { try ids.id(doc) }, ordinals: { field in
                var own: [Int] = []
                facets.forEachOrdinal(field, doc: doc) { own.append($0) }
                return own
            }) { field, ordinal in
                guard ordinal < facets.valueCount(field) else {
                    throw GleanerError.corruptIndex(file: file, reason: "entity ordinal \(ordinal) of document \(doc) past the facet dictionary")
                }
                return facets.value(field, ordinal)
            }
        }
        if !wantsText { return stored }
        var text: [UInt8] = []
        for (i, id) in refs.enumerated() {
            if i > 0 { text.append(0x0A); text.append(0x0A) }
            try appendParagraph(id, to: &text)
        }
        stored.text = text
        return stored
    }

    /// Appends the bytes of paragraph `id` to `text`.
    ///
    /// A chunk entry is `VLong (length << 1)  u8[length]` (the paragraph's text) or `VLong
    /// (base << 1 | 1)  Bytes description`: a typographic variant of the earlier paragraph
    /// `base`, which is stored as text (`TypographicVariant`).
    func appendParagraph(_ id: UInt32, to text: inout [UInt8]) throws {
        let (isText, value, bytes) = try entry(id)
        if isText {
            text.append(contentsOf: bytes)
            return
        }
        guard value < UInt64(id) else { throw GleanerError.corruptIndex(file: file, reason: "paragraph \(id) is a variant of a later one") }
        let base = try entry(UInt32(value))
        guard base.isText else { throw GleanerError.corruptIndex(file: file, reason: "paragraph \(id) is a variant of a variant") }
        let fits = try base.bytes.withUnsafeBytes { b in
            try bytes.withUnsafeBytes { d in try TypographicVariant.apply(base: b, description: d, file: file, to: &text) }
        }
        guard fits else { throw GleanerError.corruptIndex(file: file, reason: "paragraph \(id) does not fit its base \(value)") }
    }

    /// Chunk entry `id`: whether it is text, the base of a variant, and its text or description.
    private func entry(_ id: UInt32) throws -> (isText: Bool, value: UInt64, bytes: [UInt8]) {
        if chunkIndex != nil { try loadChunks() }
        guard Int(id) < paragraphCount, let c = StoredFieldsReader.lastAtOrBelow(chunkFirst, id) else {
            throw GleanerError.corruptIndex(file: file, reason: "paragraph \(id) out of range")
        }
        if chunkCache[c] == nil {
            if chunkCache.count >= StoredFieldsReader.chunkCacheSize { chunkCache.removeAll(keepingCapacity: true) }
            let src = UnsafeRawBufferPointer(rebasing: payload[chunkOffset[c] ..< chunkOffset[c] + chunkCompressed[c]])
            guard let raw = chunkInflater.decompress(src, rawLength: chunkRaw[c]) else {
                throw GleanerError.corruptIndex(file: file, reason: "paragraph chunk \(c) does not decompress")
            }
            chunkCache[c] = raw
        }
        return try chunkCache[c]!.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: file)
            var n = chunkFirst[c]
            while true {
                let tag = try r.readVLong()
                let isText = tag & 1 == 0
                let body = isText ? try r.readSlice(Int(clamping: tag >> 1)) : try r.readLengthPrefixed()
                if n == id { return (isText, tag >> 1, Array(body)) }
                n += 1
            }
        }
    }

    /// Index of the last element of ascending `firsts` that is ≤ `value`.
    static func lastAtOrBelow(_ firsts: [UInt32], _ value: UInt32) -> Int? {
        var lo = 0, hi = firsts.count - 1, found: Int? = nil
        while lo <= hi {
            let mid = (lo + hi) / 2
            if firsts[mid] <= value { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }
}

/// Writes a segment's stored fields (`.store`, format 5): every distinct paragraph once,
/// documents as lists of paragraph references.
///
/// Paragraphs (the text cut at "\n\n", see `ParagraphSplitter`) are content-addressed
/// (`ParagraphKey`): a paragraph already stored in the segment — wire copy carried by several
/// sites, a re-saved story, a standard disclaimer — costs one reference. A new paragraph that
/// differs from a stored one only in typography (curly or straight quotes, dashes, spaces: see
/// `TypographicVariant`) is stored as a reference to that one plus a few bytes naming its
/// characters. Distinct paragraphs are packed in order of first appearance into chunks of ≥
/// `chunkBytes`, each one Zstandard frame compressed against a dictionary trained on the
/// segment's first `sampleBytes` of paragraphs, so a snippet inflates a few KiB instead of a
/// whole block. Document records (metadata, entities, references) go into blocks of ≥
/// `docBlockBytes`, compressed against a second dictionary trained on the segment's first
/// `sampleBytes` of records (records are alike: 13 % smaller blocks at 100,000 pages). Deleted documents' paragraphs disappear when a merge rebuilds
/// the table from live documents.
///
/// Memory: the compressed output, the key tables (≈ 120 bytes per distinct paragraph) and,
/// until the dictionaries are trained, up to `sampleBytes` of raw paragraphs and of records.
struct StoredFieldsWriter {
    static let chunkBytes = 8 * 1024
    static let docBlockBytes = 16 * 1024
    static let sampleBytes = 1 << 20
    static let dictionaryBytes = 64 * 1024
    /// The records' dictionary, at most (16 KiB gets 90 % of 64 KiB's gain at 100,000 pages).
    static let recordDictionaryBytes = 64 * 1024
    static let minimumSampleBytes = 64 * 1024
    /// The zstd level of scratch segments (`Compression.scratch`). Level 1 costs a 2,000-page
    /// build's workers 2.8 % of their instructions (6.8 MB of scratch text each into 2.9 MB);
    /// `--fast=100` (nearly raw frames, over 10× faster) was tried and not kept: the larger
    /// scratch stores raised the peak RSS by 80 MB at 100k pages (651 → 731 MB) for no clear
    /// gain in wall time.
    static let scratchLevel: Int32 = 1
    /// How a segment's stored text is compressed, by what becomes of the segment.
    enum Compression: Sendable {
        /// A build's per-core segments, merged before any commit names them: no dictionary, and
        /// `scratchLevel` (1) for chunks and document blocks (the merge decodes every document
        /// anyway).
        case scratch
        /// Segments flushed from ingest that a commit may name (a build that does not merge):
        /// level 3 chunks.
        case flushed
        /// A merge's output, the index's long-lived form: level 6 chunks (10k pages: 5 % smaller
        /// than level 3 for 0.3–0.9 s more merge time; level 9 saves 1.6 % more but doubles the
        /// store's share of the merge).
        case merged
    }

    private let segment: String
    private let compressor: ZstdCompressor
    private let plain: ZstdCompressor
    /// Exact paragraph keys → paragraph id.
    private var keys = ParagraphTable()
    /// Keys of normalised paragraphs (`TypographicVariant`) → the id of the first paragraph
    /// stored as text with that normalised form (the base of its variants).
    private var normalizedKeys = ParagraphTable()
    private var normalized: [UInt8] = []
    private var paragraphCount: UInt32 = 0
    /// Chunk entries waiting for the dictionary (concatenated), their lengths and whether each
    /// is a paragraph's text (the rest are variant entries, not trained on).
    private var sample: [UInt8] = []
    private var sampleSizes: [Int] = []
    private var sampleIsText: [Bool] = []
    private var sampleTextBytes = 0
    private var dictionary: [UInt8]?
    /// The open chunk (entries) and the compressed chunks so far.
    private var chunk = ByteWriter(capacity: chunkBytes * 2)
    private var chunkParagraphs = 0
    private var chunkData = ByteWriter(capacity: 1 << 20)
    private var chunkIndex: [(paragraphs: Int, compressed: Int, raw: Int)] = []
    /// The open document block and the compressed blocks so far.
    private var docBlock = ByteWriter(capacity: docBlockBytes * 2)
    private var docBlockDocs = 0
    private var docData = ByteWriter(capacity: 1 << 18)
    private var docIndex: [(docs: Int, compressed: Int, raw: Int)] = []
    /// The records' dictionary (nil until trained), the closed blocks waiting for it and the
    /// sizes of their records (the training samples).
    private var recordDictionary: [UInt8]?
    private var pendingBlocks: [(raw: [UInt8], docs: Int)] = []
    private var pendingRecordSizes: [Int] = []
    private var pendingRecordBytes = 0
    private var recordTraining: BackgroundTask<[UInt8]>?
    private var refs: [UInt32] = []
    private var entry = ByteWriter(capacity: 64)
    /// A merge's writer compresses its chunks (stream 0) and document blocks (stream 1) on a
    /// thread of their own (`BackgroundCompressor`: the same frames), so that its own thread,
    /// on the merge's critical path, only decodes, deduplicates and encodes; nil otherwise.
    private let background: BackgroundCompressor?
    /// Raw bytes handed to `background` (for `bufferedBytes`).
    private var backgroundBytes = 0
    /// A merge's dictionary, being trained on the sample entries buffered when it started (the
    /// entries buffered since are chunked after them, as if training had been instant).
    private var training: BackgroundTask<[UInt8]>?

    init(segment: String, compression: Compression = .flushed) {
        self.segment = segment
        switch compression {
        case .scratch:
            compressor = ZstdCompressor(level: StoredFieldsWriter.scratchLevel)
            plain = ZstdCompressor(level: StoredFieldsWriter.scratchLevel)
            dictionary = []
            recordDictionary = []
        case .flushed:
            compressor = ZstdCompressor(level: 3)
            plain = ZstdCompressor(level: 9)
        case .merged:
            compressor = ZstdCompressor(level: 6)
            plain = ZstdCompressor(level: 9)
        }
        background = compression == .merged ? BackgroundCompressor(compressors: [compressor, plain]) : nil
    }

    var bufferedBytes: Int {
        chunkData.count + docData.count + backgroundBytes / 3 + chunk.count + docBlock.count + sample.count + pendingRecordBytes
            + (keys.count + normalizedKeys.count) * 64
    }

    /// Adds `doc`; `entityRefs[i]` is the record's reference to `doc.entities[i]` from
    /// `FacetWriter.add` (nil: stored by name).
    mutating func add(_ doc: StoredDocument, entityRefs: [UInt32?]) {
        refs.removeAll(keepingCapacity: true)
        doc.text.withUnsafeBytes { text in
            ParagraphSplitter.forEach(text) { p in refs.append(paragraphId(p)) }
        }
        let before = docBlock.count
        doc.encode(into: &docBlock, paragraphs: refs, entityRefs: entityRefs)
        if recordDictionary == nil { pendingRecordSizes.append(docBlock.count - before) }
        docBlockDocs += 1
        if docBlock.count >= StoredFieldsWriter.docBlockBytes { flushDocBlock() }
    }

    /// The id of paragraph `p`, storing it when the segment does not have it yet: as a variant
    /// of a stored paragraph with the same normalised text, else as text.
    private mutating func paragraphId(_ p: UnsafeRawBufferPointer) -> UInt32 {
        let key = ParagraphKey(p)
        if let id = keys[key] { return id }
        let id = paragraphCount
        paragraphCount += 1
        keys.insertNew(key, id)
        let normalizedKey: ParagraphKey
        if TypographicVariant.hasNonRepresentative(p) {
            TypographicVariant.normalize(p, into: &normalized)
            normalizedKey = normalized.withUnsafeBytes { ParagraphKey($0) }
        } else {
            normalizedKey = key
        }
        entry.removeAll()
        if let base = normalizedKeys[normalizedKey] {
            // Entry := VLong (base << 1 | 1)  Bytes description
            var description = ByteWriter(capacity: 16)
            TypographicVariant.describe(p, into: &description)
            entry.writeVLong(UInt64(base) << 1 | 1)
            entry.writeLengthPrefixed(description.bytes)
            add(entry: entry.bytes, isText: false)
        } else {
            // Entry := VLong (length << 1)  u8[length]
            normalizedKeys.insertNew(normalizedKey, id)
            entry.writeVLong(UInt64(p.count) << 1)
            entry.writeBytes(p.bindMemory(to: UInt8.self))
            add(entry: entry.bytes, isText: true)
        }
        return id
    }

    /// Queues one chunk entry: into the sample until the dictionary is trained, then the chunk.
    /// A merge's writer trains on a thread of its own and goes on buffering entries meanwhile.
    private mutating func add(entry e: [UInt8], isText: Bool) {
        if dictionary == nil {
            sample.append(contentsOf: e)
            sampleSizes.append(e.count)
            sampleIsText.append(isText)
            if let training {
                if training.isDone { drainSample(dictionary: (try? training.value()) ?? []) }
                return
            }
            if isText { sampleTextBytes += e.count }
            if sampleTextBytes >= StoredFieldsWriter.sampleBytes {
                if background != nil {
                    let (samples, sizes) = trainingSample()
                    training = BackgroundTask { StoredFieldsWriter.trainDictionary(samples, sizes) }
                } else {
                    trainAndDrainSample()
                }
            }
        } else {
            append(e)
        }
    }

    /// Trains the dictionary on the buffered paragraph texts, then chunks every buffered entry
    /// in order.
    private mutating func trainAndDrainSample() {
        if let training {
            drainSample(dictionary: (try? training.value()) ?? [])
            return
        }
        let (samples, sizes) = trainingSample()
        drainSample(dictionary: StoredFieldsWriter.trainDictionary(samples, sizes))
    }

    /// The buffered paragraph texts to train on (those under 64 KiB: a giant one teaches little
    /// and costs time), concatenated, and their sizes.
    private func trainingSample() -> ([UInt8], [Int]) {
        var training: [UInt8] = []
        var trainingSizes: [Int] = []
        var start = 0
        for (size, isText) in zip(sampleSizes, sampleIsText) {
            if isText && size < 64 * 1024 {
                training.append(contentsOf: sample[start ..< start + size])
                trainingSizes.append(size)
            }
            start += size
        }
        return (training, trainingSizes)
    }

    /// The dictionary trained on `samples` (empty when they are too few to be worth it: zstd
    /// wants ≥ 10× more sample than dictionary).
    private static func trainDictionary(_ samples: [UInt8], _ sizes: [Int]) -> [UInt8] {
        samples.count < minimumSampleBytes ? [] :
            ZstdCompressor.trainDictionary(samples: samples, sizes: sizes, capacity: min(dictionaryBytes, samples.count / 10))
    }

    /// Starts compressing against `dict` and chunks every buffered entry in order.
    private mutating func drainSample(dictionary dict: [UInt8]) {
        training = nil
        dictionary = dict
        compressor.use(dictionary: dict)
        let buffered = sample
        var start = 0
        for size in sampleSizes {
            append(buffered[start ..< start + size])
            start += size
        }
        sample = []
        sampleSizes = []
        sampleIsText = []
        sampleTextBytes = 0
    }

    private mutating func append<C: Collection>(_ e: C) where C.Element == UInt8 {
        chunk.writeBytes(e)
        chunkParagraphs += 1
        if chunk.count >= StoredFieldsWriter.chunkBytes { flushChunk() }
    }

    private mutating func flushChunk() {
        guard chunkParagraphs > 0 else { return }
        if let background {
            background.submit(stream: 0, raw: chunk.bytes, items: chunkParagraphs)
            backgroundBytes += chunk.count
            chunk.removeAll()
            chunkParagraphs = 0
            return
        }
        let before = chunkData.count
        chunk.bytes.withUnsafeBytes { compressor.compress($0, appendingTo: &chunkData) }
        chunkIndex.append((chunkParagraphs, chunkData.count - before, chunk.count))
        chunk.removeAll()
        chunkParagraphs = 0
    }

    /// Closes the open document block: compressed when the records' dictionary is known, else
    /// kept until it is (trained once `sampleBytes` of records wait, in the background in a merge).
    private mutating func flushDocBlock() {
        guard docBlockDocs > 0 else { return }
        let raw = docBlock.bytes, docs = docBlockDocs
        docBlock.removeAll()
        docBlockDocs = 0
        guard recordDictionary == nil else {
            compressDocBlock(raw, docs: docs)
            return
        }
        pendingBlocks.append((raw, docs))
        pendingRecordBytes += raw.count
        if let recordTraining {
            if recordTraining.isDone { drainRecords(dictionary: (try? recordTraining.value()) ?? []) }
        } else if pendingRecordBytes >= StoredFieldsWriter.sampleBytes {
            let (samples, sizes) = (pendingBlocks.flatMap(\.raw), pendingRecordSizes)
            if background != nil {
                recordTraining = BackgroundTask { StoredFieldsWriter.trainRecordDictionary(samples, sizes) }
            } else {
                drainRecords(dictionary: StoredFieldsWriter.trainRecordDictionary(samples, sizes))
            }
        }
    }

    /// The records' dictionary trained on `samples` (one per record), empty when too few.
    private static func trainRecordDictionary(_ samples: [UInt8], _ sizes: [Int]) -> [UInt8] {
        samples.count < minimumSampleBytes ? [] :
            ZstdCompressor.trainDictionary(samples: samples, sizes: sizes, capacity: min(recordDictionaryBytes, samples.count / 10))
    }

    /// Compresses the waiting document blocks against `dict`, and every later one.
    private mutating func drainRecords(dictionary dict: [UInt8]) {
        recordTraining = nil
        recordDictionary = dict
        // No block of stream 1 was submitted yet: the background thread has not used `plain`.
        plain.use(dictionary: dict)
        let blocks = pendingBlocks
        pendingBlocks = []
        pendingRecordSizes = []
        pendingRecordBytes = 0
        for b in blocks { compressDocBlock(b.raw, docs: b.docs) }
    }

    /// Trains the records' dictionary (or waits for its training) and compresses the waiting blocks.
    private mutating func trainAndDrainRecords() {
        if let recordTraining {
            drainRecords(dictionary: (try? recordTraining.value()) ?? [])
            return
        }
        drainRecords(dictionary: StoredFieldsWriter.trainRecordDictionary(pendingBlocks.flatMap(\.raw), pendingRecordSizes))
    }

    private mutating func compressDocBlock(_ raw: [UInt8], docs: Int) {
        if let background {
            background.submit(stream: 1, raw: raw, items: docs)
            backgroundBytes += raw.count
            return
        }
        let before = docData.count
        raw.withUnsafeBytes { plain.compress($0, appendingTo: &docData) }
        docIndex.append((docs, docData.count - before, raw.count))
    }

    /// The whole file: header, dictionary, chunks, document blocks, index, trailer, footer.
    mutating func finish() -> [UInt8] {
        if dictionary == nil { trainAndDrainSample() }
        flushChunk()
        flushDocBlock()
        if recordDictionary == nil { trainAndDrainRecords() }
        if let background {
            let streams = background.finish()
            chunkData = streams[0].data
            chunkIndex = streams[0].frames.map { ($0.items, $0.compressed, $0.raw) }
            docData = streams[1].data
            docIndex = streams[1].frames.map { ($0.items, $0.compressed, $0.raw) }
        }
        let dict = dictionary ?? [], recordDict = recordDictionary ?? []
        var w = ByteWriter(capacity: dict.count + recordDict.count + chunkData.count + docData.count + 64 + 8 * (chunkIndex.count + docIndex.count))
        CodecFile.writeHeader(&w, codec: SegmentFiles.store.1, version: SegmentFiles.formatVersion, segment: segment)
        w.writeBytes(dict)
        w.writeBytes(recordDict)
        w.writeBytes(chunkData.bytes)
        w.writeBytes(docData.bytes)
        let indexOffset = UInt64(w.count)
        w.writeVInt(UInt32(dict.count))
        w.writeVInt(UInt32(recordDict.count))
        w.writeVInt(paragraphCount)
        w.writeVLong(UInt64(chunkData.count))
        // Document blocks first: a reader parses the (longer) chunk table only when it needs text.
        w.writeVInt(UInt32(docIndex.count))
        for b in docIndex {
            w.writeVInt(UInt32(b.docs))
            w.writeVInt(UInt32(b.compressed))
            w.writeVInt(UInt32(b.raw))
        }
        w.writeVInt(UInt32(chunkIndex.count))
        for c in chunkIndex {
            w.writeVInt(UInt32(c.paragraphs))
            w.writeVInt(UInt32(c.compressed))
            w.writeVInt(UInt32(c.raw))
        }
        w.writeUInt64(indexOffset)
        CodecFile.writeFooter(&w)
        return w.bytes
    }
}

/// The tagger's parameters: a feature-hashed weight table (2^rowBits rows × `NERTag.count`
/// scores), tag-transition scores and the lexicon its features read. Immutable after load and
/// shared read-only across threads; per-thread state lives in `NERTagger`.
///
/// File layout (codec `gleaner.ner`, see Docs/FORMAT.md): weights are stored as IEEE half
/// floats and widened to `Float` at load (one pass through a 64 K-entry table).
public final class NERModel: @unchecked Sendable {
    public static let codec = "gleaner.ner"
    public static let formatVersion = 1
    /// Version of the feature templates and hashing (`NERFeatures`, `FeatureHash`); a model is
    /// only usable with the same feature version.
    public static let featureVersion = 2

    /// log2 of the number of weight rows.
    public let rowBits: Int
    /// Row-major: row r holds the scores of the `NERTag.count` tags for every feature hashed to r.
    public let weights: [Float]
    /// `(NERTag.count + 1) × NERTag.count`: row 0 is the start of a sentence, row 1 + p follows tag p.
    public let transitions: [Float]
    public let lexicon: Lexicon
    /// The tagging table built from `weights`: row r holds, for the 8 entity tags (B-/I- of
    /// each type, `NERTag` raw values 1…8), the tag's weight minus the O weight, as `Int16`
    /// multiples of `scale`. Subtracting the O weight from every tag of a token changes no
    /// Viterbi decision, and the 16-byte rows never straddle a cache line: one memory access
    /// per feature instead of up to two, in a table half the size of the half-float file.
    /// On huge pages (`HugePageTable`): the rows are read at random, ~25 per scored token.
    let packed: HugePageTable<SIMD8<Int16>>
    /// The value of one `packed` unit (largest magnitude / 32,767).
    let scale: Float
    /// Free text recorded at training (command line, data), shown by `gleaner ner --model-info`.
    public let metadata: String

    public init(rowBits: Int, weights: [Float], transitions: [Float], lexicon: Lexicon, metadata: String) {
        precondition(rowBits >= 8 && rowBits <= 26, "rowBits out of range")
        precondition(weights.count == (1 << rowBits) * NERTag.count, "weights do not match rowBits")
        precondition(transitions.count == (NERTag.count + 1) * NERTag.count, "bad transition table")
        self.rowBits = rowBits
        self.weights = weights
        self.transitions = transitions
        self.lexicon = lexicon
        self.metadata = metadata
        (packed, scale) = NERModel.pack(weights, rows: 1 << rowBits)
    }

    /// Builds the tagging table (see `packed`). O(rows).
    static func pack(_ weights: [Float], rows: Int) -> (HugePageTable<SIMD8<Int16>>, Float) {
        let T = NERTag.count
        var largest: Float = 0
        for r in 0..<rows {
            let o = weights[r * T]
            for t in 1..<T { largest = max(largest, abs(weights[r * T + t] - o)) }
        }
        let scale = largest > 0 ? largest / 32767 : 1
        let inverse = 1 / scale
        let packed = HugePageTable<SIMD8<Int16>>(count: rows) { buf in
            weights.withUnsafeBufferPointer { w in
                for r in 0..<rows {
                    let o = w[r * T]
                    var v = SIMD8<Int16>()
                    for t in 0..<8 {
                        let x = (w[r * T + 1 + t] - o) * inverse   // |x| <= 32767
                        v[t] = Int16(x + (x < 0 ? -0.5 : 0.5))        // round half away from zero
                    }
                    buf[r] = v
                }
            }
        }
        return (packed, scale)
    }

    /// The weight row of a feature hash.
    @inline(__always)
    func row(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> UInt64(64 - rowBits)) }

    // MARK: - File

    /// Serialises the model: header, sizes, metadata, lexicon, transitions, half-float weights, footer.
    public func serialized() -> [UInt8] {
        var w = ByteWriter(capacity: weights.count * 2 + lexicon.count * 16 + 4096)
        CodecFile.writeHeader(&w, codec: NERModel.codec, version: NERModel.formatVersion, segment: "")
        w.writeUInt32(UInt32(NERModel.featureVersion))
        w.writeUInt32(UInt32(NERTag.count))
        w.writeUInt32(UInt32(rowBits))
        w.writeString(metadata)
        w.writeUInt32(UInt32(lexicon.count))
        for k in lexicon.keys { w.writeUInt64(k) }
        for v in lexicon.values { w.writeUInt64(v) }
        for t in transitions { w.writeUInt32(t.bitPattern) }
        var half = [UInt8](repeating: 0, count: weights.count * 2)
        half.withUnsafeMutableBytes { raw in
            for (i, x) in weights.enumerated() {
                raw.storeBytes(of: Float16(x).bitPattern.littleEndian, toByteOffset: i * 2, as: UInt16.self)
            }
        }
        w.writeBytes(half)
        CodecFile.writeFooter(&w)
        return w.bytes
    }

    /// Writes the model to `path` (write-temp, fsync, rename).
    public func write(to path: String) throws {
        try FileIO.replaceAtomically(serialized(), at: path)
    }

    /// Reads a model file, verifying its checksum. Throws `GleanerError` naming `path`.
    public static func read(path: String) throws -> NERModel {
        let file = try MappedFile(path: path)
        return try decode(file.bytes, file: path)
    }

    /// Decodes a serialised model (checks magic, codec, versions and CRC).
    public static func decode(_ data: UnsafeRawBufferPointer, file: String) throws -> NERModel {
        var r = try CodecFile.open(data, file: file, codec: codec, versions: formatVersion...formatVersion,
                                   segment: nil, verifyChecksum: true)
        let fv = Int(try r.readUInt32())
        guard fv == featureVersion else {
            throw GleanerError.corruptIndex(file: file, reason: "feature version \(fv), this build computes version \(featureVersion); retrain with `gleaner train-ner`")
        }
        let tagCount = Int(try r.readUInt32())
        guard tagCount == NERTag.count else {
            throw GleanerError.corruptIndex(file: file, reason: "\(tagCount) tags, expected \(NERTag.count)")
        }
        let bits = Int(try r.readUInt32())
        guard bits >= 8 && bits <= 26 else { throw GleanerError.corruptIndex(file: file, reason: "row bits \(bits) out of range") }
        let metadata = try r.readString()
        let lexCount = Int(try r.readUInt32())
        guard lexCount <= r.remaining / 16 else { throw GleanerError.corruptIndex(file: file, reason: "lexicon larger than file") }
        let keyBytes = try r.readSlice(lexCount * 8)
        let valueBytes = try r.readSlice(lexCount * 8)
        var keys = [UInt64](repeating: 0, count: lexCount)
        var values = [UInt64](repeating: 0, count: lexCount)
        for i in 0..<lexCount {
            keys[i] = UInt64(littleEndian: keyBytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            values[i] = UInt64(littleEndian: valueBytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            guard keys[i] != 0, i == 0 || keys[i] > keys[i - 1] else {
                throw GleanerError.corruptIndex(file: file, reason: "lexicon keys not ascending at entry \(i)")
            }
        }
        let transCount = (tagCount + 1) * tagCount
        var transitions = [Float](repeating: 0, count: transCount)
        for i in 0..<transCount { transitions[i] = Float(bitPattern: try r.readUInt32()) }
        let weightCount = (1 << bits) * tagCount
        guard r.remaining == weightCount * 2 else {
            throw GleanerError.corruptIndex(file: file, reason: "weight table is \(r.remaining) bytes, expected \(weightCount * 2)")
        }
        let half = try r.readSlice(weightCount * 2)
        let table = HalfTable.shared
        let weights = [Float](unsafeUninitializedCapacity: weightCount) { buf, n in
            table.values.withUnsafeBufferPointer { t in
                for i in 0..<weightCount {
                    buf[i] = t[Int(UInt16(littleEndian: half.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))]
                }
            }
            n = weightCount
        }
        return NERModel(rowBits: bits, weights: weights, transitions: transitions,
                        lexicon: Lexicon(sortedKeys: keys, values: values), metadata: metadata)
    }
}

/// Half-float → Float for every bit pattern (256 KiB, built once).
private final class HalfTable: Sendable {
    static let shared = HalfTable()
    let values: [Float]
    private init() {
        values = (0..<65536).map { Float(Float16(bitPattern: UInt16($0))) }
    }
}

import CZstd

/// Zstandard compression for stored fields: one-shot frames, optionally against a dictionary
/// trained on the segment's own text (`ZDICT_trainFromBuffer`), so that small frames (a few
/// KiB of paragraphs) compress about as well as large blocks while staying cheap to read.
///
/// Every frame carries zstd's content checksum (and no dictionary id), so a damaged frame is
/// caught when it is read, not only by `gleaner check`. One compressor per writer and one
/// decompressor per reader; neither is thread-safe.
final class ZstdCompressor: @unchecked Sendable {
    private let cctx: OpaquePointer
    private var cdict: OpaquePointer?
    /// Where frames are compressed before they are appended (see `compress`).
    private var output = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    let level: Int32

    init(level: Int32) {
        guard let c = ZSTD_createCCtx() else { preconditionFailure("zstd: out of memory") }
        cctx = c
        self.level = level
        ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)
        ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0)
    }

    deinit {
        ZSTD_freeCCtx(cctx)
        if let cdict { ZSTD_freeCDict(cdict) }
        output.deallocate()
    }

    /// Compresses from now on against `dictionary` (empty = no dictionary).
    func use(dictionary: [UInt8]) {
        if let cdict { ZSTD_freeCDict(cdict) }
        cdict = nil
        if !dictionary.isEmpty {
            cdict = dictionary.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, level) }
        }
        ZSTD_CCtx_refCDict(cctx, cdict)
    }

    /// One Zstandard frame of `raw`, appended to `out`. Compresses into the compressor's own
    /// output buffer, kept from frame to frame (grown to the largest bound seen), so no buffer
    /// is allocated or zero-filled per frame; only the frame's bytes are copied to `out`.
    func compress(_ raw: UnsafeRawBufferPointer, appendingTo out: inout ByteWriter) {
        let bound = ZSTD_compressBound(raw.count)
        if output.count < bound {
            output.deallocate()
            output = .allocate(byteCount: max(bound, 2 * output.count), alignment: 16)
        }
        let n = ZSTD_compress2(cctx, output.baseAddress, output.count, raw.baseAddress, raw.count)
        precondition(ZSTD_isError(n) == 0, "zstd compression failed")
        out.writeBytes(UnsafeBufferPointer(start: output.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
    }

    /// A dictionary of at most `capacity` bytes trained on `samples` (concatenated, lengths in
    /// `sizes`), or empty when zstd finds too little to learn from (few or tiny samples).
    static func trainDictionary(samples: [UInt8], sizes: [Int], capacity: Int) -> [UInt8] {
        guard sizes.count >= 8, samples.count >= 8 * 1024 else { return [] }
        var dict = [UInt8](repeating: 0, count: capacity)
        let sizeArray = sizes.map { Int($0) }
        let n = dict.withUnsafeMutableBytes { d in
            samples.withUnsafeBytes { s in
                sizeArray.withUnsafeBufferPointer { z in
                    ZDICT_trainFromBuffer(d.baseAddress, capacity, s.baseAddress, z.baseAddress, UInt32(z.count))
                }
            }
        }
        guard ZDICT_isError(n) == 0, n > 0 else { return [] }
        dict.removeSubrange(n...)
        return dict
    }
}

/// Decompresses Zstandard frames, against a dictionary when the file has one.
final class ZstdDecompressor: @unchecked Sendable {
    private let dctx: OpaquePointer
    private let ddict: OpaquePointer?

    /// `dictionary` is copied; an empty one means frames were written without a dictionary.
    init(dictionary: UnsafeRawBufferPointer) {
        guard let d = ZSTD_createDCtx() else { preconditionFailure("zstd: out of memory") }
        dctx = d
        ddict = dictionary.isEmpty ? nil : ZSTD_createDDict(dictionary.baseAddress, dictionary.count)
    }

    deinit {
        ZSTD_freeDCtx(dctx)
        if let ddict { ZSTD_freeDDict(ddict) }
    }

    /// The `rawLength` bytes of the frame `src`, or nil when it does not decompress to exactly that.
    /// The output is not zero-filled first: zstd writes every byte of a frame that decodes to
    /// exactly `rawLength` bytes, and any other outcome returns nil.
    func decompress(_ src: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: rawLength) { o, count in
            let n: Int
            if let ddict {
                n = ZSTD_decompress_usingDDict(dctx, o.baseAddress, o.count, src.baseAddress, src.count, ddict)
            } else {
                n = ZSTD_decompressDCtx(dctx, o.baseAddress, o.count, src.baseAddress, src.count)
            }
            ok = ZSTD_isError(n) == 0 && n == rawLength
            // Uninitialised bytes must never be exposed: a failed frame yields an empty array.
            count = ok ? rawLength : 0
        }
        return ok ? out : nil
    }
}

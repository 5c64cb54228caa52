/// A segment's document ids (`.ids`, format 5): front-coded in blocks of `blockSize`, so that
/// neighbouring ids, which come from neighbouring files ("2023/05/…"), share their prefix bytes.
///
/// ```
/// Ids   := Header VInt docCount  u32 blockStart[⌈docCount / 16⌉]  Entry{docCount}  Footer
/// Entry := first of a block: VInt length  u8[length]
///          otherwise:        VInt shared  VInt suffixLength  u8[suffixLength]
/// ```
/// `blockStart[b]` is where document `16·b`'s entry starts, relative to the first entry; an
/// entry other than a block's first repeats `shared` bytes of the previous id, then its suffix.
/// Reading one id decodes at most 16 entries; no decompression.
struct DocumentIds {
    static let blockSize = 16

    let docCount: Int
    let file: String
    /// `blockStart` (little-endian u32s) and the entries.
    private let starts: UnsafeRawBufferPointer
    private let entries: UnsafeRawBufferPointer

    /// Reads the table after the header (`r` at `docCount`); the entries run to the footer.
    init(_ r: inout ByteReader, docCount: Int, file: String) throws {
        self.file = file
        self.docCount = docCount
        guard Int(try r.readVInt()) == docCount else {
            throw GleanerError.corruptIndex(file: file, reason: "ids do not match \(docCount) documents")
        }
        let blocks = (docCount + DocumentIds.blockSize - 1) / DocumentIds.blockSize
        guard r.remaining >= blocks * 4 else { throw GleanerError.corruptIndex(file: file, reason: "id block table past end of file") }
        starts = UnsafeRawBufferPointer(rebasing: r.base[r.position ..< r.position + blocks * 4])
        entries = UnsafeRawBufferPointer(rebasing: r.base[(r.position + blocks * 4)...])
    }

    /// The id of local document `doc`.
    func id(_ doc: UInt32) throws -> String {
        guard Int(doc) < docCount else { throw corrupt("id of document \(doc) out of range") }
        var id: [UInt8] = []
        let b = Int(doc) / DocumentIds.blockSize
        try decodeBlock(b, through: Int(doc) - b * DocumentIds.blockSize, into: &id) { _, _ in true }
        return String(decoding: id, as: UTF8.self)
    }

    /// Calls `body(doc, idBytes)` for every document in order until it returns false.
    func forEach(_ body: (UInt32, [UInt8]) -> Bool) throws {
        var id: [UInt8] = []
        let blocks = (docCount + DocumentIds.blockSize - 1) / DocumentIds.blockSize
        for b in 0 ..< blocks {
            var more = true
            try decodeBlock(b, through: DocumentIds.blockSize - 1, into: &id) { doc, bytes in
                more = body(doc, bytes)
                return more
            }
            if !more { return }
        }
    }

    /// Decodes block `b`'s entries up to index `last` (or the block's end), leaving the last one
    /// decoded in `id` and calling `visit` with each (stopping when it returns false).
    private func decodeBlock(_ b: Int, through last: Int, into id: inout [UInt8], _ visit: (UInt32, [UInt8]) -> Bool) throws {
        let start = Int(UInt32(littleEndian: starts.loadUnaligned(fromByteOffset: b * 4, as: UInt32.self)))
        guard start <= entries.count else { throw corrupt("id block \(b) starts past end of file") }
        var r = ByteReader(entries, position: start, file: file)
        let first = b * DocumentIds.blockSize
        let end = min(docCount, first + last + 1)
        id.removeAll(keepingCapacity: true)
        for doc in first ..< end {
            if doc > first {
                let shared = Int(try r.readVInt())
                guard shared <= id.count else { throw corrupt("id of document \(doc) shares more than the previous one") }
                id.removeSubrange(shared...)
            }
            id.append(contentsOf: try r.readLengthPrefixed())
            if !visit(UInt32(doc), id) { return }
        }
    }

    /// Checks every entry (`gleaner check`): each block starts where its table says, the
    /// entries account for every byte up to the footer, every id is UTF-8.
    func verify() throws {
        var r = ByteReader(entries, file: file)
        var id: [UInt8] = []
        for doc in 0 ..< docCount {
            if doc % DocumentIds.blockSize == 0 {
                let b = doc / DocumentIds.blockSize
                let start = Int(UInt32(littleEndian: starts.loadUnaligned(fromByteOffset: b * 4, as: UInt32.self)))
                guard start == r.position else { throw corrupt("id block \(b) starts at \(start), its entries at \(r.position)") }
                id.removeAll(keepingCapacity: true)
            } else {
                let shared = Int(try r.readVInt())
                guard shared <= id.count else { throw corrupt("id of document \(doc) shares more than the previous one") }
                id.removeSubrange(shared...)
            }
            id.append(contentsOf: try r.readLengthPrefixed())
            guard String(validating: id, as: UTF8.self) != nil else { throw corrupt("id of document \(doc) is not UTF-8") }
        }
        guard r.isAtEnd else { throw corrupt("\(r.remaining) bytes after the last id") }
    }

    private func corrupt(_ reason: String) -> GleanerError { .corruptIndex(file: file, reason: reason) }
}

/// Builds a `.ids` file's table (see `DocumentIds`): ids are added in document order.
struct DocumentIdsWriter {
    private var starts = ByteWriter()
    private var entries = ByteWriter()
    private var previous: [UInt8] = []
    private(set) var count = 0

    /// Bytes held, approximately.
    var bufferedBytes: Int { starts.count + entries.count }

    mutating func add(_ id: String) {
        let bytes = Array(id.utf8)
        if count % DocumentIds.blockSize == 0 {
            starts.writeUInt32(UInt32(entries.count))
            entries.writeLengthPrefixed(bytes)
        } else {
            var shared = 0
            let n = min(previous.count, bytes.count)
            while shared < n && previous[shared] == bytes[shared] { shared += 1 }
            entries.writeVInt(UInt32(shared))
            entries.writeLengthPrefixed(bytes[shared...])
        }
        previous = bytes
        count += 1
    }

    /// Appends `VInt docCount`, the block table and the entries.
    func write(into w: inout ByteWriter) {
        precondition(entries.count <= Int(UInt32.max), "ids exceed 4 GiB")
        w.writeVInt(UInt32(count))
        w.writeBytes(starts.bytes)
        w.writeBytes(entries.bytes)
    }
}

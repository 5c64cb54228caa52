/// What the index knows of every input file: its signature (size, mtime, content CRC) and
/// where its documents are, so that the next build re-reads only new and changed files.
///
/// Written as `sources_<generation>` (codec `gleaner.sources`), named by the manifest:
/// `VInt count`, then per file: `String path`, `VLong size`, `VLong mtime` (ns, two's
/// complement), `u32 crc32`, `String segment` (empty when the file gave no document),
/// `VInt firstDoc`, `VInt docCount`, `String problem` (empty when none).
public struct SourceTable: Sendable {
    public static let codec = "gleaner.sources"

    /// One input file.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var size: Int
        public var mtime: Int64
        public var crc32: UInt32
        public var segment: String
        public var firstDoc: Int
        public var docCount: Int
        /// Why the file gave no document (reported again while it stays unchanged).
        public var problem: String
    }

    public var entries: [String: Entry] = [:]

    public init() {}

    public func encoded(generation: Int) -> [UInt8] {
        var w = ByteWriter(capacity: entries.count * 64 + 64)
        CodecFile.writeHeader(&w, codec: SourceTable.codec, version: 1, segment: "g\(generation)")
        w.writeVInt(UInt32(entries.count))
        for key in entries.keys.sorted() {
            let e = entries[key]!
            w.writeString(e.path)
            w.writeVLong(UInt64(e.size))
            w.writeVLong(UInt64(bitPattern: e.mtime))
            w.writeUInt32(e.crc32)
            w.writeString(e.segment)
            w.writeVInt(UInt32(e.firstDoc))
            w.writeVInt(UInt32(e.docCount))
            w.writeString(e.problem)
        }
        CodecFile.writeFooter(&w)
        return w.bytes
    }

    public static func read(_ path: String) throws -> SourceTable {
        let bytes = try FileIO.read(path)
        return try bytes.withUnsafeBytes { buf in
            var r = try CodecFile.open(buf, file: path, codec: codec, versions: 1 ... 1, segment: nil, verifyChecksum: true)
            var t = SourceTable()
            let n = Int(try r.readVInt())
            for _ in 0 ..< n {
                let e = Entry(path: try r.readString(), size: Int(try r.readVLong()), mtime: Int64(bitPattern: try r.readVLong()),
                              crc32: try r.readUInt32(), segment: try r.readString(), firstDoc: Int(try r.readVInt()),
                              docCount: Int(try r.readVInt()), problem: try r.readString())
                t.entries[e.path] = e
            }
            return t
        }
    }
}

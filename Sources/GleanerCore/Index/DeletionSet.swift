/// The documents of a segment that are deleted (their file changed or went away): a bitset
/// written copy-on-write as `<segment>_d<generation>.del` and named by the manifest.
///
/// Layout: header (codec `gleaner.deletes`), `VInt docCount`, `VInt deletedCount`,
/// `u8 bits[(docCount + 7) / 8]` (bit `d % 8` of byte `d / 8` set = deleted), footer.
public struct DeletionSet: Sendable, Equatable {
    public static let codec = "gleaner.deletes"
    public private(set) var bits: [UInt8]
    public let docCount: Int
    public private(set) var count = 0

    public init(docCount: Int) {
        self.docCount = docCount
        bits = [UInt8](repeating: 0, count: (docCount + 7) / 8)
    }

    @inline(__always)
    public func contains(_ doc: Int) -> Bool { bits[doc >> 3] & (1 << UInt8(doc & 7)) != 0 }

    public mutating func insert(_ doc: Int) {
        guard doc < docCount, !contains(doc) else { return }
        bits[doc >> 3] |= 1 << UInt8(doc & 7)
        count += 1
    }

    public func encoded(segment: String) -> [UInt8] {
        var w = ByteWriter(capacity: bits.count + 64)
        CodecFile.writeHeader(&w, codec: DeletionSet.codec, version: 1, segment: segment)
        w.writeVInt(UInt32(docCount))
        w.writeVInt(UInt32(count))
        w.writeBytes(bits)
        CodecFile.writeFooter(&w)
        return w.bytes
    }

    public static func read(_ path: String, segment: String, docCount: Int) throws -> DeletionSet {
        let bytes = try FileIO.read(path)
        return try bytes.withUnsafeBytes { buf in
            var r = try CodecFile.open(buf, file: path, codec: codec, versions: 1 ... 1, segment: segment, verifyChecksum: true)
            let n = Int(try r.readVInt())
            let c = Int(try r.readVInt())
            guard n == docCount else { throw GleanerError.corruptIndex(file: path, reason: "covers \(n) documents, segment has \(docCount)") }
            let slice = try r.readSlice((n + 7) / 8)
            var d = DeletionSet(docCount: n)
            d.bits = Array(slice)
            d.count = (0 ..< n).reduce(0) { $0 + (d.contains($1) ? 1 : 0) }
            guard d.count == c else { throw GleanerError.corruptIndex(file: path, reason: "deleted count \(c) does not match its bits (\(d.count))") }
            return d
        }
    }
}

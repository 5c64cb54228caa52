/// Names and versions of the files that make one segment (see Docs/FORMAT.md).
///
/// | extension | codec name | holds |
/// |---|---|---|
/// | `.terms` | `gleaner.terms` | sorted term dictionary in front-coded blocks + block index |
/// | `.post` | `gleaner.postings` | per term: skip table, then doc deltas and frequencies in blocks of 128 (patched bit packing; the last block Rice-coded) |
/// | `.pos` | `gleaner.positions` | per term and block: token positions, Rice-coded in chunks of 128; body terms: per unit (paragraph) |
/// | `.units` | `gleaner.units` | body units: each document's units, each unit's documents |
/// | `.norms` | `gleaner.norms` | one length byte per document and field |
/// | `.store` | `gleaner.store` | stored fields: distinct paragraphs in zstd chunks, document records |
/// | `.ids` | `gleaner.ids` | document ids, front-coded in blocks of 16 (`DocumentIds`) |
/// | `.dv` | `gleaner.docvalues` | per-document fixed-width values: date, SimHash |
/// | `.facets` | `gleaner.facets` | facet value dictionaries (zstd) and bit-packed per-document ordinals |
public enum SegmentFiles {
    public static let formatVersion = 5
    public static let supported = 5 ... 5

    public static let terms = ("terms", "gleaner.terms")
    public static let postings = ("post", "gleaner.postings")
    public static let positions = ("pos", "gleaner.positions")
    public static let units = ("units", "gleaner.units")
    public static let norms = ("norms", "gleaner.norms")
    public static let store = ("store", "gleaner.store")
    public static let ids = ("ids", "gleaner.ids")
    public static let docValues = ("dv", "gleaner.docvalues")
    public static let facets = ("facets", "gleaner.facets")

    public static let all = [terms, postings, positions, units, norms, store, ids, docValues, facets]

    public static func fileName(_ segment: String, _ ext: String) -> String { "\(segment).\(ext)" }
}

/// What the manifest records of one segment.
public struct SegmentInfo: Codable, Sendable, Equatable {
    public var name: String
    public var docCount: Int
    /// Sum of token counts per field (indexed by `Field.rawValue`), for average lengths.
    public var fieldLengthSums: [Int]
    public var files: [FileEntry]
    /// The segment's deletion bitset file, when some of its documents are deleted.
    public var deletions: FileEntry? = nil
    /// Number of deleted documents.
    public var deletedCount: Int = 0

    /// Documents not deleted.
    public var liveCount: Int { docCount - deletedCount }

    /// One file of the segment with its size and CRC-32 (cross-checked by `gleaner check`).
    /// `crc32` is the checksum the file's footer carries — the CRC-32 of every byte before the
    /// footer's last four — not the CRC of the whole file, which is the same constant for every
    /// file that ends with its own CRC and so would tell nothing.
    public struct FileEntry: Codable, Sendable, Equatable {
        public var name: String
        public var size: Int
        public var crc32: UInt32

        public init(name: String, size: Int, crc32: UInt32) {
            self.name = name
            self.size = size
            self.crc32 = crc32
        }

        /// The entry of a file just written as `bytes` (header … footer): its footer's CRC,
        /// which `CodecFile.writeFooter` computed over the same bytes, read back rather than
        /// computed again when the footer's magic is in place.
        public init(name: String, bytes: [UInt8]) {
            self.init(name: name, size: bytes.count, crc32: FileEntry.footerCRC(bytes) ?? FileEntry.contentCRC(bytes))
        }

        /// The CRC field of a `CodecFile` footer ending `bytes`, or nil when there is none.
        static func footerCRC(_ bytes: [UInt8]) -> UInt32? {
            guard bytes.count >= CodecFile.footerLength else { return nil }
            return bytes.withUnsafeBytes { b in
                let n = b.count
                guard UInt32(littleEndian: b.loadUnaligned(fromByteOffset: n - 8, as: UInt32.self)) == CodecFile.footerMagic else { return nil }
                return UInt32(littleEndian: b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            }
        }

        /// The CRC-32 of `bytes` without their last four (a footer's own checksum field).
        public static func contentCRC(_ bytes: [UInt8]) -> UInt32 {
            bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0.prefix(max(0, $0.count - 4)))) }
        }
    }
}

/// An open index: the manifest's segments, with global statistics for scoring.
///
/// Opening reads `MANIFEST` and maps every segment. When a concurrent build commits and deletes
/// the old segments between those two steps, the open is retried against the new manifest, so
/// a reader always sees one complete commit.
public final class IndexReader {
    public let directory: String
    public let manifest: Manifest
    public let segments: [SegmentReader]
    /// Global doc id of each segment's first document.
    public let docBases: [Int]

    public var documentCount: Int { manifest.documentCount }

    public init(directory: String, verifyAll: Bool = false) throws {
        self.directory = directory
        var attempt = 0
        while true {
            let m = try Manifest.read(from: directory)
            do {
                var segs: [SegmentReader] = []
                for info in m.segments { segs.append(try SegmentReader(directory: directory, info: info, verifyAll: verifyAll)) }
                manifest = m
                segments = segs
                docBases = IndexReader.docBases(segs)
                return
            } catch let GleanerError.io(path, code, op) where code == ENOENT && attempt < 5 {
                attempt += 1
                _ = (path, op)
                continue
            }
        }
    }

    /// Opens the segments of `manifest`, a commit being prepared (not yet the directory's
    /// `MANIFEST`): the indexer computes the commit's entity catalog through it.
    init(directory: String, manifest: Manifest) throws {
        self.directory = directory
        self.manifest = manifest
        segments = try manifest.segments.map { try SegmentReader(directory: directory, info: $0, verifyAll: false) }
        docBases = IndexReader.docBases(segments)
    }

    /// The global doc id of each segment's first document.
    private static func docBases(_ segments: [SegmentReader]) -> [Int] {
        var bases: [Int] = []
        var b = 0
        for s in segments { bases.append(b); b += s.docCount }
        return bases
    }

    /// The corpus's entity catalog: the commit's `entities_<generation>` file when the manifest
    /// names one, else built from the facet dictionaries (indexes committed before the file
    /// existed). Throws `corruptIndex` naming the file when it is damaged.
    public func loadEntityCatalog() throws -> EntityCatalog {
        guard let e = manifest.entities else { return EntityCatalog(reader: self) }
        return try EntityCatalogFile.read(directory + "/" + e.name, reader: self)
    }

    /// Average length of `field` over all documents.
    public func averageLength(_ field: Field) -> Double {
        let total = manifest.segments.reduce(0) { $0 + (Int(field.rawValue) < $1.fieldLengthSums.count ? $1.fieldLengthSums[Int(field.rawValue)] : 0) }
        let docs = manifest.segments.reduce(0) { $0 + $1.docCount }
        return docs == 0 ? 0 : Double(total) / Double(docs)
    }

    /// Number of documents containing `term` in `field`, over all segments.
    public func docFreq(field: Field, term: [UInt8]) throws -> Int {
        var n = 0
        for s in segments { n += Int(try s.termInfo(field: field, term: term)?.docFreq ?? 0) }
        return n
    }

    /// The stored fields of a global document id; `entities: false` leaves `entities` empty
    /// and skips inflating the facet dictionaries that hold their names (snippets, feedback).
    public func document(_ globalDoc: Int, entities: Bool = true) throws -> StoredDocument {
        let (s, local) = locate(globalDoc)
        return try segments[s].store.document(UInt32(local), entities: entities)
    }

    /// The id of a global document id (cheap: no stored-field decompression).
    public func id(_ globalDoc: Int) throws -> String {
        let (s, local) = locate(globalDoc)
        return try segments[s].id(UInt32(local))
    }

    /// (segment index, local id) of a global document id.
    public func locate(_ globalDoc: Int) -> (Int, Int) {
        var lo = 0, hi = docBases.count - 1, s = 0
        while lo <= hi {
            let mid = (lo + hi) / 2
            if docBases[mid] <= globalDoc { s = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return (s, globalDoc - docBases[s])
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// An open, immutable segment: its memory-mapped files and the readers over them.
///
/// Files up to `verifyLimit` (64 KiB) have their CRC checked at open; larger ones are checked by
/// `IndexReader.check()` (`gleaner check`), so opening a large index stays fast: at 1 MiB the
/// checks read 5 MB of a 100,000-page index (ids, doc values, norms) on every `gleaner search`,
/// about 19 M instructions, a sixth of a cold search. Reads stay bounds-checked (a damaged
/// offset or length is a one-line "corrupt index" error) and postings and positions are checked
/// as they decode.
public final class SegmentReader {
    public static let verifyLimit = 1 << 16

    public let info: SegmentInfo
    public let terms: TermDictionaryReader
    public let store: StoredFieldsReader
    let postings: UnsafeRawBufferPointer
    let positions: UnsafeRawBufferPointer
    /// Body units: documents to units and back (`.units`).
    let units: UnitTable
    let norms: UnsafeRawBufferPointer
    let normsFieldCount: Int
    /// Document ids (front-coded `.ids`).
    let ids: DocumentIds
    let dateValues: UnsafeRawBufferPointer
    let simhashValues: UnsafeRawBufferPointer
    /// Facet values (site, entities) per document.
    public let facets: FacetReader
    /// Deleted documents, when the segment has any.
    public let deletions: DeletionSet?
    private let mappings: [MappedFile]

    public var docCount: Int { info.docCount }

    /// Drops the pages of the files with extensions `exts` from the resident set (see
    /// `MappedFile.dropResidentPages`); they read as before.
    func dropResidentPages(_ exts: [String]) {
        for m in mappings where exts.contains(where: { m.path.hasSuffix("." + $0) }) { m.dropResidentPages() }
    }

    public init(directory: String, info: SegmentInfo, verifyAll: Bool = false) throws {
        self.info = info
        var maps: [String: MappedFile] = [:]
        for (ext, _) in SegmentFiles.all {
            let name = SegmentFiles.fileName(info.name, ext)
            let path = directory + "/" + name
            let m = try MappedFile(path: path)
            if let entry = info.files.first(where: { $0.name == name }), entry.size != m.bytes.count {
                throw GleanerError.corruptIndex(file: path, reason: "size \(m.bytes.count) differs from the manifest's \(entry.size)")
            }
            maps[ext] = m
        }
        func verify(_ ext: String) -> Bool { verifyAll || maps[ext]!.bytes.count <= SegmentReader.verifyLimit }
        func path(_ ext: String) -> String { directory + "/" + SegmentFiles.fileName(info.name, ext) }
        terms = try TermDictionaryReader(data: maps["terms"]!.bytes, file: path("terms"), segment: info.name, verify: verify("terms"))
        var fr = try CodecFile.open(maps["facets"]!.bytes, file: path("facets"), codec: SegmentFiles.facets.1,
                                    versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("facets"))
        facets = try FacetReader(&fr, docCount: info.docCount)
        var ir = try CodecFile.open(maps["ids"]!.bytes, file: path("ids"), codec: SegmentFiles.ids.1,
                                    versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("ids"))
        ids = try DocumentIds(&ir, docCount: info.docCount, file: path("ids"))
        store = try StoredFieldsReader(data: maps["store"]!.bytes, file: path("store"), segment: info.name, verify: verify("store"),
                                       facets: facets, ids: ids)
        guard store.documentCount == info.docCount else {
            throw GleanerError.corruptIndex(file: path("store"), reason: "\(store.documentCount) documents, manifest says \(info.docCount)")
        }
        postings = try CodecFile.open(maps["post"]!.bytes, file: path("post"), codec: SegmentFiles.postings.1,
                                      versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("post")).base
        positions = try CodecFile.open(maps["pos"]!.bytes, file: path("pos"), codec: SegmentFiles.positions.1,
                                       versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("pos")).base
        var ur = try CodecFile.open(maps["units"]!.bytes, file: path("units"), codec: SegmentFiles.units.1,
                                    versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("units"))
        units = try UnitTable(&ur, docCount: info.docCount)
        var nr = try CodecFile.open(maps["norms"]!.bytes, file: path("norms"), codec: SegmentFiles.norms.1,
                                    versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("norms"))
        normsFieldCount = Int(try nr.readVInt())
        let docs = Int(try nr.readVInt())
        guard docs == info.docCount, normsFieldCount >= Field.allCases.count, nr.remaining >= normsFieldCount * docs else {
            throw GleanerError.corruptIndex(file: path("norms"), reason: "norms do not match \(info.docCount) documents")
        }
        norms = UnsafeRawBufferPointer(rebasing: nr.base[nr.position ..< nr.position + normsFieldCount * docs])
        var dr = try CodecFile.open(maps["dv"]!.bytes, file: path("dv"), codec: SegmentFiles.docValues.1,
                                    versions: SegmentFiles.supported, segment: info.name, verifyChecksum: verify("dv"))
        guard Int(try dr.readVInt()) == docs, dr.remaining >= docs * 12 else {
            throw GleanerError.corruptIndex(file: path("dv"), reason: "doc values do not match \(info.docCount) documents")
        }
        dateValues = UnsafeRawBufferPointer(rebasing: dr.base[dr.position ..< dr.position + docs * 4])
        simhashValues = UnsafeRawBufferPointer(rebasing: dr.base[(dr.position + docs * 4) ..< (dr.position + docs * 12)])
        if let d = info.deletions {
            deletions = try DeletionSet.read(directory + "/" + d.name, segment: info.name, docCount: docs)
        } else {
            deletions = nil
        }
        guard terms.termCount >= 0 else { throw GleanerError.corruptIndex(file: path("terms"), reason: "negative term count") }
        mappings = Array(maps.values)
    }

    /// Whether local document `doc` is deleted.
    @inline(__always)
    public func isDeleted(_ doc: UInt32) -> Bool { deletions?.contains(Int(doc)) ?? false }

    /// The id of local document `doc` (at most 16 front-coded entries decoded, no decompression).
    public func id(_ doc: UInt32) throws -> String { try ids.id(doc) }

    /// Publication day of local document `doc` (`CalendarDay.unknown` when undated).
    @inline(__always)
    public func date(_ doc: UInt32) -> Int32 {
        Int32(bitPattern: UInt32(littleEndian: dateValues.loadUnaligned(fromByteOffset: Int(doc) * 4, as: UInt32.self)))
    }

    /// SimHash of local document `doc`'s body.
    @inline(__always)
    public func simhash(_ doc: UInt32) -> UInt64 {
        UInt64(littleEndian: simhashValues.loadUnaligned(fromByteOffset: Int(doc) * 8, as: UInt64.self))
    }

    /// The quantised length code of `field` in local document `doc`.
    @inline(__always)
    public func norm(_ field: Field, _ doc: UInt32) -> UInt8 {
        norms[Int(field.rawValue) * info.docCount + Int(doc)]
    }

    /// An iterator over the postings of `term` in `field`, or nil when absent.
    public func postings(field: Field, term: [UInt8], positions: Bool) throws -> PostingsIterator? {
        var key = [field.rawValue]
        key.append(contentsOf: term)
        guard let info = try terms.lookup(key) else { return nil }
        return postings(info, positions: positions)
    }

    /// An iterator over the postings a dictionary entry of this segment points to.
    public func postings(_ info: TermInfo, positions: Bool) -> PostingsIterator {
        PostingsIterator(postings: self.postings, positions: self.positions, info: info, needsPositions: positions)
    }

    /// The term's statistics in `field`, or nil.
    public func termInfo(field: Field, term: [UInt8]) throws -> TermInfo? {
        var key = [field.rawValue]
        key.append(contentsOf: term)
        return try terms.lookup(key)
    }
}

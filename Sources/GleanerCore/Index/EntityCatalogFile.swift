/// The corpus's `EntityCatalog` as computed when a build commits, so that a search with entity
/// facets or `gleaner entities` loads it instead of rebuilding it from every facet dictionary.
///
/// Written as `entities_<generation>` (codec `gleaner.entities`, version 1), named by the
/// manifest; header segment name `g<generation>`. After the header: `VInt entityCount`,
/// `VInt segmentCount`, `VLong rawLength`, then one zstd frame of `rawLength` bytes:
/// - per entity, in id order: `u8 type` (`EntityType` raw value), `String name`,
///   `VInt variantCount`, `String variant` × variantCount (sorted);
/// - per segment, in manifest order: `String segmentName`, then per entity field (person,
///   organization, place, misc): `VInt valueCount` (the segment's facet dictionary size) and
///   `VInt entityID + 1` × valueCount, facet ordinal order (0: no live document has the value).
///
/// A catalog belongs to the segments (and deletions) of the commit that wrote it: segment names
/// and dictionary sizes are checked against the open segments when it is read. A later commit
/// that changed nothing (an incremental build with no new, changed or deleted file) names the
/// same file again rather than writing an identical one.
public enum EntityCatalogFile {
    public static let codec = "gleaner.entities"
    /// Version of the file's layout (the header's version).
    static let version = 1
    /// The file name of a commit's catalog.
    public static func fileName(generation: Int) -> String { "entities_\(generation)" }

    /// Encodes `catalog`, whose ordinal maps cover `segments`, for commit `generation`.
    static func encoded(_ catalog: EntityCatalog, segments: [SegmentReader], generation: Int) -> [UInt8] {
        var raw = ByteWriter(capacity: catalog.entities.count * 24 + 64)
        for e in catalog.entities {
            raw.writeByte(e.type.rawValue)
            raw.writeString(e.name)
            raw.writeVInt(UInt32(e.variants.count))
            for v in e.variants { raw.writeString(v) }
        }
        for s in segments {
            raw.writeString(s.info.name)
            let columns = catalog.columns(s)
            for field in Field.entityFields {
                let map = columns[field] ?? []
                raw.writeVInt(UInt32(map.count))
                for id in map { raw.writeVInt(UInt32(id + 1)) }
            }
        }
        var w = ByteWriter(capacity: raw.count / 3 + 64)
        CodecFile.writeHeader(&w, codec: codec, version: version, segment: "g\(generation)")
        w.writeVInt(UInt32(catalog.entities.count))
        w.writeVInt(UInt32(segments.count))
        w.writeVLong(UInt64(raw.count))
        raw.bytes.withUnsafeBytes { ZstdCompressor(level: 3).compress($0, appendingTo: &w) }
        CodecFile.writeFooter(&w)
        return w.bytes
    }

    /// Whether the file at `path` is a catalog whose header and checksum hold.
    static func isIntact(_ path: String) -> Bool {
        guard let bytes = try? FileIO.read(path) else { return false }
        return bytes.withUnsafeBytes { buf in
            (try? CodecFile.open(buf, file: path, codec: codec, versions: version ... version, segment: nil, verifyChecksum: true)) != nil
        }
    }

    /// Reads the catalog at `path` for `reader`'s segments, verifying its checksum and that it
    /// describes exactly those segments. Throws `corruptIndex` naming the file otherwise.
    public static func read(_ path: String, reader: IndexReader) throws -> EntityCatalog {
        let bytes = try FileIO.read(path)
        return try bytes.withUnsafeBytes { buf in
            var h = try CodecFile.open(buf, file: path, codec: codec, versions: version ... version, segment: nil, verifyChecksum: true)
            let entityCount = Int(try h.readVInt())
            let segmentCount = Int(try h.readVInt())
            let rawLength = Int(try h.readVLong())
            guard segmentCount == reader.segments.count else {
                throw GleanerError.corruptIndex(file: path, reason: "catalog of \(segmentCount) segments, the index has \(reader.segments.count)")
            }
            guard rawLength <= 1 << 34, entityCount <= rawLength,
                  let raw = ZstdDecompressor(dictionary: UnsafeRawBufferPointer(start: nil, count: 0))
                      .decompress(UnsafeRawBufferPointer(rebasing: h.base[h.position...]), rawLength: rawLength) else {
                throw GleanerError.corruptIndex(file: path, reason: "entity catalog does not decompress")
            }
            return try raw.withUnsafeBytes { rb in
                var r = ByteReader(rb, file: path)
                var entities: [EntityCatalog.Entity] = []
                entities.reserveCapacity(entityCount)
                for _ in 0 ..< entityCount {
                    guard let type = EntityType(rawValue: try r.readByte()) else { throw r.corrupt("unknown entity type") }
                    let name = try r.readString()
                    let n = Int(try r.readVInt())
                    guard n <= rb.count else { throw r.corrupt("variant count \(n) past the end") }
                    var variants: [String] = []
                    variants.reserveCapacity(n)
                    for _ in 0 ..< n { variants.append(try r.readString()) }
                    entities.append(EntityCatalog.Entity(name: name, type: type, variants: variants))
                }
                var columns: [[Field: [Int32]]] = []
                for s in reader.segments {
                    let name = try r.readString()
                    guard name == s.info.name else { throw r.corrupt("segment '\(name)' where the index has '\(s.info.name)'") }
                    var c: [Field: [Int32]] = [:]
                    for field in Field.entityFields {
                        let n = Int(try r.readVInt())
                        guard n == s.facets.valueCount(field) else {
                            throw r.corrupt("\(field.name) map of segment '\(name)' has \(n) values, its dictionary \(s.facets.valueCount(field))")
                        }
                        var map = [Int32](repeating: -1, count: n)
                        for o in 0 ..< n {
                            let id = Int(try r.readVInt())
                            guard id <= entityCount else { throw r.corrupt("entity id \(id - 1) of \(entityCount)") }
                            map[o] = Int32(id - 1)
                        }
                        c[field] = map
                    }
                    columns.append(c)
                }
                guard r.isAtEnd else { throw r.corrupt("entity catalog longer than its counts") }
                return EntityCatalog(entities: entities, segments: reader.segments, columns: columns)
            }
        }
    }
}

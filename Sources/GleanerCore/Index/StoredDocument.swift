/// The stored (retrievable) fields of one document, as kept in a segment's `.store` file.
///
/// On disk a record is `VInt fieldCount` then each field as VInt length + bytes, in the order of
/// `StoredDocument.fieldOrder`, the text as references to the segment's paragraphs; readers
/// ignore fields past the ones they know and treat missing ones as empty, so later versions can
/// append fields.
public struct StoredDocument: Sendable, Equatable {
    public var id: String
    public var path: String
    public var title: String
    public var author: String
    /// ISO date `YYYY-MM-DD` or "".
    public var date: String
    public var site: String
    public var url: String
    public var language: String
    public var text: [UInt8]
    /// The document's entities (canonical name, type as an entity field, mention count).
    public var entities: [StoredEntity] = []

    public static let fieldOrder = ["id", "path", "title", "author", "date", "site", "url", "language", "paragraphs", "entities"]

    public init(id: String, path: String, title: String = "", author: String = "", date: String = "",
                site: String = "", url: String = "", language: String = "", text: [UInt8] = []) {
        self.id = id
        self.path = path
        self.title = title
        self.author = author
        self.date = date
        self.site = site
        self.url = url
        self.language = language
        self.text = text
    }

    /// Builds the stored form of an extracted article.
    public init(id: String, path: String, article: Article) {
        self.init(id: id, path: path, title: article.title, author: article.author ?? "", date: article.date ?? "",
                  site: article.siteName ?? "", url: article.url ?? "", language: article.language ?? "", text: article.body)
    }

    /// Calls `body` with each non-empty value of value field `field` in the order the field's
    /// positions count them (`DocumentInverter` indexes them `Field.valueGap` apart): `site` is
    /// the site name then the URL's host; `author` and `language` their one value; then the names
    /// of the document's entities of the field, in the document's order. Nothing for body and title.
    public func forEachValue(of field: Field, _ body: (String) throws -> Void) rethrows {
        switch field {
        case .body, .title: return
        case .site:
            if !site.isEmpty { try body(site) }
            let host = DocumentInverter.host(of: url)
            if !host.isEmpty { try body(host) }
        case .author: if !author.isEmpty { try body(author) }
        case .language: if !language.isEmpty { try body(language) }
        default: break
        }
        for e in entities where e.field == field { try body(e.name) }
    }

    /// Appends this document's record, the text given as paragraph ids (see `StoredFieldsWriter`).
    ///
    /// `Record := VInt fieldCount Bytes{fieldCount}`: id, path, title, author, date, site, url,
    /// language, paragraphs, entities. `id` is stored empty: the segment's `.ids` holds it
    /// (`DocumentIds`). `path` is stored empty when it equals `id`, and as the single byte 0
    /// when it is empty while `id` is not (a path never holds a NUL byte).
    /// `paragraphs := VInt count (VInt zigzag(id − previous − 1))*` with previous = −1 before
    /// the first, so consecutive paragraphs cost one byte each.
    ///
    /// `entities := VInt count  u8 field{count}  (VInt ref [String name if ref = 0]){count}
    /// VInt mentions{count}` — columns, so that like bytes sit together for zstd —,
    /// `ref` = 1 + the position of the entity's ordinal among the document's own ordinals of
    /// `field` in the segment's `.facets` (ascending, distinct), or 0 with the name inline (a
    /// field that is not an entity facet): one byte where a segment-wide ordinal took three.
    /// `entityRefs[i]` is that `ref` of `entities[i]` as `FacetWriter.add` returns it (nil: by name).
    func encode(into w: inout ByteWriter, paragraphs: [UInt32], entityRefs: [UInt32?]) {
        w.writeVInt(UInt32(StoredDocument.fieldOrder.count))
        let storedPath = path == id ? "" : (path.isEmpty ? "\u{0}" : path)
        for s in ["", storedPath, title, author, date, site, url, language] { w.writeString(s) }
        var p = ByteWriter(capacity: paragraphs.count + 2)
        p.writeVInt(UInt32(paragraphs.count))
        var previous: Int64 = -1
        for id in paragraphs {
            let d = Int64(id) - previous - 1
            p.writeVLong(UInt64(bitPattern: (d << 1) ^ (d >> 63)))
            previous = Int64(id)
        }
        w.writeLengthPrefixed(p.bytes)
        var e = ByteWriter()
        e.writeVInt(UInt32(entities.count))
        for x in entities { e.writeByte(x.field.rawValue) }
        for (i, x) in entities.enumerated() {
            if i < entityRefs.count, let ref = entityRefs[i] {
                e.writeVInt(ref)
            } else {
                e.writeVInt(0)
                e.writeString(x.name)
            }
        }
        for x in entities { e.writeVInt(UInt32(x.count)) }
        w.writeLengthPrefixed(e.bytes)
    }

    /// Reads one record: the document without its text, and the ids of its paragraphs.
    /// Missing trailing fields are empty; fields past the known ones are skipped.
    /// `ordinals(field)` gives the document's ordinals of `field` in the segment's facet
    /// dictionary (ascending), `name(field, ordinal)` the value of one.
    /// `entityField`, when given, keeps only the entities of that field (no other names are looked up).
    /// `id()` gives the document's id (from `.ids`) when the record's `id` is empty, as it always is.
    static func decode(_ r: inout ByteReader, paragraphs: inout [UInt32], entities wanted: Bool = true, entityField: Field? = nil,
                       id: () throws -> String,
                       ordinals: (Field) throws -> [Int], name: (Field, Int) throws -> String) throws -> StoredDocument {
        let n = Int(try r.readVInt())
        var strings: [String] = []
        var entities: [StoredEntity] = []
        paragraphs.removeAll(keepingCapacity: true)
        for i in 0 ..< n {
            let slice = try r.readLengthPrefixed()
            if i < 8 { strings.append(String(decoding: slice, as: UTF8.self)) }
            if i == 8 {
                var pr = ByteReader(slice, file: r.file)
                let count = Int(try pr.readVInt())
                guard count <= slice.count else { throw pr.corrupt("paragraph count \(count) past end of record") }
                var previous: Int64 = -1
                for _ in 0 ..< count {
                    let z = try pr.readVLong()
                    let d = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
                    let id = previous + 1 + d
                    guard id >= 0, id <= Int64(UInt32.max) else { throw pr.corrupt("paragraph id out of range") }
                    paragraphs.append(UInt32(id))
                    previous = id
                }
            }
            if i == 9 && wanted {
                var er = ByteReader(slice, file: r.file)
                let count = Int(try er.readVInt())
                guard count <= slice.count else { throw er.corrupt("entity count \(count) past end of record") }
                let fields = try er.readSlice(count)
                var own: [Field: [Int]] = [:]
                var kept: [(index: Int, field: Field, name: String)] = []
                for i in 0 ..< count {
                    let ref = Int(try er.readVInt())
                    let inline = ref == 0 ? try er.readString() : ""
                    guard let field = Field(rawValue: fields[i]), entityField == nil || field == entityField else { continue }
                    var n = inline
                    if ref > 0 {
                        if own[field] == nil { own[field] = try ordinals(field) }
                        guard ref <= own[field]!.count else {
                            throw er.corrupt("entity \(ref) of \(own[field]!.count) \(field.name) facet values of the document")
                        }
                        n = try name(field, own[field]![ref - 1])
                    }
                    kept.append((i, field, n))
                }
                var next = 0
                for i in 0 ..< count {
                    let c = Int(try er.readVInt())
                    if next < kept.count && kept[next].index == i {
                        entities.append(StoredEntity(field: kept[next].field, name: kept[next].name, count: c))
                        next += 1
                    }
                }
            }
        }
        while strings.count < 8 { strings.append("") }
        if strings[0].isEmpty { strings[0] = try id() }
        let path = strings[1].isEmpty ? strings[0] : (strings[1] == "\u{0}" ? "" : strings[1])
        var doc = StoredDocument(id: strings[0], path: path, title: strings[2], author: strings[3], date: strings[4],
                                 site: strings[5], url: strings[6], language: strings[7])
        doc.entities = entities
        return doc
    }
}

/// One entity of a stored document: its canonical name, its field (person, organization,
/// place, misc) and how often the document mentions it.
public struct StoredEntity: Sendable, Equatable, Hashable {
    public var field: Field
    public var name: String
    public var count: Int

    public init(field: Field, name: String, count: Int) {
        self.field = field
        self.name = name
        self.count = count
    }
}

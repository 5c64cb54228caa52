/// The stored (retrievable) fields of one document, as kept in a segment's `.store` file.
///
/// On disk a record is `VInt fieldCount` then each field as VInt length + UTF-8, in the order of
/// `StoredDocument.fieldOrder`; readers ignore fields past the ones they know and treat missing
/// ones as empty, so later versions can append fields.
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

    public static let fieldOrder = ["id", "path", "title", "author", "date", "site", "url", "language", "text", "entities"]

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

    func encode(into w: inout ByteWriter) {
        w.writeVInt(UInt32(StoredDocument.fieldOrder.count))
        for s in [id, path, title, author, date, site, url, language] { w.writeString(s) }
        w.writeLengthPrefixed(text)
        var e = ByteWriter()
        e.writeVInt(UInt32(entities.count))
        for x in entities {
            e.writeByte(x.field.rawValue)
            e.writeString(x.name)
            e.writeVInt(UInt32(x.count))
        }
        w.writeLengthPrefixed(e.bytes)
    }

    static func decode(_ r: inout ByteReader) throws -> StoredDocument {
        let n = Int(try r.readVInt())
        var strings: [String] = []
        var text: [UInt8] = []
        var entities: [StoredEntity] = []
        for i in 0 ..< n {
            let slice = try r.readLengthPrefixed()
            if i == 8 { text = Array(slice) } else if i < 8 { strings.append(String(decoding: slice, as: UTF8.self)) }
            if i == 9 {
                var er = ByteReader(slice, file: r.file)
                let count = Int(try er.readVInt())
                for _ in 0 ..< count {
                    let f = try er.readByte()
                    let name = try er.readString()
                    let c = Int(try er.readVInt())
                    if let field = Field(rawValue: f) { entities.append(StoredEntity(field: field, name: name, count: c)) }
                }
            }
        }
        while strings.count < 8 { strings.append("") }
        var doc = StoredDocument(id: strings[0], path: strings[1], title: strings[2], author: strings[3], date: strings[4],
                                 site: strings[5], url: strings[6], language: strings[7], text: text)
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

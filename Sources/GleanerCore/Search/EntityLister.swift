/// One spelling per entity across the corpus, for facet counts and entity lists.
///
/// Where canonicalisation happens: beside the segments, not in them. The canonical spelling of
/// an entity is a property of the whole corpus ("Prigozhin" becomes "Yevgeny Prigozhin" only
/// once some document spells the name out), so it changes whenever documents are added or
/// deleted, while segments are immutable and an incremental build reads only new and changed
/// files. Rewriting names inside segments would mean re-annotating every segment on every
/// nightly build. So segments keep each document's own names (the document layer has already
/// merged short forms within the document), and the catalog maps the facet dictionaries —
/// O(distinct values) after one pass over the facet ordinals — onto corpus entities. Every
/// commit builds it once and stores it (`EntityCatalogFile`, `entities_<generation>`);
/// readers load that file, and build the catalog here only for an index without one. Queries
/// are unaffected: `org:wagner` still matches both "Wagner" and "Wagner Group" because entity
/// fields are analysed text.
///
/// Steps, over the distinct (type, name) facet values of live documents:
/// 1. spellings that differ only in case or typography (`DocumentEntityResolver.key`) are one
///    name, shown in their most common spelling; "the Netherlands" joins "Netherlands" when
///    the bare name exists;
/// 2. a name tagged with several types takes the type most documents give it (strict
///    majority by documents; a tie keeps the types apart) — one type per name per corpus;
/// 3. `EntityCanonicalizer` merges a person's or organisation's short form into the one longer
///    name of the same type that contains it ("Kirby" → "John Kirby", "Wagner" → "Wagner
///    Group"); places and misc names are left alone ("Japan" is not "Sea of Japan");
/// 4. an acronym joins the one multi-word name whose initials it spells ("NATO" → "North
///    Atlantic Treaty Organization", "US" → "United States"); the index keeps no per-document
///    aliases, so initials stand in for the acronym links the document layer made.
public final class EntityCatalog {
    /// One corpus entity: its canonical name and type, and the other spellings folded into it.
    public struct Entity: Sendable, Equatable {
        public var name: String
        public var type: EntityType
        /// Facet values (as indexed, any type) that map to this entity, canonical name excluded.
        public var variants: [String]
    }

    public private(set) var entities: [Entity] = []
    /// Per segment (by identity), per entity field: facet ordinal → entity id (-1: no live document).
    private var maps: [ObjectIdentifier: [Field: [Int32]]] = [:]
    /// Name key (canonical or variant) → entity ids; built on first use (`entities(named:)`).
    private lazy var byName: [String: [Int]] = {
        var byName: [String: [Int]] = [:]
        for (i, e) in entities.enumerated() {
            byName[DocumentEntityResolver.key(e.name), default: []].append(i)
            for v in e.variants { byName[DocumentEntityResolver.key(v), default: []].append(i) }
        }
        return byName
    }()
    /// `idKey(name, type)` → entity id; built on first use (`entity(_:type:)`).
    private lazy var ids: [String: Int] = {
        var ids: [String: Int] = [:]
        for (i, e) in entities.enumerated() { ids[EntityCatalog.idKey(e.name, e.type)] = i }
        return ids
    }()

    /// A catalog from its parts, as `EntityCatalogFile` decodes them: `columns[i]` holds
    /// `segments[i]`'s ordinal maps, one per entity field.
    init(entities: [Entity], segments: [SegmentReader], columns: [[Field: [Int32]]]) {
        self.entities = entities
        for (s, c) in zip(segments, columns) { maps[ObjectIdentifier(s)] = c }
    }

    /// `segment`'s ordinal maps, one per entity field (empty when the segment is unknown).
    func columns(_ segment: SegmentReader) -> [Field: [Int32]] { maps[ObjectIdentifier(segment)] ?? [:] }

    /// Builds the catalog of `reader`'s live documents. O(entity values of all documents) for
    /// the document counts, then O(distinct names · family size) (`Resolution`).
    public convenience init(reader: IndexReader) {
        self.init(Resolution(segments: reader.segments), segments: reader.segments)
    }

    /// The catalog of `resolution` over `segments`, which must hold the same live documents as
    /// the segments it was resolved from (the same segments, or those merged from them): each
    /// segment's facet values are looked up by name. O(distinct values of `segments`).
    init(_ resolution: Resolution, segments: [SegmentReader]) {
        entities = resolution.entities
        for s in segments { maps[ObjectIdentifier(s)] = resolution.columns(s) }
    }

    /// Where this catalog differs from `other` over `segments` (entities in id order, then each
    /// segment's ordinal maps), or nil when they give the same answers to every lookup.
    func difference(from other: EntityCatalog, segments: [SegmentReader]) -> String? {
        guard entities.count == other.entities.count else { return "\(entities.count) entities, expected \(other.entities.count)" }
        for (i, (a, b)) in zip(entities, other.entities).enumerated() where a != b {
            return "entity \(i) is \(a.type) '\(a.name)', expected \(b.type) '\(b.name)' with \(b.variants.count) variants"
        }
        for s in segments {
            let (a, b) = (columns(s), other.columns(s))
            for field in Field.entityFields where (a[field] ?? []) != (b[field] ?? []) {
                return "\(field.name) ordinals of segment '\(s.info.name)'"
            }
        }
        return nil
    }

    /// Facet ordinal → entity id for one column of `segment` (nil when the segment is unknown).
    func ordinalMap(_ segment: SegmentReader, _ field: Field) -> [Int32]? { maps[ObjectIdentifier(segment)]?[field] }

    /// The entities a name (canonical or variant, any case) stands for, optionally of one type.
    public func entities(named name: String, type: EntityType? = nil) -> [Entity] {
        (byName[DocumentEntityResolver.key(name)] ?? []).map { entities[$0] }.filter { type == nil || $0.type == type }
    }

    /// The entity with this canonical name and type.
    public func entity(_ name: String, type: EntityType) -> Entity? { ids[EntityCatalog.idKey(name, type)].map { entities[$0] } }

    static func idKey(_ name: String, _ type: EntityType) -> String { "\(type.rawValue)\t\(name)" }

    static func type(of field: Field) -> EntityType? {
        switch field {
        case .person: return .person
        case .organization: return .organization
        case .place: return .place
        case .misc: return .misc
        default: return nil
        }
    }

    static func field(of type: EntityType) -> FacetField {
        switch type {
        case .person: return .person
        case .organization: return .org
        case .place: return .place
        case .misc: return .misc
        }
    }

    /// Words that initials skip ("Group of Seven" → "GS", "Port of Antwerp" → "PA").
    static let initialsSkip: Set<String> = ["of", "the", "and", "for", "&", "de", "la", "le", "du", "von", "van", "der", "on", "in"]

    /// Upper-case initials of a multi-word key's words, function words skipped (nil when < 2).
    static func initials(of key: String) -> String? {
        if key.utf8.allSatisfy({ $0 < 0x80 }) { return asciiInitials(of: key) }
        let words = key.split(separator: " ").filter { !initialsSkip.contains(String($0)) }
        guard words.count >= 2 else { return nil }
        return String(words.compactMap { $0.first(where: \.isLetter) }).uppercased()
    }

    /// `initials(of:)` of an ASCII key, on its bytes: the same words (runs between spaces),
    /// the same skipped words, each word's first letter upper-cased.
    static func asciiInitials(of key: String) -> String? {
        var key = key
        return key.withUTF8 { b -> String? in
            var letters: [UInt8] = []
            var words = 0
            var start = 0
            for i in 0 ... b.count where i == b.count || b[i] == 0x20 {
                defer { start = i + 1 }
                guard i > start else { continue }
                let word = UnsafeBufferPointer(rebasing: b[start ..< i])
                if initialsSkipBytes.contains(where: { $0.count == word.count && $0.elementsEqual(word) }) { continue }
                words += 1
                if let first = word.first(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { letters.append(first & 0xDF) }
            }
            return words >= 2 ? String(decoding: letters, as: UTF8.self) : nil
        }
    }

    private static let initialsSkipBytes: [[UInt8]] = initialsSkip.map { Array($0.utf8) }
}

/// One line of `gleaner entities`: a corpus entity and the documents that name it.
public struct EntityListing: Sendable, Equatable {
    public var name: String
    public var type: EntityType
    /// Matching documents that name the entity (each document once, whatever the spelling).
    public var documents: Int
    /// Other spellings counted under `name`.
    public var variants: [String]
}

/// Lists the corpus's entities by document count, or those that co-occur with a query's
/// matching documents. Counting is `FacetCounter`'s, over every live document (no query) or
/// every match (a query, through `Searcher`), with the searcher's `EntityCatalog`.
public enum EntityLister {
    public struct Listing: Sendable {
        /// Documents counted over (all live documents, or all matches of the query).
        public var documents: Int
        public var entities: [EntityListing]
    }

    /// The `limit` entities (of `types`, all when empty) named by the most documents; ties by
    /// type then name.
    public static func list(_ searcher: Searcher, query: String? = nil, types: [EntityType] = [], limit: Int = 25) throws -> Listing {
        let wanted = (types.isEmpty ? EntityType.allCases : Array(Set(types)).sorted()).map(EntityCatalog.field(of:))
        let catalog = try searcher.entityCatalog
        let counts: [(field: FacetField, values: [FacetCount])]
        var documents = 0
        if let query {
            var o = Searcher.Options()
            o.limit = 1
            o.facets = wanted
            o.facetLimit = Int.max
            o.proximity.enabled = false
            let r = try searcher.search(query, options: o)
            documents = r.total
            counts = r.facets
        } else {
            var counter = FacetCounter(fields: wanted, catalog: catalog)
            for s in searcher.reader.segments {
                counter.begin(s)
                for d in 0 ..< UInt32(s.docCount) where !s.isDeleted(d) {
                    counter.add(d)
                    documents += 1
                }
            }
            counter.finish()
            counts = counter.results(limit: Int.max)
        }
        var out: [EntityListing] = []
        for (field, values) in counts {
            guard let type = field.column.flatMap(EntityCatalog.type(of:)) else { continue }
            for v in values {
                out.append(EntityListing(name: v.value, type: type, documents: v.count, variants: catalog.entity(v.value, type: type)?.variants ?? []))
            }
        }
        out.sort { a, b in
            if a.documents != b.documents { return a.documents > b.documents }
            if a.type != b.type { return a.type < b.type }
            return a.name < b.name
        }
        return Listing(documents: documents, entities: Array(out.prefix(max(0, limit))))
    }
}

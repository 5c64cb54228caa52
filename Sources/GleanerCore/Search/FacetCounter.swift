/// A facet that search results can be counted by.
public enum FacetField: String, Sendable, CaseIterable {
    case person, org, place, misc, site, year, month

    /// The indexed facet column, for entity and site facets (nil for year and month, which
    /// come from the date doc values).
    var column: Field? {
        switch self {
        case .person: return .person
        case .org: return .organization
        case .place: return .place
        case .misc: return .misc
        case .site: return .site
        case .year, .month: return nil
        }
    }
}

/// One facet value and the number of matching documents that have it.
public struct FacetCount: Sendable, Equatable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// Counts facet values over every matching document (not just the page), segment by segment:
/// per-segment ordinal counters (O(1) per value of a document), merged by value at the end of
/// each segment; years and months from the date doc values.
///
/// With an `EntityCatalog`, entity facets count corpus entities instead of indexed spellings:
/// every entity column's ordinals map to entity ids, and a document counts once per entity
/// however many of its values ("Wagner", "Wagner Group", or "Soledar" as a person and as a
/// place) map to it. All four entity columns are read then, since a value of one column may
/// belong to an entity of another type.
struct FacetCounter {
    let fields: [FacetField]
    let catalog: EntityCatalog?
    private var segment: SegmentReader?
    private var ordinalCounts: [[Int]] = []
    private var byValue: [[String: Int]]
    /// Per facet: year (YYYY) or month (YYYYMM) → count.
    private var dateCounts: [[Int: Int]]
    /// With a catalog: documents per entity id, the last `serial` that counted each entity,
    /// and the current segment's ordinal maps for the entity columns.
    private var entityDocs: [Int] = []
    private var entityStamp: [Int] = []
    private var serial = 0
    private var entityColumns: [(Field, [Int32])] = []

    init(fields: [FacetField], catalog: EntityCatalog? = nil) {
        var seen = Set<FacetField>()
        self.fields = fields.filter { seen.insert($0).inserted }
        let entityFacets = self.fields.contains { $0.column.flatMap(EntityCatalog.type(of:)) != nil }
        self.catalog = entityFacets ? catalog : nil
        byValue = Array(repeating: [:], count: self.fields.count)
        dateCounts = Array(repeating: [:], count: self.fields.count)
        if let c = self.catalog {
            entityDocs = Array(repeating: 0, count: c.entities.count)
            entityStamp = Array(repeating: -1, count: c.entities.count)
        }
    }

    /// Whether facet `f` is counted by entity (through the catalog) rather than by value.
    private func byEntity(_ f: FacetField) -> Bool { catalog != nil && f.column.flatMap(EntityCatalog.type(of:)) != nil }

    mutating func begin(_ s: SegmentReader) {
        flush()
        segment = s
        ordinalCounts = fields.map { f in byEntity(f) ? [] : f.column.map { [Int](repeating: 0, count: s.facets.valueCount($0)) } ?? [] }
        if let catalog {
            entityColumns = Field.entityFields.map { ($0, catalog.ordinalMap(s, $0) ?? []) }
        }
    }

    @inline(__always)
    mutating func add(_ doc: UInt32) {
        guard let s = segment else { return }
        if catalog != nil {
            serial += 1
            for (column, map) in entityColumns {
                s.facets.forEachOrdinal(column, doc: doc) { o in
                    guard o < map.count else { return }
                    let id = Int(map[o])
                    if id >= 0 && entityStamp[id] != serial {
                        entityStamp[id] = serial
                        entityDocs[id] += 1
                    }
                }
            }
        }
        for (i, f) in fields.enumerated() {
            if byEntity(f) { continue }
            if let column = f.column {
                s.facets.forEachOrdinal(column, doc: doc) { ordinalCounts[i][$0] += 1 }
            } else {
                let day = s.date(doc)
                if day == CalendarDay.unknown { continue }
                let (y, m, _) = CalendarDay.civil(day)
                dateCounts[i][f == .year ? y : y * 100 + m, default: 0] += 1
            }
        }
    }

    static func dateKey(_ key: Int, month: Bool) -> String {
        guard month else { return String(key) }
        let m = key % 100
        return "\(key / 100)-\(m < 10 ? "0" : "")\(m)"
    }

    /// Moves the current segment's ordinal counts into the by-value tables.
    mutating func flush() {
        guard let s = segment else { return }
        for (i, f) in fields.enumerated() {
            guard let column = f.column, !byEntity(f) else { continue }
            for (o, c) in ordinalCounts[i].enumerated() where c > 0 { byValue[i][s.facets.value(column, o), default: 0] += c }
        }
        segment = nil
    }

    mutating func finish() {
        flush()
        for (i, f) in fields.enumerated() where f.column == nil {
            for (k, c) in dateCounts[i] { byValue[i][FacetCounter.dateKey(k, month: f == .month), default: 0] += c }
            dateCounts[i] = [:]
        }
        if let catalog {
            for (id, c) in entityDocs.enumerated() where c > 0 {
                let e = catalog.entities[id]
                if let i = fields.firstIndex(of: EntityCatalog.field(of: e.type)) { byValue[i][e.name, default: 0] += c }
            }
            entityDocs = Array(repeating: 0, count: entityDocs.count)
        }
    }

    /// Each facet's `limit` most frequent values (ties: value order; years and months newest first).
    func results(limit: Int) -> [(field: FacetField, values: [FacetCount])] {
        fields.enumerated().map { i, f in
            let dated = f == .year || f == .month
            let sorted = byValue[i].map { FacetCount(value: $0.key, count: $0.value) }.sorted {
                if $0.count != $1.count { return $0.count > $1.count }
                return dated ? $0.value > $1.value : $0.value < $1.value
            }
            return (f, Array(sorted.prefix(limit)))
        }
    }
}

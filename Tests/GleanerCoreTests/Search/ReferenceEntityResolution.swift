import Testing
@testable import GleanerCore

/// The entity catalog's resolution as `EntityCatalog.init(reader:)` computed it before the
/// integer rewrite of `EntityCatalog.Resolution` (String dictionaries throughout), kept to check
/// that the rewrite gives the same entities and value → entity map.
struct ReferenceEntityResolution {
    var entities: [EntityCatalog.Entity] = []
    var idOfValue: [EntityCatalog.ValueKey: Int32] = [:]

    init(segments: [SegmentReader]) {
        // Documents per (type, value), live documents only.
        var df: [EntityCatalog.ValueKey: Int] = [:]
        for s in segments {
            for field in Field.entityFields {
                guard let type = EntityCatalog.type(of: field) else { continue }
                var counts = [Int](repeating: 0, count: s.facets.valueCount(field))
                if counts.isEmpty { continue }
                for d in 0 ..< UInt32(s.docCount) where !s.isDeleted(d) { s.facets.forEachOrdinal(field, doc: d) { counts[$0] += 1 } }
                for (o, c) in counts.enumerated() where c > 0 { df[EntityCatalog.ValueKey(type: type, name: s.facets.value(field, o)), default: 0] += c }
            }
        }

        // 1. Names by key; "the X" folds into "X" when X is a name too.
        struct Name {
            var types: [EntityType: Int] = [:]
            var spellings: [EntityType: [String: Int]] = [:]
            /// The strict majority type by documents (step 2), nil when there is none.
            var majority: EntityType?
        }
        var names: [String: Name] = [:]
        var keyOfValue: [EntityCatalog.ValueKey: String] = [:]
        let keyed = df.map { (value: $0.key, count: $0.value, key: DocumentEntityResolver.key($0.key.name)) }
        let plainKeys = Set(keyed.map(\.key))
        for (v, c, plainKey) in keyed {
            var key = plainKey
            var spelling = v.name
            if key.hasPrefix("the "), plainKeys.contains(String(key.dropFirst(4))) {
                key = String(key.dropFirst(4))
                spelling = String(spelling.dropFirst(4))
            }
            keyOfValue[v] = key
            names[key, default: Name()].types[v.type, default: 0] += c
            names[key]!.spellings[v.type, default: [:]][spelling, default: 0] += c
        }
        // 2. One type per name: the strict majority by documents.
        for (key, name) in names {
            let types = name.types
            guard types.count > 1, let top = types.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { continue }
            if types.values.filter({ $0 == top.value }).count == 1 { names[key]!.majority = top.key }
        }
        func assignedType(_ key: String, _ type: EntityType) -> EntityType { names[key]!.majority ?? type }
        func bestSpelling(_ key: String, _ type: EntityType) -> String {
            var all: [String: Int] = [:]
            for (t, sp) in names[key]!.spellings where assignedType(key, t) == type { for (s, c) in sp { all[s, default: 0] += c } }
            return all.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? key
        }
        // 3. Short forms, for people and organisations only: a place or a nationality inside a
        // longer name is another entity ("Japan" / "Sea of Japan", "Korean" / "South Korean").
        // One `add` per distinct name: within a family, members of equal length differ in key
        // only through aliases, which the index does not keep, so document counts never decide
        // between them, and the spelling was chosen above by document count.
        var canonicalizer = EntityCanonicalizer()
        var groups: [(key: String, type: EntityType, spelling: String)] = []
        for key in names.keys.sorted() {
            for t in Set(names[key]!.types.keys.map { assignedType(key, $0) }).sorted() {
                let spelling = bestSpelling(key, t)
                groups.append((key, t, spelling))
                if t == .person || t == .organization {
                    canonicalizer.add([DocumentEntity(name: spelling, type: t, count: 1)])
                }
            }
        }
        let map = canonicalizer.build()
        struct Canonical: Hashable { var name: String; var type: EntityType }
        var canonical: [String: Canonical] = [:]   // groupID → entity
        func groupID(_ key: String, _ type: EntityType) -> String { "\(type.rawValue)\t\(key)" }
        for g in groups { canonical[groupID(g.key, g.type)] = Canonical(name: map.canonical(g.spelling, type: g.type), type: g.type) }
        // 4. Acronyms → the one name whose initials they spell (same type first, else any type).
        var byInitials: [String: Set<Canonical>] = [:]
        for g in groups where g.key.contains(" ") {
            if let initials = EntityCatalog.initials(of: g.key) { byInitials[initials, default: []].insert(canonical[groupID(g.key, g.type)]!) }
        }
        for g in groups where !g.key.contains(" ") {
            let spelling = g.spelling
            guard DocumentEntityResolver.isAcronym(spelling), let targets = byInitials[spelling.uppercased().filter(\.isLetter)] else { continue }
            let sameType = targets.filter { $0.type == g.type }
            let pick = sameType.isEmpty ? targets : sameType
            if pick.count == 1, let target = pick.first { canonical[groupID(g.key, g.type)] = target }
        }
        // Entity ids, in (type, name) order of the values.
        var entities: [EntityCatalog.Entity] = []
        var ids: [String: Int] = [:]
        var variants: [[String]] = []
        func entityID(_ v: EntityCatalog.ValueKey) -> Int {
            let key = keyOfValue[v]!
            let c = canonical[groupID(key, assignedType(key, v.type))]!
            if let id = ids[EntityCatalog.idKey(c.name, c.type)] { return id }
            ids[EntityCatalog.idKey(c.name, c.type)] = entities.count
            entities.append(EntityCatalog.Entity(name: c.name, type: c.type, variants: []))
            variants.append([])
            return entities.count - 1
        }
        var idOfValue: [EntityCatalog.ValueKey: Int32] = [:]
        idOfValue.reserveCapacity(df.count)
        for v in df.keys.sorted(by: { ($0.type, $0.name) < ($1.type, $1.name) }) {
            let id = entityID(v)
            idOfValue[v] = Int32(id)
            if v.name != entities[id].name && !variants[id].contains(v.name) { variants[id].append(v.name) }
        }
        for (i, list) in variants.enumerated() { entities[i].variants = list.sorted() }
        self.entities = entities
        self.idOfValue = idOfValue
    }

    /// Expects `resolution` to give the reference's entities, in the same order, and the same
    /// entity to every value.
    static func expectSame(_ resolution: EntityCatalog.Resolution, segments: [SegmentReader]) {
        let reference = ReferenceEntityResolution(segments: segments)
        #expect(resolution.entities == reference.entities)
        for (value, id) in reference.idOfValue {
            #expect(resolution.entityID(value.type, value.name) == id, "\(value.type) \(value.name)")
        }
    }
}

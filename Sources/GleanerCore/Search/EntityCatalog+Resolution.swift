extension EntityCatalog {
    /// An entity field's facet value: its type and its name as indexed.
    struct ValueKey: Hashable, Sendable {
        var type: EntityType
        var name: String
    }

    /// The corpus half of a catalog: the entities and which entity each facet value (type and
    /// name) belongs to, independent of how the live documents are split into segments. So it
    /// can be resolved from a build's segments while they are merged, and the catalog of the
    /// merged segments made from it by looking their facet values up (`EntityCatalog.init(_:segments:)`).
    ///
    /// Works on integer ids: every distinct value and every distinct name key is hashed once,
    /// and the steps of `EntityCatalog` then run over arrays indexed by those ids (a name's
    /// spellings and types are the handful of values with its key).
    struct Resolution: Sendable {
        private(set) var entities: [Entity] = []
        /// Per entity type (raw value): facet value name → value id, for every value some live
        /// document has.
        private var valueIDs: [[String: Int32]] = Array(repeating: [:], count: EntityType.allCases.count)
        /// Entity id per value id.
        private var entityOfValue: [Int32] = []
        /// The resolved segments' ordinal → value id maps (-1: no live document has the value),
        /// per segment identity and entity field, so their columns need no name lookups.
        private var ordinalValues: [ObjectIdentifier: [Field: [Int32]]] = [:]

        /// Entity id of the value `name` of `type`, nil when no live document has it.
        func entityID(_ type: EntityType, _ name: String) -> Int32? {
            valueIDs[Int(type.rawValue)][name].map { entityOfValue[Int($0)] }
        }

        /// `segment`'s ordinal maps, one per entity field: facet ordinal → entity id, -1 for a
        /// value no live document of the resolved segments has. O(values of `segment`); a
        /// segment that was not resolved has its values looked up by name.
        func columns(_ segment: SegmentReader) -> [Field: [Int32]] {
            var columns: [Field: [Int32]] = [:]
            let known = ordinalValues[ObjectIdentifier(segment)]
            for field in Field.entityFields {
                guard let type = EntityCatalog.type(of: field) else { continue }
                if let values = known?[field] {
                    columns[field] = values.map { $0 < 0 ? -1 : entityOfValue[Int($0)] }
                } else {
                    let ids = valueIDs[Int(type.rawValue)]
                    columns[field] = (0 ..< segment.facets.valueCount(field)).map { o in
                        ids[segment.facets.value(field, o)].map { entityOfValue[Int($0)] } ?? -1
                    }
                }
            }
            return columns
        }

        /// Resolves the entities of the live documents of `segments` (steps in `EntityCatalog`).
        /// Keeps a reference to none of them.
        init(segments: [SegmentReader]) {
            // Values (type, name) with their live document counts, each hashed once.
            var valueType: [EntityType] = [], valueName: [String] = [], valueDF: [Int] = []
            var pending: [(segment: ObjectIdentifier, field: Field, ordinal: Int, name: String)] = []
            // Room for every value of every segment: the tables never grow (no re-hashing).
            for field in Field.entityFields {
                guard let type = EntityCatalog.type(of: field) else { continue }
                valueIDs[Int(type.rawValue)].reserveCapacity(segments.reduce(0) { $0 + $1.facets.valueCount(field) })
            }
            for s in segments {
                var perField: [Field: [Int32]] = [:]
                for field in Field.entityFields {
                    guard let type = EntityCatalog.type(of: field) else { continue }
                    let n = s.facets.valueCount(field)
                    var counts = [Int](repeating: 0, count: n)
                    if n > 0 {
                        for d in 0 ..< UInt32(s.docCount) where !s.isDeleted(d) { s.facets.forEachOrdinal(field, doc: d) { counts[$0] += 1 } }
                    }
                    var map = [Int32](repeating: -1, count: n)
                    let t = Int(type.rawValue)
                    for (o, c) in counts.enumerated() {
                        let name = s.facets.value(field, o)
                        guard c > 0 else {
                            // Known only once every segment's live values are.
                            pending.append((ObjectIdentifier(s), field, o, name))
                            continue
                        }
                        if let id = valueIDs[t][name] {
                            valueDF[Int(id)] += c
                            map[o] = id
                        } else {
                            let id = Int32(valueName.count)
                            valueIDs[t][name] = id
                            valueType.append(type)
                            valueName.append(name)
                            valueDF.append(c)
                            map[o] = id
                        }
                    }
                    perField[field] = map
                }
                ordinalValues[ObjectIdentifier(s)] = perField
            }
            for p in pending {
                guard let type = EntityCatalog.type(of: p.field), let id = valueIDs[Int(type.rawValue)][p.name] else { continue }
                ordinalValues[p.segment]![p.field]![p.ordinal] = id
            }
            let valueCount = valueName.count

            // 1. Names by key; "the X" folds into "X" when X is a name too.
            var keyIDs: [String: Int32] = [:]
            keyIDs.reserveCapacity(valueCount)
            var keyText: [String] = []
            var plainKey = [Int32](repeating: 0, count: valueCount)
            for v in 0 ..< valueCount {
                let k = DocumentEntityResolver.key(valueName[v])
                if let id = keyIDs[k] { plainKey[v] = id } else {
                    plainKey[v] = Int32(keyText.count)
                    keyIDs[k] = plainKey[v]
                    keyText.append(k)
                }
            }
            var keyOfValue = plainKey
            var spelling = valueName
            for v in 0 ..< valueCount {
                let k = keyText[Int(plainKey[v])]
                if k.hasPrefix("the "), let bare = keyIDs[String(k.dropFirst(4))] {
                    keyOfValue[v] = bare
                    spelling[v] = String(valueName[v].dropFirst(4))
                }
            }
            // The values of each key, adjacent (counting sort by key id).
            let keyCount = keyText.count
            var start = [Int](repeating: 0, count: keyCount + 1)
            for v in 0 ..< valueCount { start[Int(keyOfValue[v]) + 1] += 1 }
            for k in 0 ..< keyCount { start[k + 1] += start[k] }
            var byKey = [Int32](repeating: 0, count: valueCount)
            var fill = start
            for v in 0 ..< valueCount {
                byKey[fill[Int(keyOfValue[v])]] = Int32(v)
                fill[Int(keyOfValue[v])] += 1
            }

            // 2. One type per name: the strict majority by documents. Then per name and
            // assigned type one group, spelled as most documents spell it (ties: the smallest).
            let typeCount = EntityType.allCases.count
            /// Per key, the type its values take (its majority, or their own when none).
            var majority = [Int8](repeating: -1, count: keyCount)
            /// Group id per key and assigned type (key * typeCount + type), -1 when none.
            var groupOf = [Int32](repeating: -1, count: keyCount * typeCount)
            var groupKey: [Int32] = [], groupType: [EntityType] = [], groupSpelling: [String] = []
            var canonicalizer = EntityCanonicalizer()
            canonicalizer.reserveCapacity(keyCount)
            /// The canonicalizer's key of a person or organisation group's spelling.
            var groupNameKey: [EntityCanonicalizer.EntityKey?] = []
            var tally: [(spelling: String, count: Int)] = []
            for k in 0 ..< keyCount where start[k] < start[k + 1] {
                let members = byKey[start[k] ..< start[k + 1]]
                var typeDF = [Int](repeating: 0, count: typeCount)
                for v in members { typeDF[Int(valueType[Int(v)].rawValue)] += valueDF[Int(v)] }
                if typeDF.filter({ $0 > 0 }).count > 1, let top = typeDF.max(), typeDF.filter({ $0 == top }).count == 1 {
                    majority[k] = Int8(typeDF.firstIndex(of: top)!)
                }
                for t in 0 ..< typeCount {
                    // Values whose assigned type is `t`.
                    tally.removeAll(keepingCapacity: true)
                    for v in members {
                        let own = Int(valueType[Int(v)].rawValue)
                        guard (majority[k] >= 0 ? Int(majority[k]) : own) == t, typeDF[own] > 0 else { continue }
                        if let i = tally.firstIndex(where: { $0.spelling == spelling[Int(v)] }) {
                            tally[i].count += valueDF[Int(v)]
                        } else {
                            tally.append((spelling[Int(v)], valueDF[Int(v)]))
                        }
                    }
                    guard let best = tally.max(by: { $0.count != $1.count ? $0.count < $1.count : $0.spelling > $1.spelling }) else { continue }
                    let type = EntityType(rawValue: UInt8(t))!
                    groupOf[k * typeCount + t] = Int32(groupKey.count)
                    groupKey.append(Int32(k))
                    groupType.append(type)
                    groupSpelling.append(best.spelling)
                    // 3. Short forms, for people and organisations only (see `EntityCatalog`).
                    groupNameKey.append(type == .person || type == .organization
                                            ? canonicalizer.add(name: best.spelling, type: type) : nil)
                }
            }
            let map = canonicalizer.build()
            struct Canonical: Hashable { var name: String; var type: EntityType }
            var canonical = (0 ..< groupKey.count).map { g in
                Canonical(name: groupNameKey[g].map { map.canonical(groupSpelling[g], key: $0) } ?? groupSpelling[g],
                          type: groupType[g])
            }
            // 4. Acronyms → the one name whose initials they spell (same type first, else any type).
            let multiWord = groupKey.map { k -> Bool in
                let key = keyText[Int(k)]
                // For ASCII the space byte is the Character " "; otherwise as `String.contains`.
                return key.utf8.allSatisfy({ $0 < 0x80 }) ? key.utf8.contains(0x20) : key.contains(" ")
            }
            var byInitials: [String: Set<Canonical>] = [:]
            for g in groupKey.indices where multiWord[g] {
                if let initials = EntityCatalog.initials(of: keyText[Int(groupKey[g])]) { byInitials[initials, default: []].insert(canonical[g]) }
            }
            let targetsOf = byInitials
            for g in groupKey.indices where !multiWord[g] {
                let s = groupSpelling[g]
                guard DocumentEntityResolver.isAcronym(s), let targets = targetsOf[s.uppercased().filter(\.isLetter)] else { continue }
                let sameType = targets.filter { $0.type == groupType[g] }
                let pick = sameType.isEmpty ? targets : sameType
                if pick.count == 1, let target = pick.first { canonical[g] = target }
            }

            // Entity ids, in (type, name) order of the values.
            var entityOfCanonical: [Canonical: Int32] = [:]
            entityOfCanonical.reserveCapacity(groupKey.count)
            var variants: [[String]] = []
            var entities: [Entity] = []
            var entityOfValue = [Int32](repeating: -1, count: valueCount)
            /// Entity id per group, once its canonical value has been looked up.
            var entityOfGroup = [Int32](repeating: -1, count: groupKey.count)
            let order = (0 ..< valueCount).sorted { a, b in
                valueType[a] != valueType[b] ? valueType[a] < valueType[b] : valueName[a] < valueName[b]
            }
            for v in order {
                let k = Int(keyOfValue[v])
                let assigned = majority[k] >= 0 ? Int(majority[k]) : Int(valueType[v].rawValue)
                let g = Int(groupOf[k * typeCount + assigned])
                let c = canonical[g]
                let id: Int32
                if entityOfGroup[g] >= 0 { id = entityOfGroup[g] } else if let e = entityOfCanonical[c] { id = e; entityOfGroup[g] = e } else {
                    id = Int32(entities.count)
                    entityOfCanonical[c] = id
                    entityOfGroup[g] = id
                    entities.append(Entity(name: c.name, type: c.type, variants: []))
                    variants.append([])
                }
                entityOfValue[v] = id
                let name = valueName[v]
                if name != entities[Int(id)].name && !variants[Int(id)].contains(name) { variants[Int(id)].append(name) }
            }
            for (i, list) in variants.enumerated() { entities[i].variants = list.sorted() }
            self.entities = entities
            self.entityOfValue = entityOfValue
        }
    }
}

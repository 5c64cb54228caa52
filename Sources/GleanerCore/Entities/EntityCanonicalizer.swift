/// Gives every entity one spelling across a corpus. Feed it each document's entities, then
/// `build()` a lookup: names that differ only in case or typography, acronyms and short forms
/// that documents merged, and short forms contained in exactly one longer name of the same type
/// ("Kirby" → "John Kirby") all map to the family's most frequent full form (most words, then
/// most documents).
///
/// The short-form pass looks at the longer names sharing a short form's first word and stops
/// at the second family it finds.
public struct EntityCanonicalizer: Sendable {
    private struct Entry { var spellings: [String: Int] = [:]; var documents = 0; var words: [String] = [] }
    private var entries: [EntityKey: Entry] = [:]
    private var links: [(EntityKey, EntityKey)] = []

    /// A type and a folded name.
    public struct EntityKey: Hashable, Sendable {
        public var type: EntityType
        public var key: String
    }

    public init() {}

    /// Makes room for `count` names (type and key) without growing the table.
    mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    /// Records one document's entities (call once per document).
    public mutating func add(_ entities: [DocumentEntity]) {
        for e in entities {
            let k = add(name: e.name, type: e.type)
            for a in e.aliases {
                let ak = EntityKey(type: e.type, key: DocumentEntityResolver.key(a))
                if entries[ak] == nil { entries[ak] = Entry(words: DocumentEntityResolver.words(ak.key)) }
                links.append((ak, k))
            }
        }
    }

    /// Records one entity of one document, without aliases (what `add(_:)` does for each of
    /// its entities); returns its key, for `EntityCanonicalMap.canonical(_:key:)`. One
    /// dictionary access.
    @discardableResult
    mutating func add(name: String, type: EntityType) -> EntityKey {
        let k = EntityKey(type: type, key: DocumentEntityResolver.key(name))
        func count(_ entry: inout Entry) {
            entry.spellings[name, default: 0] += 1
            entry.documents += 1
        }
        count(&entries[k, default: Entry(words: DocumentEntityResolver.words(k.key))])
        return k
    }

    /// The canonical spellings.
    public func build() -> EntityCanonicalMap {
        // In a fixed order: the short-form pass joins families one name at a time and a later
        // name's "second family" test sees the joins made before it, so a hash-seeded
        // dictionary order would give another result in every process.
        let keys = entries.keys.sorted { $0.type != $1.type ? $0.type < $1.type : $0.key < $1.key }
        let infos = keys.map { entries[$0]! }
        let words = infos.map(\.words)
        var parent = Array(keys.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        if !links.isEmpty {
            var id: [EntityKey: Int] = [:]
            id.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { id[k] = i }
            for (a, b) in links { parent[find(id[a]!)] = find(id[b]!) }
        }
        // Short forms inside exactly one longer family of the same type: per type (raw value),
        // word → the longer names with that word, each name once.
        var byWord = [[String: [Int]]](repeating: [:], count: EntityType.allCases.count)
        for i in keys.indices where words[i].count > 1 {
            let t = Int(keys[i].type.rawValue)
            for (j, w) in words[i].enumerated() where !words[i][..<j].contains(w) { byWord[t][w, default: []].append(i) }
        }
        /// Whether `short` occurs as a run of consecutive words in `long`.
        func contains(_ long: [String], _ short: [String]) -> Bool {
            for start in 0 ... (long.count - short.count) {
                var j = 0
                while j < short.count, long[start + j] == short[j] { j += 1 }
                if j == short.count { return true }
            }
            return false
        }
        for i in keys.indices {
            let short = words[i]
            let type = keys[i].type
            guard let first = short.first, let candidates = byWord[Int(type.rawValue)][first] else { continue }
            // The family every fitting longer name belongs to; stop at a second one.
            var root = -1
            var ambiguous = false
            for c in candidates where words[c].count > short.count {
                let long = words[c]
                guard type != .person || long.last == short.last || long.first == short.first, contains(long, short) else { continue }
                let r = find(c)
                if root < 0 { root = r } else if r != root { ambiguous = true; break }
            }
            if !ambiguous, root >= 0, find(i) != root { parent[find(i)] = root }
        }
        // The canonical member of each family.
        let acronym = keys.indices.map { i in
            words[i].count == 1
                && (NameText.isAcronymUppercased(keys[i].key) ?? DocumentEntityResolver.isAcronym(keys[i].key.uppercased()))
        }
        /// Per family root, its canonical member (-1: not a root).
        var best = [Int](repeating: -1, count: keys.count)
        for i in keys.indices {
            let r = find(i)
            let b = best[r]
            guard b >= 0 else { best[r] = i; continue }
            if acronym[i] != acronym[b] { if !acronym[i] { best[r] = i }; continue }
            if words[i].count != words[b].count { if words[i].count > words[b].count { best[r] = i }; continue }
            if infos[i].documents != infos[b].documents { if infos[i].documents > infos[b].documents { best[r] = i }; continue }
            if keys[i].key < keys[b].key { best[r] = i }
        }
        var spellingOfRoot = [String](repeating: "", count: keys.count)
        for r in keys.indices where best[r] >= 0 {
            let b = best[r]
            spellingOfRoot[r] = infos[b].spellings.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? keys[b].key
        }
        var names: [EntityKey: String] = [:]
        names.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { names[k] = spellingOfRoot[find(i)] }
        return EntityCanonicalMap(names: names)
    }
}

/// The result of `EntityCanonicalizer.build()`: immutable, shareable.
public struct EntityCanonicalMap: Sendable {
    let names: [EntityCanonicalizer.EntityKey: String]

    /// The corpus spelling of `name` as an entity of `type` (the name itself when unknown).
    public func canonical(_ name: String, type: EntityType) -> String {
        canonical(name, key: EntityCanonicalizer.EntityKey(type: type, key: DocumentEntityResolver.key(name)))
    }

    /// As `canonical(_:type:)` with the name's key already made (`EntityCanonicalizer.add(name:type:)`).
    func canonical(_ name: String, key: EntityCanonicalizer.EntityKey) -> String {
        names[key] ?? name
    }
}

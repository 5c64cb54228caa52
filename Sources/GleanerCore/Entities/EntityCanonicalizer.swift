/// Gives every entity one spelling across a corpus. Feed it each document's entities, then
/// `build()` a lookup: names that differ only in case or typography, acronyms and short forms
/// that documents merged, and short forms contained in exactly one longer name of the same type
/// ("Kirby" → "John Kirby") all map to the family's most frequent full form (most words, then
/// most documents).
///
/// O(names²) in the worst case for the short-form pass (per type, per word); meant for the
/// index build, after the documents are tagged.
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

    /// Records one document's entities (call once per document).
    public mutating func add(_ entities: [DocumentEntity]) {
        for e in entities {
            let k = EntityKey(type: e.type, key: DocumentEntityResolver.key(e.name))
            entries[k, default: Entry(words: DocumentEntityResolver.words(k.key))].spellings[e.name, default: 0] += 1
            entries[k]!.documents += 1
            for a in e.aliases {
                let ak = EntityKey(type: e.type, key: DocumentEntityResolver.key(a))
                if entries[ak] == nil { entries[ak] = Entry(words: DocumentEntityResolver.words(ak.key)) }
                links.append((ak, k))
            }
        }
    }

    /// The canonical spellings.
    public func build() -> EntityCanonicalMap {
        let keys = Array(entries.keys)
        var id: [EntityKey: Int] = [:]
        for (i, k) in keys.enumerated() { id[k] = i }
        var parent = Array(keys.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for (a, b) in links { parent[find(id[a]!)] = find(id[b]!) }
        // Short forms inside exactly one longer family of the same type.
        var byWord: [EntityType: [String: [Int]]] = [:]
        for (i, k) in keys.enumerated() where entries[k]!.words.count > 1 {
            for w in Set(entries[k]!.words) { byWord[k.type, default: [:]][w, default: []].append(i) }
        }
        for (i, k) in keys.enumerated() {
            let words = entries[k]!.words
            guard let first = words.first, let candidates = byWord[k.type]?[first] else { continue }
            var roots = Set<Int>()
            for c in candidates where entries[keys[c]]!.words.count > words.count {
                let long = entries[keys[c]]!.words
                let fits = (0...(long.count - words.count)).contains { Array(long[$0..<($0 + words.count)]) == words }
                let edge = k.type != .person || long.last == words.last || long.first == words.first
                if fits && edge { roots.insert(find(c)) }
            }
            if roots.count == 1, let r = roots.first, find(i) != r { parent[find(i)] = r }
        }
        // The canonical member of each family.
        var best: [Int: Int] = [:]
        for i in keys.indices {
            let r = find(i)
            guard let b = best[r] else { best[r] = i; continue }
            let ei = entries[keys[i]]!, eb = entries[keys[b]]!
            let ai = DocumentEntityResolver.isAcronym(keys[i].key.uppercased()) && ei.words.count == 1
            let ab = DocumentEntityResolver.isAcronym(keys[b].key.uppercased()) && eb.words.count == 1
            if ai != ab { if !ai { best[r] = i }; continue }
            if ei.words.count != eb.words.count { if ei.words.count > eb.words.count { best[r] = i }; continue }
            if ei.documents != eb.documents { if ei.documents > eb.documents { best[r] = i }; continue }
            if keys[i].key < keys[b].key { best[r] = i }
        }
        var names: [EntityKey: String] = [:]
        for (i, k) in keys.enumerated() {
            let c = entries[keys[best[find(i)]!]]!
            let spelling = c.spellings.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? keys[best[find(i)]!].key
            names[k] = spelling
        }
        return EntityCanonicalMap(names: names)
    }
}

/// The result of `EntityCanonicalizer.build()`: immutable, shareable.
public struct EntityCanonicalMap: Sendable {
    let names: [EntityCanonicalizer.EntityKey: String]

    /// The corpus spelling of `name` as an entity of `type` (the name itself when unknown).
    public func canonical(_ name: String, type: EntityType) -> String {
        names[EntityCanonicalizer.EntityKey(type: type, key: DocumentEntityResolver.key(name))] ?? name
    }
}

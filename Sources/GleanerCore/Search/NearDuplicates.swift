/// Near-duplicate collapsing: syndicated copies of one wire story fold into the best-ranked
/// copy.
///
/// Two documents are near-duplicates when their body SimHash fingerprints (word 3-shingles,
/// computed at index time) are within `distance` bits — a cheap filter — and, verified on the
/// stored text, at least `minResemblance` of their word 3-shingles are shared (Jaccard). On the
/// sample corpus a wire story carried by two sites, each with its own standfirst and sign-off,
/// is 11 bits apart; unrelated articles on the same topic are 22 or more.
extension Searcher {
    static let minResemblance = 0.5

    /// A kept hit and the global ids of the copies folded into it, in rank order.
    struct CollapsedHit {
        var hit: SearchHit
        var similar: [Int]
    }

    /// Groups `hits` (best first) greedily: each hit joins the first kept hit it nearly
    /// duplicates, else starts a group. Documents too short for a fingerprint (SimHash 0) never
    /// collapse. Only the first `limit` groups are formed (the page): a later hit joins one of
    /// them or is dropped, as it could only start or join a group past the page. O(hits ×
    /// groups) fingerprint comparisons; text is read only for close pairs.
    func collapse(_ hits: [SearchHit], distance: Int, limit: Int = .max) throws -> [CollapsedHit] {
        var groups: [CollapsedHit] = []
        var prints: [UInt64] = []
        var shingles: [Int: Set<UInt64>] = [:]
        func shingleSet(_ doc: Int) throws -> Set<UInt64> {
            if let s = shingles[doc] { return s }
            let s = Searcher.shingles(try reader.document(doc, entities: false).text, analyzer: analyzer)
            shingles[doc] = s
            return s
        }
        for hit in hits {
            let (s, local) = reader.locate(hit.doc)
            let print = reader.segments[s].simhash(UInt32(local))
            var joined = false
            if print != 0 {
                for g in groups.indices where prints[g] != 0 && SimHash.distance(prints[g], print) <= distance {
                    let a = try shingleSet(groups[g].hit.doc), b = try shingleSet(hit.doc)
                    let shared = a.count < b.count ? a.intersection(b).count : b.intersection(a).count
                    let union = a.count + b.count - shared
                    if union > 0 && Double(shared) / Double(union) >= Searcher.minResemblance {
                        groups[g].similar.append(hit.doc)
                        joined = true
                        break
                    }
                }
            }
            if !joined && groups.count < limit {
                groups.append(CollapsedHit(hit: hit, similar: []))
                prints.append(print)
            }
        }
        return groups
    }

    /// Hashes of the text's word 3-shingles (analysed terms, as SimHash sees them). Each
    /// distinct word is stemmed and hashed once (the term is a pure function of the word).
    static func shingles(_ text: [UInt8], analyzer: Analyzer) -> Set<UInt64> {
        var out = Set<UInt64>()
        var h1: UInt64 = 0, h2: UInt64 = 0
        var seen = 0
        var words = TermHashTable(capacity: 1024)
        var termHashes: [UInt64] = []
        text.withUnsafeBufferPointer { buf in
            analyzer.tokenizer.tokenize(buf) { folded, token in
                let word = Analyzer.word(folded, token: token, in: buf)
                let (id, isNew) = words.intern(word)
                if isNew {
                    termHashes.append(analyzer.stemmer.stem(word) { term in
                        var h: UInt64 = 0xCBF2_9CE4_8422_2325
                        for b in term { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                        return h
                    })
                }
                let h = termHashes[id]
                seen += 1
                if seen >= 3 { out.insert(h1 &* 0x9E37_79B9_7F4A_7C15 ^ (h2 &* 0xC2B2_AE3D_27D4_EB4F) ^ h) }
                h1 = h2
                h2 = h
            }
        }
        return out
    }
}

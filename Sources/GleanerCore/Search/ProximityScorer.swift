/// Term-proximity re-ranking knobs (BM25TP, Rasolofo & Savoy 2003).
public struct ProximityParameters: Sendable, Equatable {
    public var enabled = true
    /// Two query words at most this many positions apart count as close.
    public var window = 3
    /// Multiplier of the proximity score added to BM25F (SciFact: 0.5 → nDCG@10 +0.004,
    /// 1.0 → −0.008 with window 5).
    public var weight: Float = 0.5
    /// How many of the best BM25F documents are re-ranked (at least the requested page). 30
    /// rather than 100: on SciFact top-10 runs nDCG@10 is the same (0.7019 at 30, 0.7006 at 100,
    /// 7 of 300 queries differ; 0.6986 at 20), and a shallower page keeps block-max pruning
    /// effective (its entry threshold is the 30th score, not the 100th).
    public var rerankDepth = 30
    /// Score only pairs of words next to each other in the query (as the sequential dependence
    /// model does) rather than every pair.
    public var adjacentPairsOnly = false

    public init() {}
}

/// BM25TP: for each pair of distinct query words, every co-occurrence `d ≤ window` positions
/// apart adds `1/d²` to the pair's accumulator `acc`, which is saturated like a term frequency:
/// `bonus = Σ_pairs min(idf_i, idf_j) · acc / (acc + K)`, `K = k1 · (1 − b + b · L/avgL)`.
/// Title co-occurrences count with the title weight. Body positions are stored per unit (a
/// distinct paragraph, kept by its first document), so body pairs are counted within one
/// paragraph: for each unit of a re-ranked document, the positions in that unit's range of
/// the document holding them (itself, or the unit's owner; owners read in document order). Only the best `rerankDepth` documents are re-scored
/// (positions are read for them alone), so the cost is O(depth × query words).
extension Searcher {
    static let maxProximityTerms = 32

    func rescoreProximity(_ hits: inout [SearchHit], terms allTerms: [ScoringTerm], options: Options) throws {
        let p = options.proximity
        let terms = Array(allTerms.prefix(Searcher.maxProximityTerms))
        let n = terms.count
        guard n >= 2, !hits.isEmpty, p.weight > 0 else { return }
        let depth = min(hits.count, max(p.rerankDepth, options.offset + options.limit))
        var bySegment: [Int: [(index: Int, local: UInt32)]] = [:]
        for i in 0 ..< depth {
            let (s, local) = reader.locate(hits[i].doc)
            bySegment[s, default: []].append((i, UInt32(local)))
        }
        let titleWeight = options.bm25.titleWeight
        let fields: [(field: Field, weight: Float)] = [(.body, 1), (.title, titleWeight)]
        var avg: Float = 0
        for f in fields { avg += f.weight * Float(reader.averageLength(f.field)) }
        avg = max(avg, 1)
        let k1 = options.bm25.k1, b = options.bm25.b
        var pairWeight = [Float](repeating: 0, count: n * n)
        for i in 0 ..< n {
            for j in 0 ..< n where !p.adjacentPairsOnly || abs(i - j) == 1 { pairWeight[i * n + j] = min(terms[i].idf, terms[j].idf) }
        }
        let nn = n * n
        var occurrences: [(pos: UInt32, term: Int)] = []
        var merged: [(pos: UInt32, term: Int)] = []
        var buffer: [UInt32] = []
        var docUnits: [UInt32] = []
        var unitOccurrences: [UnitTable.Occurrence] = []
        var homeStarts: [UInt32] = []
        for (s, unsorted) in bySegment {
            let segment = reader.segments[s]
            let items = unsorted.sorted { $0.local < $1.local }
            var acc = [Float](repeating: 0, count: items.count * nn)
            // Title: positions per document.
            let titleIts = try terms.map { try lookups.postings(s, .title, $0.term, positions: true) }
            for (k, item) in items.enumerated() {
                occurrences.removeAll(keepingCapacity: true)
                var present = 0
                for t in 0 ..< n {
                    guard let it = titleIts[t], it.advance(to: item.local) == item.local else { continue }
                    it.positions(into: &buffer)
                    for pos in buffer { occurrences.append((pos, t)) }
                    present += 1
                }
                if present >= 2 { Searcher.addPairs(&occurrences, window: p.window, weight: titleWeight, n: n, into: &acc, at: k * nn) }
            }
            // Body: per unit of each document, the positions its owner holds for it; requests
            // (owner, unit range, item) are read in owner order, one iterator per term.
            var requests: [(owner: UInt32, start: UInt32, end: UInt32, item: Int)] = []
            // Shared units (owner, unit, length, item), resolved owner by owner: each owner's
            // list is decoded once however many of its units the documents share.
            var shared: [(owner: UInt32, unit: UInt32, length: UInt32, item: Int)] = []
            var ownerDoc: UInt32 = 0, ownerUnits: Range<UInt32> = 0 ..< 0
            for (k, item) in items.enumerated() {
                guard segment.units.occurrences(ofDoc: Int(item.local), into: &unitOccurrences, scratch: &docUnits) else {
                    throw Searcher.unitsCorrupt(segment, item.local)
                }
                for o in unitOccurrences where o.length > 1 {
                    if o.own {
                        requests.append((item.local, o.start, o.start + o.length, k))
                    } else {
                        // A document's shared units often run in one earlier document's
                        // units: its owned range answers them without a search.
                        if !ownerUnits.contains(o.unit) {
                            guard let owner = segment.units.owner(ofUnit: Int(o.unit)) else { throw Searcher.unitsCorrupt(segment, item.local) }
                            ownerDoc = owner
                            ownerUnits = segment.units.ownedUnits(ofDoc: Int(owner))
                        }
                        shared.append((ownerDoc, o.unit, o.length, k))
                    }
                }
            }
            var byOwner = shared.indices.map { UInt64(shared[$0].owner) << 32 | UInt64($0) }
            byOwner.sort()
            // Own requests are in owner order already (documents ascend); the shared ones
            // are added in owner order too, so the two runs are merged, not sorted.
            let ownRequests = requests.count
            var g = 0
            while g < byOwner.count {
                let owner = UInt32(byOwner[g] >> 32)
                var e = g + 1
                var last = shared[Int(byOwner[g] & 0xFFFF_FFFF)].unit
                while e < byOwner.count && UInt32(byOwner[e] >> 32) == owner {
                    last = max(last, shared[Int(byOwner[e] & 0xFFFF_FFFF)].unit)
                    e += 1
                }
                // Where the owner's units start, read as far as the last one wanted.
                guard segment.units.ownStarts(ofDoc: Int(owner), through: last, into: &homeStarts) else {
                    throw Searcher.unitsCorrupt(segment, owner)
                }
                let firstOwn = segment.units.ownedUnits(ofDoc: Int(owner)).lowerBound
                for x in byOwner[g ..< e] {
                    let r = shared[Int(x & 0xFFFF_FFFF)]
                    let start = homeStarts[Int(r.unit - firstOwn)]
                    requests.append((r.owner, start, start + r.length, r.item))
                }
                g = e
            }
            // By owner (then as added): one pass of the body iterators.
            var order: [UInt64] = []
            order.reserveCapacity(requests.count)
            var a = 0, c = ownRequests
            while a < ownRequests || c < requests.count {
                let takeOwn = c == requests.count || (a < ownRequests && requests[a].owner <= requests[c].owner)
                let i = takeOwn ? a : c
                order.append(UInt64(requests[i].owner) << 32 | UInt64(i))
                if takeOwn { a += 1 } else { c += 1 }
            }
            let bodyIts = try terms.map { try lookups.postings(s, .body, $0.term, positions: true) }
            g = 0
            while g < order.count {
                let owner = UInt32(order[g] >> 32)
                var e = g + 1
                while e < order.count && UInt32(order[e] >> 32) == owner { e += 1 }
                // The owner's positions of every term, merged in (position, term) order: the
                // order the per-range occurrences are sorted into.
                merged.removeAll(keepingCapacity: true)
                var termsPresent = 0
                for t in 0 ..< n {
                    // Not two terms even with every term left: the rest need not be read.
                    if termsPresent + (n - t) < 2 { break }
                    guard let it = bodyIts[t], it.advance(to: owner) == owner else { continue }
                    it.positions(into: &buffer)
                    if buffer.isEmpty { continue }
                    termsPresent += 1
                    for pos in buffer { merged.append((pos, t)) }
                }
                // A pair needs two terms in one range, so two in the owner.
                if termsPresent >= 2 {
                    merged.sort { $0.pos != $1.pos ? $0.pos < $1.pos : $0.term < $1.term }
                    for x in order[g ..< e] {
                        let r = requests[Int(x & 0xFFFF_FFFF)]
                        // The occurrences in the unit's range (binary search to its start),
                        // and which terms they are.
                        var lo = 0, hi = merged.count
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if merged[mid].pos < r.start { lo = mid + 1 } else { hi = mid }
                        }
                        var j = lo
                        var seen: UInt64 = 0
                        while j < merged.count && merged[j].pos < r.end {
                            seen |= 1 << UInt64(merged[j].term)
                            j += 1
                        }
                        guard seen & (seen &- 1) != 0 else { continue }
                        occurrences.removeAll(keepingCapacity: true)
                        for q in lo ..< j { occurrences.append((merged[q].pos - r.start, merged[q].term)) }
                        Searcher.addPairs(&occurrences, window: p.window, weight: 1, n: n, into: &acc, at: r.item * nn)
                    }
                }
                g = e
            }
            for (k, item) in items.enumerated() {
                let d = item.local
                var length: Float = 0
                for f in fields { length += f.weight * FieldNorms.decode(segment.norm(f.field, d)) }
                let norm = k1 * (1 - b + b * length / avg)
                var bonus: Float = 0
                for i in 0 ..< n {
                    for j in (i + 1) ..< n where acc[k * nn + i * n + j] > 0 {
                        let a = acc[k * nn + i * n + j]
                        bonus += pairWeight[i * n + j] * a / (a + norm)
                    }
                }
                hits[item.index].score += p.weight * bonus
            }
        }
        hits[0 ..< depth].sort { TopKCollector.worse($1, $0) }
    }

    static func unitsCorrupt(_ segment: SegmentReader, _ doc: UInt32) -> GleanerError {
        .corruptIndex(file: SegmentFiles.fileName(segment.info.name, SegmentFiles.units.0), reason: "units of document \(doc) do not decode")
    }

    /// Adds `weight / d²` to `acc[at + min(ta, tb) · n + max(ta, tb)]` for every two
    /// occurrences of different terms `d ≤ window` positions apart (sorts `occurrences`).
    static func addPairs(_ occurrences: inout [(pos: UInt32, term: Int)], window: Int, weight: Float, n: Int,
                         into acc: inout [Float], at base: Int) {
        occurrences.sort { $0.pos < $1.pos }
        for a in occurrences.indices {
            var c = a + 1
            while c < occurrences.count && Int(occurrences[c].pos - occurrences[a].pos) <= window {
                let ta = occurrences[a].term, tc = occurrences[c].term
                if ta != tc {
                    let dist = Float(occurrences[c].pos - occurrences[a].pos)
                    acc[base + min(ta, tc) * n + max(ta, tc)] += weight / (dist * dist)
                }
                c += 1
            }
        }
    }
}

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
/// Title co-occurrences count with the title weight. Only the best `rerankDepth` documents are
/// re-scored (positions are read for them alone), so the cost is O(depth × query words).
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
        let fields: [(field: Field, weight: Float)] = [(.body, 1), (.title, options.bm25.titleWeight)]
        var avg: Float = 0
        for f in fields { avg += f.weight * Float(reader.averageLength(f.field)) }
        avg = max(avg, 1)
        let k1 = options.bm25.k1, b = options.bm25.b
        var pairWeight = [Float](repeating: 0, count: n * n)
        for i in 0 ..< n {
            for j in 0 ..< n where !p.adjacentPairsOnly || abs(i - j) == 1 { pairWeight[i * n + j] = min(terms[i].idf, terms[j].idf) }
        }
        var acc = [Float](repeating: 0, count: n * n)
        var occurrences: [(pos: UInt32, term: Int)] = []
        var buffer: [UInt32] = []
        for (s, items) in bySegment {
            let segment = reader.segments[s]
            var its: [[PostingsIterator?]] = []
            for f in fields {
                its.append(try terms.map { try lookups.postings(s, f.field, $0.term, positions: true) })
            }
            for item in items.sorted(by: { $0.local < $1.local }) {
                let d = item.local
                for k in acc.indices { acc[k] = 0 }
                var length: Float = 0
                for (fi, f) in fields.enumerated() {
                    length += f.weight * FieldNorms.decode(segment.norm(f.field, d))
                    occurrences.removeAll(keepingCapacity: true)
                    var present = 0
                    for t in 0 ..< n {
                        guard let it = its[fi][t], it.advance(to: d) == d else { continue }
                        it.positions(into: &buffer)
                        for pos in buffer { occurrences.append((pos, t)) }
                        present += 1
                    }
                    guard present >= 2 else { continue }
                    occurrences.sort { $0.pos < $1.pos }
                    for a in occurrences.indices {
                        var c = a + 1
                        while c < occurrences.count && Int(occurrences[c].pos - occurrences[a].pos) <= p.window {
                            let ta = occurrences[a].term, tc = occurrences[c].term
                            if ta != tc {
                                let dist = Float(occurrences[c].pos - occurrences[a].pos)
                                acc[min(ta, tc) * n + max(ta, tc)] += f.weight / (dist * dist)
                            }
                            c += 1
                        }
                    }
                }
                let norm = k1 * (1 - b + b * length / avg)
                var bonus: Float = 0
                for i in 0 ..< n {
                    for j in (i + 1) ..< n where acc[i * n + j] > 0 {
                        let a = acc[i * n + j]
                        bonus += pairWeight[i * n + j] * a / (a + norm)
                    }
                }
                hits[item.index].score += p.weight * bonus
            }
        }
        hits[0 ..< depth].sort { TopKCollector.worse($1, $0) }
    }
}

import Foundation

/// Fusion of the BM25F ranking with a Dirichlet-smoothed query-likelihood ranking.
///
/// BM25 and query likelihood (Zhai & Lafferty 2001) weigh term frequency and document length
/// differently (saturation against smoothing), and their errors are only partly correlated, so
/// combining the two rankings is a robust gain (Cormack et al. 2009, reciprocal rank fusion).
public struct FusionParameters: Sendable, Equatable {
    /// How the two rankings combine.
    public enum Method: String, Sendable, CaseIterable {
        /// Reciprocal rank fusion: `Σ 1/(k + rank)`.
        case rrf
        /// Min-max normalised scores, summed (CombSUM).
        case scoreSum = "sum"
    }

    /// On by default, as CombSUM: on SciFact it beat (combined-length) BM25F alone in all nine
    /// cells of a k1 {0.9, 1.2, 1.5} × b {0.4, 0.6, 0.75} grid (nDCG@10 +0.002 to +0.012, mean
    /// +0.008), μ 500–2000 alike; at the final defaults the gain is small (nDCG@10 +0.002, 25 queries
    /// better and 27 worse; Recall@100 +0.007). RRF gains less (ranks drop how far apart the
    /// scores are). About 0.02 ms a query on 10,000 news pages.
    public var enabled = true
    public var method = Method.scoreSum
    /// Dirichlet prior μ of the query-likelihood model.
    public var mu: Float = 1000
    /// RRF's rank constant.
    public var k: Float = 60
    /// How many of the best BM25F documents are fused (at least the requested page); 30 for the
    /// same reasons as `ProximityParameters.rerankDepth`. Batch runs (`--limit 1000`) fuse all.
    public var depth = 30
    /// Weight of the query-likelihood ranking (the BM25F ranking weighs 1).
    public var weight: Float = 1

    public init() {}
}

/// Query likelihood with Dirichlet smoothing over the fields of the default scope, weighted like
/// BM25F (title counts `titleWeight` times): `tf' = Σ w_f tf_f`, `|d| = Σ w_f len_f`,
/// `p(t|C) = Σ w_f ttf_f / Σ w_f totalLength_f`, and
/// `log P(q|d) = Σ_t c(t,q) · log((tf' + μ p(t|C)) / (|d| + μ))`, computed rank-equivalently
/// as `Σ_t c(t,q) log(1 + tf'/(μ p(t|C))) + |q| log(μ/(|d| + μ))`.
/// Only the best `depth` documents of the first pass are scored (postings advanced in doc order,
/// no positions), so the cost is O(depth × query terms).
extension Searcher {
    func fuseQueryLikelihood(_ hits: inout [SearchHit], terms: [[UInt8]], options: Options) throws {
        let f = options.fusion
        guard f.enabled, !hits.isEmpty, !terms.isEmpty else { return }
        let depth = min(hits.count, max(f.depth, options.offset + options.limit))
        let fields: [(field: Field, weight: Float)] = [(.body, 1), (.title, options.bm25.titleWeight)]
        var collectionLength: Double = 0
        for x in fields {
            let i = Int(x.field.rawValue)
            collectionLength += Double(x.weight) * Double(reader.manifest.segments.reduce(0) { $0 + (i < $1.fieldLengthSums.count ? $1.fieldLengthSums[i] : 0) })
        }
        guard collectionLength > 0 else { return }
        // Distinct terms with their query counts and collection probabilities.
        var unique: [(term: [UInt8], count: Float, smoothing: Float)] = []
        for t in terms {
            if let i = unique.firstIndex(where: { $0.term == t }) { unique[i].count += 1; continue }
            var ttf: Double = 0
            for x in fields { ttf += Double(x.weight) * Double(try lookups.totalTermFreq(x.field, t)) }
            // A term absent from the collection gives every document likelihood 0: it cannot rank.
            guard ttf > 0 else { continue }
            unique.append((t, 1, Float(Double(f.mu) * ttf / collectionLength)))
        }
        guard !unique.isEmpty else { return }
        let queryLength = unique.reduce(Float(0)) { $0 + $1.count }
        var bySegment: [Int: [(index: Int, local: UInt32)]] = [:]
        for i in 0 ..< depth {
            let (s, local) = reader.locate(hits[i].doc)
            bySegment[s, default: []].append((i, UInt32(local)))
        }
        var likelihood = [Float](repeating: 0, count: depth)
        for (s, items) in bySegment {
            let segment = reader.segments[s]
            var its: [[PostingsIterator?]] = []
            for x in fields { its.append(try unique.map { try lookups.postings(s, x.field, $0.term, positions: false) }) }
            for item in items.sorted(by: { $0.local < $1.local }) {
                let d = item.local
                var length: Float = 0
                for x in fields { length += x.weight * FieldNorms.decode(segment.norm(x.field, d)) }
                var score = queryLength * log(f.mu / (length + f.mu))
                for (t, u) in unique.enumerated() {
                    var tf: Float = 0
                    for (fi, x) in fields.enumerated() {
                        if let it = its[fi][t], it.advance(to: d) == d { tf += x.weight * Float(it.freq) }
                    }
                    if tf > 0 { score += u.count * log(1 + tf / u.smoothing) }
                }
                likelihood[item.index] = score
            }
            for row in its { if row.contains(where: { $0?.isCorrupt ?? false }) { throw corrupt(segment) } }
        }
        // hits[0 ..< depth] is the first ranking (best first); rank the same documents by likelihood.
        let order = (0 ..< depth).sorted { likelihood[$0] != likelihood[$1] ? likelihood[$0] > likelihood[$1] : $0 < $1 }
        var secondRank = [Int](repeating: 0, count: depth)
        for (r, i) in order.enumerated() { secondRank[i] = r }
        let w = max(f.weight, 0)
        switch f.method {
        case .rrf:
            // Scaled so that first in both rankings scores 1; documents past the depth keep their
            // order below every fused one.
            let k = max(f.k, 0)
            let scale = (k + 1) / (1 + w)
            for i in 0 ..< hits.count {
                let r2 = i < depth ? secondRank[i] : i
                hits[i].score = scale * (1 / (k + Float(i) + 1) + w / (k + Float(r2) + 1))
            }
        case .scoreSum:
            var lo1 = Float.infinity, hi1 = -Float.infinity, lo2 = Float.infinity, hi2 = -Float.infinity
            for i in 0 ..< depth {
                lo1 = min(lo1, hits[i].score); hi1 = max(hi1, hits[i].score)
                lo2 = min(lo2, likelihood[i]); hi2 = max(hi2, likelihood[i])
            }
            let span1 = max(hi1 - lo1, 1e-9), span2 = max(hi2 - lo2, 1e-9)
            for i in 0 ..< hits.count {
                let n1 = (hits[i].score - lo1) / span1
                hits[i].score = i < depth ? (n1 + w * (likelihood[i] - lo2) / span2) / (1 + w) : min(n1, 0) / (1 + w) - 1e-6
            }
        }
        hits.sort { TopKCollector.worse($1, $0) }
    }
}

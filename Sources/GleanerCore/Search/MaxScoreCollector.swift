/// Top-k evaluation of a disjunction with MaxScore dynamic pruning (Turtle & Flood 1995, as in
/// Lucene's MaxScoreBulkScorer), using term-level score upper bounds (`Scorer.maxScore`).
///
/// Clauses are sorted by upper bound. Once the collector holds `k` hits (and at least
/// `exactTotalThreshold` were counted), the longest prefix of clauses whose bounds summed cannot
/// beat the entry threshold becomes "non-essential": candidates come only from the essential
/// clauses, and non-essential ones are advanced to a candidate only while it can still make
/// the cut. In the words-matched tier mode the bound is (clauses, score) compared
/// lexicographically, so once the page is full of all-word documents the query runs like a
/// conjunction driven by one clause.
struct MaxScoreCollector {
    let scorers: [Scorer]
    let tiered: Bool
    let exactTotalThreshold: Int
    /// prefixBound[i] = Σ maxScore of scorers[0 ... i].
    let prefixBound: [Float]
    /// Whether some document was skipped without being counted (the total is then a lower bound).
    private(set) var pruned = false

    /// `scorers` unretained, for the loop of `run` (the array keeps them alive): calling through
    /// a guaranteed reference spares a retain and a release per clause and candidate.
    private let refs: [Unmanaged<Scorer>]

    init(scorers: [Scorer], tiered: Bool, exactTotalThreshold: Int) {
        self.scorers = scorers.sorted { $0.maxScore < $1.maxScore }
        refs = self.scorers.map { Unmanaged.passUnretained($0) }
        self.tiered = tiered
        self.exactTotalThreshold = exactTotalThreshold
        var sums: [Float] = []
        var s: Float = 0
        for x in self.scorers { s += x.maxScore; sums.append(s) }
        prefixBound = sums
    }

    /// Whether a document with `tier` clauses and `score` would enter above `threshold`.
    @inline(__always)
    func beats(tier: Int, score: Float, _ threshold: SearchHit) -> Bool {
        let t = tiered ? tier : 0
        if t != threshold.tier { return t > threshold.tier }
        return score > threshold.score
    }

    mutating func run(segment: SegmentReader, base: Int, into collector: inout TopKCollector) {
        let n = scorers.count
        for s in scorers { _ = s.advance(to: 0) }
        var firstEssential = 0
        var threshold: SearchHit? = nil
        var blockBounds = [Float](repeating: 0, count: n)
        /// Σ block bounds of scorers[0 ... i] at the current candidate (never above prefixBound).
        var blockPrefix = [Float](repeating: 0, count: n)
        func refresh(_ collector: TopKCollector) {
            guard collector.total >= exactTotalThreshold, let min = collector.minimum else { return }
            threshold = min
            while firstEssential < n && !beats(tier: firstEssential + 1, score: prefixBound[firstEssential], min) {
                firstEssential += 1
            }
        }
        refresh(collector)
        while firstEssential < n {
            var d = Scorer.noMoreDocs
            for i in firstEssential ..< n {
                let x = refs[i]._withUnsafeGuaranteedRef { $0.doc }
                if x < d { d = x }
            }
            if d == Scorer.noMoreDocs { break }
            if let t = threshold {
                // Block-max: bound every clause over the window of blocks holding `d`; when the
                // sum cannot enter, skip the window (Ding & Suel's block-max idea, MaxScore style).
                var total: Float = 0
                var upTo = Scorer.noMoreDocs - 1
                for i in 0 ..< n {
                    let b = refs[i]._withUnsafeGuaranteedRef { $0.cachedBlockMax(at: d) }
                    blockBounds[i] = b.bound
                    total += b.bound
                    upTo = min(upTo, b.upTo)
                }
                if !beats(tier: n, score: total, t) {
                    pruned = true
                    guard upTo < Scorer.noMoreDocs - 1 else { break }
                    for i in firstEssential ..< n where refs[i]._withUnsafeGuaranteedRef({ $0.doc }) <= upTo {
                        _ = refs[i]._withUnsafeGuaranteedRef { $0.advance(to: upTo + 1) }
                    }
                    continue
                }
                var sum: Float = 0
                for i in 0 ..< firstEssential {
                    sum += blockBounds[i]
                    blockPrefix[i] = min(sum, prefixBound[i])
                }
            } else {
                for i in 0 ..< firstEssential { blockPrefix[i] = prefixBound[i] }
            }
            if !segment.isDeleted(d) {
                var score: Float = 0
                var tier = 0
                for i in firstEssential ..< n {
                    refs[i]._withUnsafeGuaranteedRef { s in if s.doc == d { score += s.score(); tier += 1 } }
                }
                var possible = true
                var i = firstEssential - 1
                while i >= 0 {
                    if let t = threshold, !beats(tier: tier + i + 1, score: score + blockPrefix[i], t) { possible = false; break }
                    refs[i]._withUnsafeGuaranteedRef { s in if s.advance(to: d) == d { score += s.score(); tier += 1 } }
                    i -= 1
                }
                if possible {
                    collector.collect(SearchHit(doc: base + Int(d), score: score, tier: tiered ? tier : 0))
                    refresh(collector)
                } else {
                    pruned = true
                }
            }
            for i in firstEssential ..< n { refs[i]._withUnsafeGuaranteedRef { s in if s.doc == d { _ = s.next() } } }
        }
        if firstEssential > 0 { pruned = true }
    }
}

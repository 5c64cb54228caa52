/// Combines sub-scorers: all `must` match (conjunction, leapfrogging on `advance`), at least
/// `minShould` of `should` match (disjunction), none of `mustNot` match. The score is the sum
/// of the matching sub-scores; `matchedClauses` counts matching must and should clauses.
final class BooleanScorer: SeekingScorer {
    let must: [Scorer]
    let should: [Scorer]
    let mustNot: [Scorer]
    let minShould: Int
    /// Counts as one clause for the words-matched tier (the expansions of one fuzzy word).
    let singleClause: Bool

    init(must: [Scorer], should: [Scorer], mustNot: [Scorer], minShould: Int, singleClause: Bool = false) {
        self.singleClause = singleClause
        self.must = must.sorted { $0.cost < $1.cost }
        self.should = should
        self.mustNot = mustNot
        self.minShould = minShould
        super.init()
        for s in should { _ = s.advance(to: 0) }
        for n in mustNot { _ = n.advance(to: 0) }
    }

    // The loops read clauses as `unowned(unsafe)` (the arrays keep them alive): no retain and
    // release per clause and move.
    override func seek(from target: UInt32) -> UInt32 {
        var t = target
        outer: while true {
            var candidate: UInt32
            if !must.isEmpty {
                unowned(unsafe) let lead = must[0]
                candidate = lead.advance(to: t)
                if candidate == Scorer.noMoreDocs { break }
                for i in 1 ..< must.count {
                    unowned(unsafe) let m = must[i]
                    let d = m.advance(to: candidate)
                    if d > candidate { t = d; continue outer }
                }
            } else {
                candidate = Scorer.noMoreDocs
                for i in 0 ..< should.count {
                    unowned(unsafe) let s = should[i]
                    let d = s.doc < t ? s.advance(to: t) : s.doc
                    if d < candidate { candidate = d }
                }
                if candidate == Scorer.noMoreDocs { break }
            }
            var matched = 0
            for i in 0 ..< should.count {
                unowned(unsafe) let s = should[i]
                let d = s.doc < candidate ? s.advance(to: candidate) : s.doc
                if d == candidate { matched += 1 }
            }
            if matched < minShould { t = candidate + 1; continue }
            for i in 0 ..< mustNot.count {
                unowned(unsafe) let n = mustNot[i]
                let d = n.doc < candidate ? n.advance(to: candidate) : n.doc
                if d == candidate { t = candidate + 1; continue outer }
            }
            return candidate
        }
        return Scorer.noMoreDocs
    }

    override func score() -> Float {
        var s: Float = 0
        for i in 0 ..< must.count {
            unowned(unsafe) let m = must[i]
            s += m.score()
        }
        for i in 0 ..< should.count {
            unowned(unsafe) let x = should[i]
            if x.doc == doc { s += x.score() }
        }
        return s
    }

    override var matchedClauses: Int {
        if singleClause { return 1 }
        return must.count + should.reduce(0) { $0 + ($1.doc == doc ? 1 : 0) }
    }

    override var maxScore: Float { must.reduce(0) { $0 + $1.maxScore } + should.reduce(0) { $0 + $1.maxScore } }

    /// Sum of the clauses' block bounds (must and should), over the shortest window.
    override func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        var bound: Float = 0
        var upTo = Scorer.noMoreDocs - 1
        for c in must {
            let b = c.cachedBlockMax(at: target)
            bound += b.bound
            upTo = min(upTo, b.upTo)
        }
        for c in should {
            let b = c.cachedBlockMax(at: target)
            bound += b.bound
            upTo = min(upTo, b.upTo)
        }
        return (bound * 1.0001, upTo)
    }

    /// A conjunction (every should clause required too) matches all its clauses; a fuzzy word's
    /// expansions count as one.
    override var fixedTier: Int? {
        if singleClause { return 1 }
        return minShould >= should.count ? must.count + should.count : nil
    }

    override var cost: Int {
        must.isEmpty ? should.reduce(0) { $0 + $1.cost } : (must.map(\.cost).min() ?? 0)
    }

    override var isCorrupt: Bool {
        must.contains { $0.isCorrupt } || should.contains { $0.isCorrupt } || mustNot.contains { $0.isCorrupt }
    }
}

/// Matches nothing (a term absent from a segment).
final class EmptyScorer: Scorer {
    override init() { super.init(); doc = Scorer.noMoreDocs }
    override func next() -> UInt32 { Scorer.noMoreDocs }
    override func advance(to target: UInt32) -> UInt32 { Scorer.noMoreDocs }
    override func score() -> Float { 0 }
    override var maxScore: Float { 0 }
}

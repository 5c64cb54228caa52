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
        mustRefs = self.must.map { Unmanaged.passUnretained($0) }
        shouldRefs = should.map { Unmanaged.passUnretained($0) }
        mustNotRefs = mustNot.map { Unmanaged.passUnretained($0) }
        self.minShould = minShould
        super.init()
        for s in should { _ = s.advance(to: 0) }
        for n in mustNot { _ = n.advance(to: 0) }
    }

    /// The clauses unretained, for the loops below: the arrays above keep them alive as long
    /// as this scorer, and calling through a guaranteed reference spares a retain and a release
    /// per clause and move.
    private let mustRefs: [Unmanaged<Scorer>]
    private let shouldRefs: [Unmanaged<Scorer>]
    private let mustNotRefs: [Unmanaged<Scorer>]

    override func seek(from target: UInt32) -> UInt32 {
        var t = target
        outer: while true {
            var candidate: UInt32
            if !mustRefs.isEmpty {
                candidate = mustRefs[0]._withUnsafeGuaranteedRef { $0.advance(to: t) }
                if candidate == Scorer.noMoreDocs { break }
                for i in 1 ..< mustRefs.count {
                    let c = candidate
                    let d = mustRefs[i]._withUnsafeGuaranteedRef { $0.advance(to: c) }
                    if d > candidate { t = d; continue outer }
                }
            } else {
                candidate = Scorer.noMoreDocs
                for i in 0 ..< shouldRefs.count {
                    let d = shouldRefs[i]._withUnsafeGuaranteedRef { $0.doc < t ? $0.advance(to: t) : $0.doc }
                    if d < candidate { candidate = d }
                }
                if candidate == Scorer.noMoreDocs { break }
            }
            var matched = 0
            let c = candidate
            for i in 0 ..< shouldRefs.count {
                let d = shouldRefs[i]._withUnsafeGuaranteedRef { $0.doc < c ? $0.advance(to: c) : $0.doc }
                if d == candidate { matched += 1 }
            }
            if matched < minShould { t = candidate + 1; continue }
            for i in 0 ..< mustNotRefs.count {
                let d = mustNotRefs[i]._withUnsafeGuaranteedRef { $0.doc < c ? $0.advance(to: c) : $0.doc }
                if d == candidate { t = candidate + 1; continue outer }
            }
            return candidate
        }
        return Scorer.noMoreDocs
    }

    override func score() -> Float {
        var s: Float = 0
        for i in 0 ..< mustRefs.count { s += mustRefs[i]._withUnsafeGuaranteedRef { $0.score() } }
        let d = doc
        for i in 0 ..< shouldRefs.count {
            s += shouldRefs[i]._withUnsafeGuaranteedRef { $0.doc == d ? $0.score() : 0 }
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

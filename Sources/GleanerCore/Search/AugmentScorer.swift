/// Matches exactly the documents of `base` and adds the score of `extra` where it also matches:
/// expansion terms of pseudo-relevance feedback re-rank, they never add documents or words to
/// the words-matched tier.
final class AugmentScorer: Scorer {
    let base: Scorer
    let extra: Scorer

    init(base: Scorer, extra: Scorer) {
        self.base = base
        self.extra = extra
        super.init()
        doc = base.doc
    }

    override func next() -> UInt32 { doc = base.next(); return doc }

    override func advance(to target: UInt32) -> UInt32 { doc = base.advance(to: target); return doc }

    override func score() -> Float {
        var s = base.score()
        if doc != Scorer.noMoreDocs && extra.advance(to: doc) == doc { s += extra.score() }
        return s
    }

    override var matchedClauses: Int { base.matchedClauses }
    override var cost: Int { base.cost }
    override var maxScore: Float { base.maxScore + extra.maxScore }
    override var isCorrupt: Bool { base.isCorrupt || extra.isCorrupt }
}

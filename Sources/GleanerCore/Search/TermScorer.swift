/// Scores one analysed term with BM25F over the fields of its scope (union of field postings).
final class TermScorer: Scorer {
    let iterators: [(field: Field, it: PostingsIterator)]
    let weight: BM25Weight
    let segment: SegmentReader

    init(segment: SegmentReader, iterators: [(Field, PostingsIterator)], weight: BM25Weight) {
        self.segment = segment
        self.iterators = iterators.map { (field: $0.0, it: $0.1) }
        self.weight = weight
        for (_, it) in iterators { it.next() }
        singleBounds = iterators.map { x in
            x.1.singleBlockBound { d in Int(d) < segment.docCount ? (segment.norm(.body, d), segment.norm(.title, d)) : (0, 0) }
        }
        super.init()
        doc = currentMin()
        started = false
    }

    /// Per iterator of a one-block term: that block's bound (the others have skip tables).
    private let singleBounds: [PostingsIterator.BlockBound?]

    private var started = true

    private func currentMin() -> UInt32 {
        var m = Scorer.noMoreDocs
        for x in iterators where x.it.doc < m { m = x.it.doc }
        return m
    }

    override func next() -> UInt32 {
        if !started { started = true; return doc }
        for x in iterators where x.it.doc == doc { x.it.next() }
        doc = currentMin()
        return doc
    }

    override func advance(to target: UInt32) -> UInt32 {
        started = true
        if doc >= target { return doc }
        for x in iterators where x.it.doc < target { x.it.advance(to: target) }
        doc = currentMin()
        return doc
    }

    override func score() -> Float {
        if !weight.fieldAverages.isEmpty {
            var ntf: Float = 0
            for x in iterators where x.it.doc == doc {
                let f = Int(x.field.rawValue)
                ntf += weight.fieldWeights[f] * Float(x.it.freq) / weight.fieldNorm(f, length: FieldNorms.decode(segment.norm(x.field, doc)))
            }
            return weight.score(normalizedTF: ntf)
        }
        var tf: Float = 0
        var length: Float = 0
        for f in Field.allCases {
            let w = weight.fieldWeights[Int(f.rawValue)]
            if w > 0 { length += w * FieldNorms.decode(segment.norm(f, doc)) }
        }
        for x in iterators where x.it.doc == doc {
            tf += weight.fieldWeights[Int(x.field.rawValue)] * Float(x.it.freq)
        }
        return weight.score(tf: tf, length: length)
    }

    /// Σ over fields of weight × the block's largest frequency, saturated at the smallest
    /// weighted length the blocks' norm codes allow; the window ends at the first block end.
    override func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        guard weight.fieldAverages.isEmpty else { return (maxScore, Scorer.noMoreDocs - 1) }
        var tf: Float = 0
        var upTo = Scorer.noMoreDocs - 1
        var minBody = UInt8.max, minTitle = UInt8.max
        for (k, x) in iterators.enumerated() {
            let b: PostingsIterator.BlockBound
            if x.it.hasSkipTable {
                guard let found = x.it.blockBound(for: target) else { continue }
                b = found
                upTo = min(upTo, b.lastDoc)
            } else {
                guard let found = singleBounds[k] else { return (maxScore, Scorer.noMoreDocs - 1) }
                if found.lastDoc < target { continue }
                b = found
            }
            tf += weight.fieldWeights[Int(x.field.rawValue)] * Float(b.maxFreq)
            minBody = min(minBody, b.minBodyNorm)
            minTitle = min(minTitle, b.minTitleNorm)
        }
        if tf == 0 { return (0, upTo) }
        // Other fields of the scope add lengths ≥ 0: leaving them out keeps a lower bound.
        var length: Float = 0
        let wb = weight.fieldWeights[Int(Field.body.rawValue)], wt = weight.fieldWeights[Int(Field.title.rawValue)]
        if wb > 0 { length += wb * FieldNorms.decode(minBody) }
        if wt > 0 { length += wt * FieldNorms.decode(minTitle) }
        // A hair above the exact bound: float rounding must never make it smaller than a score.
        return (min(weight.score(tf: tf, length: length) * 1.0001, maxScore), upTo)
    }

    override var fixedTier: Int? { 1 }

    override var cost: Int { iterators.reduce(0) { $0 + Int($1.it.docFreq) } }
    /// BM25 saturates below `idf` (tf / (tf + norm) < 1).
    override var maxScore: Float { weight.maxScore }
    override var isCorrupt: Bool { iterators.contains { $0.it.isCorrupt } }
}

/// Scores one analysed term with BM25F over the fields of its scope (union of field postings).
final class TermScorer: Scorer {
    let iterators: [(field: Field, it: PostingsIterator)]
    let weight: BM25Weight
    let segment: SegmentReader

    init(segment: SegmentReader, iterators: [(Field, PostingsIterator)], weight: BM25Weight) {
        self.segment = segment
        self.iterators = iterators.map { (field: $0.0, it: $0.1) }
        self.weight = weight
        super.init()
        for x in self.iterators { x.it.next() }
        doc = currentMin()
        started = false
    }

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

    override var cost: Int { iterators.reduce(0) { $0 + Int($1.it.docFreq) } }
    /// BM25 saturates below `idf` (tf / (tf + norm) < 1).
    override var maxScore: Float { weight.maxScore }
    override var isCorrupt: Bool { iterators.contains { $0.it.isCorrupt } }
}

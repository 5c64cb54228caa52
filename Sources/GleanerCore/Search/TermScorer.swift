/// Scores one analysed term with BM25F over the fields of its scope (union of field postings).
final class TermScorer: Scorer {
    let iterators: [(field: Field, it: PostingsIterator)]
    let weight: BM25Weight
    let segment: SegmentReader

    init(segment: SegmentReader, iterators: [(Field, PostingsIterator)], weight: BM25Weight) {
        self.segment = segment
        docCount = segment.docCount
        self.iterators = iterators.map { (field: $0.0, it: $0.1) }
        self.weight = weight
        for (_, it) in iterators { it.next() }
        singleBounds = iterators.map { x in
            x.1.singleBlockBound { d in
                guard Int(d) < segment.docCount, let other = Field(rawValue: PostingsWriter.otherField(x.0.rawValue)) else { return (0, 0) }
                return (segment.norm(x.0, d), segment.norm(other, d))
            }
        }
        scoredFields = Field.allCases.compactMap { f in
            let w = weight.fieldWeights[Int(f.rawValue)]
            return w > 0 ? (f, w) : nil
        }
        iteratorWeights = iterators.map { weight.fieldWeights[Int($0.0.rawValue)] }
        its = iterators.map(\.1)
        itRefs = iterators.map { Unmanaged.passUnretained($0.1) }
        itFields = iterators.map { Int($0.0.rawValue) }
        super.init()
        doc = currentMin()
        started = false
    }

    /// `FieldNorms.decodeTable` and the segment's document count, held here: read per scored
    /// document, the global table would cost a lazy-initialisation check each time.
    private let normTable = FieldNorms.decodeTable
    private let docCount: Int

    /// The fields of the scope with their weights, in `Field` order (the summed length).
    private let scoredFields: [(field: Field, weight: Float)]
    /// Each iterator's field weight.
    private let iteratorWeights: [Float]

    /// Per iterator of a one-block term: that block's bound (the others have skip tables).
    private let singleBounds: [PostingsIterator.BlockBound?]

    private var started = true

    /// The iterators and their fields' raw values, apart. The hot loops read them unretained
    /// (`unowned(unsafe)`, or `itRefs` to call them: `its` keeps them alive as long as the
    /// scorer), which spares a retain and a release per iterator and move.
    private let its: [PostingsIterator]
    private let itRefs: [Unmanaged<PostingsIterator>]
    private let itFields: [Int]

    @inline(__always)
    private func currentMin() -> UInt32 {
        var m = Scorer.noMoreDocs
        for i in 0 ..< its.count {
            unowned(unsafe) let it = its[i]
            if it.doc < m { m = it.doc }
        }
        return m
    }

    override func next() -> UInt32 {
        if !started { started = true; return doc }
        for i in 0 ..< itRefs.count {
            itRefs[i]._withUnsafeGuaranteedRef { it in if it.doc == doc { it.next() } }
        }
        doc = currentMin()
        return doc
    }

    override func advance(to target: UInt32) -> UInt32 {
        started = true
        if doc >= target { return doc }
        for i in 0 ..< itRefs.count {
            itRefs[i]._withUnsafeGuaranteedRef { it in if it.doc < target { it.advance(to: target) } }
        }
        doc = currentMin()
        return doc
    }

    override func score() -> Float {
        if !weight.fieldAverages.isEmpty {
            var ntf: Float = 0
            for i in 0 ..< its.count {
                unowned(unsafe) let it = its[i]
                guard it.doc == doc else { continue }
                let f = itFields[i]
                let length = normTable[Int(segment.norms[f * docCount + Int(doc)])]
                ntf += weight.fieldWeights[f] * Float(it.freq) / weight.fieldNorm(f, length: length)
            }
            return weight.score(normalizedTF: ntf)
        }
        var tf: Float = 0
        var length: Float = 0
        for (f, w) in scoredFields { length += w * normTable[Int(segment.norm(f, doc))] }
        for i in 0 ..< its.count {
            unowned(unsafe) let it = its[i]
            if it.doc == doc { tf += iteratorWeights[i] * Float(it.freq) }
        }
        return weight.score(tf: tf, length: length)
    }

    /// A bound from the skip entries of the blocks holding `target` (window: up to the first
    /// block end). For a document in iterator `i`'s block, with `x = w_i · tf_i ≤ X_i = w_i ·
    /// maxFreq_i`, the other iterators add at most `c_i = Σ_j X_j` to the combined frequency;
    /// its weighted length is at least `r_i · x` (the block's smallest length/frequency ratio)
    /// plus `m_i`, the other text field's smallest length. BM25F's `t / (t + A + B·L)`
    /// (`A = k1(1 − b)`, `B = k1·b / avgL`) is then at most `g(x) = (x + c) / ((1 + B·r)·x + c
    /// + A + B·m)`, monotone in `x`: its larger end, `g(0)` or `g(X)`. The bound is the largest
    /// over the iterators.
    override func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        guard weight.fieldAverages.isEmpty else { return perFieldBlockMax(at: target) }
        var upTo = Scorer.noMoreDocs - 1
        let n = iterators.count
        if bounds.count != n { bounds = Array(repeating: nil, count: n) }
        for (k, x) in iterators.enumerated() {
            var b: PostingsIterator.BlockBound?
            if x.it.hasSkipTable {
                b = x.it.blockBound(for: target)
                if let found = b { upTo = min(upTo, found.lastDoc) }
            } else {
                guard let found = singleBounds[k] else { return (maxScore, Scorer.noMoreDocs - 1) }
                b = found.lastDoc < target ? nil : found
            }
            bounds[k] = b
        }
        guard let bound = TermScorer.combinedLengthBound(fields: itFields, bounds: bounds, weight: weight) else {
            return (maxScore, upTo)
        }
        return (min(bound, maxScore), upTo)
    }

    /// The combined-length bound of `blockMax` for iterators in fields `fields` (raw values)
    /// whose blocks in the window have `bounds` (nil: no document there), or nil when the bound
    /// degenerates (no length normalisation to rely on). Also bounds a phrase, whose frequency
    /// in a field never exceeds any of its terms' (`PhraseScorer.blockMax`).
    static func combinedLengthBound(fields: [Int], bounds: [PostingsIterator.BlockBound?], weight: BM25Weight) -> Float? {
        var total: Float = 0
        for (k, b) in bounds.enumerated() {
            if let found = b { total += weight.fieldWeights[fields[k]] * Float(found.maxFreq) }
        }
        let a = weight.k1 * (1 - weight.b), scale = weight.k1 * weight.b / max(weight.averageLength, 1)
        var best: Float = 0
        for (k, b) in bounds.enumerated() {
            guard let found = b else { continue }
            let own = UInt8(fields[k])
            let w = weight.fieldWeights[Int(own)]
            let bigX = w * Float(found.maxFreq)
            let c = total - bigX
            let r = found.minLengthRatio.isFinite ? found.minLengthRatio : 0
            let other = PostingsWriter.otherField(own)
            let m = weight.fieldWeights[Int(other)] * FieldNorms.decode(found.minOtherNorm)
            let base = c + a + scale * m
            guard base > 0 else { return nil }
            let g0 = c / base
            let gx = (bigX + c) / ((1 + scale * r) * bigX + base)
            best = max(best, g0, gx)
        }
        if best == 0 { return 0 }
        // A hair above the exact bound: float rounding must never make it smaller than a score.
        return weight.idf * (best + weight.floor) * 1.0001
    }

    /// The block bound under per-field normalisation. In iterator `i`'s block a document has
    /// `tf ≤ X_i` (the block's largest frequency) and length `L ≥ r_i · tf` (its smallest
    /// length/frequency ratio), so its normalised frequency `tf / (1 − b + b·L/avg_i)` is at most
    /// `tf / (1 − b + b·r_i·tf/avg_i)`, which grows with `tf`: at most its value at `X_i`. The
    /// weighted sum of those bounds saturates to the score bound.
    private func perFieldBlockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        var upTo = Scorer.noMoreDocs - 1
        var ntf: Float = 0
        for (k, x) in iterators.enumerated() {
            let found: PostingsIterator.BlockBound?
            if x.it.hasSkipTable {
                found = x.it.blockBound(for: target)
                if let f = found { upTo = min(upTo, f.lastDoc) }
            } else {
                guard let f = singleBounds[k] else { return (maxScore, Scorer.noMoreDocs - 1) }
                found = f.lastDoc < target ? nil : f
            }
            guard let f = found else { continue }
            let field = Int(x.field.rawValue)
            let r = f.minLengthRatio.isFinite ? f.minLengthRatio : 0
            let tf = Float(f.maxFreq)
            let norm = 1 - weight.b + weight.b * r * tf / max(weight.fieldAverages[field], 1)
            guard norm > 0 else { return (maxScore, upTo) }
            ntf += weight.fieldWeights[field] * tf / norm
        }
        if ntf == 0 { return (0, upTo) }
        // A hair above the exact bound: float rounding must never make it smaller than a score.
        return (min(weight.score(normalizedTF: ntf) * 1.0001, maxScore), upTo)
    }

    /// Scratch of `blockMax`: each iterator's block bound at the target.
    private var bounds: [PostingsIterator.BlockBound?] = []

    override var fixedTier: Int? { 1 }

    override var cost: Int { iterators.reduce(0) { $0 + Int($1.it.docFreq) } }
    /// BM25 saturates below `idf` (tf / (tf + norm) < 1).
    override var maxScore: Float { weight.maxScore }
    override var isCorrupt: Bool { iterators.contains { $0.it.isCorrupt } }
}

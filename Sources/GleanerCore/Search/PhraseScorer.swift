/// Matches a phrase (terms at consecutive positions, or within `slop` extra positions, in
/// order) in each field of its scope, and scores the phrase frequency with BM25F.
final class PhraseScorer: Scorer {
    /// Per field: one positions-enabled iterator per phrase term.
    let fields: [(field: Field, its: [PostingsIterator])]
    let weight: BM25Weight
    let slop: Int
    let segment: SegmentReader
    private var freqs: [Float]
    private var buffers: [[UInt32]]
    private var cursors: [Int] = []
    private var fieldDocs: [UInt32]
    /// Scratch of `exactPhraseFrequency`: term order and surviving phrase starts.
    private var order: [Int] = []
    private var starts: [UInt32] = []
    /// Per field: the iterators by ascending document frequency (the leapfrog order).
    private let leapOrder: [[PostingsIterator]]

    init(segment: SegmentReader, fields: [(Field, [PostingsIterator])], weight: BM25Weight, slop: Int) {
        self.segment = segment
        self.fields = fields.map { (field: $0.0, its: $0.1) }
        self.weight = weight
        self.slop = slop
        freqs = Array(repeating: 0, count: fields.count)
        buffers = Array(repeating: [], count: fields.first?.1.count ?? 0)
        fieldDocs = Array(repeating: 0, count: fields.count)
        leapOrder = fields.map { $0.1.sorted { $0.docFreq < $1.docFreq } }
        super.init()
        for i in self.fields.indices { fieldDocs[i] = nextMatch(i, from: 0) }
        doc = fieldDocs.min() ?? Scorer.noMoreDocs
        pendingFirst = true
    }

    private var pendingFirst = false

    /// Next doc ≥ `from` in field `i` where all terms occur and the phrase matches.
    private func nextMatch(_ i: Int, from: UInt32) -> UInt32 {
        let its = fields[i].its
        let leap = leapOrder[i]
        var target = from
        while true {
            // Leapfrog to a doc containing every term, rarest term first: it proposes the
            // candidates, the common ones (stopwords) only skip to them through their skip tables.
            var agreed = false
            while !agreed {
                agreed = true
                for it in leap {
                    let d = it.advance(to: target)
                    if d == Scorer.noMoreDocs { return d }
                    if d > target { target = d; agreed = false }
                }
            }
            let f = phraseFrequency(its)
            if f > 0 { freqs[i] = Float(f); return target }
            target += 1
        }
    }

    /// Occurrences of the phrase in the current document. Each term keeps a cursor into its
    /// sorted positions that only moves forward (the positions wanted grow with the first
    /// term's), so this is O(positions of the document's phrase terms).
    private func phraseFrequency(_ its: [PostingsIterator]) -> Int {
        if slop == 0 { return exactPhraseFrequency(its) }
        for (k, it) in its.enumerated() { it.positions(into: &buffers[k]) }
        var count = 0
        let n = its.count
        if cursors.count < n { cursors = Array(repeating: 0, count: n) }
        for k in 0 ..< n { cursors[k] = 0 }
        for p0 in buffers[0] {
            var last = p0
            var ok = true
            for k in 1 ..< n {
                // Smallest position of term k after the previous term's (exact: last + 1).
                let want = last + 1
                var c = cursors[k]
                while c < buffers[k].count && buffers[k][c] < want { c += 1 }
                cursors[k] = c
                // Term k has no position left: no later start can match either.
                guard c < buffers[k].count else { return count }
                let p = buffers[k][c]
                if slop == 0 && p != want { ok = false; break }
                last = p
            }
            if ok && Int(last - p0) <= n - 1 + slop { count += 1 }
        }
        return count
    }

    /// Exact phrases: the phrase starts `s` with `s + k` a position of term `k` for every `k`.
    /// Terms are read by ascending frequency in the document, and each filters the starts that
    /// survive, so most candidates are rejected on the two rarest terms' positions without
    /// decoding a stopword's. The same count as the general walk with slop 0.
    private func exactPhraseFrequency(_ its: [PostingsIterator]) -> Int {
        let n = its.count
        order.removeAll(keepingCapacity: true)
        for k in 0 ..< n {
            var j = order.count
            order.append(k)
            while j > 0 && its[order[j - 1]].freq > its[k].freq { order[j] = order[j - 1]; j -= 1 }
            order[j] = k
        }
        let first = order[0]
        its[first].positions(into: &starts)
        var live = 0
        let shift = UInt32(first)
        // Index loops over unsafe buffers: iterating `starts` while writing it would copy it.
        starts.withUnsafeMutableBufferPointer { s in
            for i in 0 ..< s.count where s[i] >= shift {
                s[live] = s[i] - shift
                live += 1
            }
        }
        for j in 1 ..< n {
            guard live > 0 else { return 0 }
            let o = order[j]
            // Positions past the last surviving start + o cannot match: decode no further.
            let last = UInt64(starts[live - 1]) + UInt64(o)
            its[o].positions(into: &buffers[0], through: last > UInt64(UInt32.max) ? UInt32.max : UInt32(last))
            let offset = UInt64(o)
            var kept = 0
            starts.withUnsafeMutableBufferPointer { s in
                buffers[0].withUnsafeBufferPointer { ps in
                    var c = 0
                    for i in 0 ..< live {
                        let want = UInt64(s[i]) + offset
                        while c < ps.count && UInt64(ps[c]) < want { c += 1 }
                        if c == ps.count { break }
                        if UInt64(ps[c]) == want {
                            s[kept] = s[i]
                            kept += 1
                        }
                    }
                }
            }
            live = kept
        }
        return live
    }

    override func next() -> UInt32 {
        if pendingFirst { pendingFirst = false; return doc }
        guard doc != Scorer.noMoreDocs else { return doc }
        for i in fields.indices where fieldDocs[i] == doc { fieldDocs[i] = nextMatch(i, from: doc + 1) }
        doc = fieldDocs.min() ?? Scorer.noMoreDocs
        return doc
    }

    override func advance(to target: UInt32) -> UInt32 {
        pendingFirst = false
        if doc >= target { return doc }
        for i in fields.indices where fieldDocs[i] < target { fieldDocs[i] = nextMatch(i, from: target) }
        doc = fieldDocs.min() ?? Scorer.noMoreDocs
        return doc
    }

    override func score() -> Float {
        var tf: Float = 0
        var length: Float = 0
        for f in Field.allCases {
            let w = weight.fieldWeights[Int(f.rawValue)]
            if w > 0 { length += w * FieldNorms.decode(segment.norm(f, doc)) }
        }
        for (i, x) in fields.enumerated() where fieldDocs[i] == doc {
            tf += weight.fieldWeights[Int(x.field.rawValue)] * freqs[i]
        }
        return weight.score(tf: tf, length: length)
    }

    override var maxScore: Float { weight.maxScore }
    override var cost: Int { fields.reduce(0) { $0 + Int($1.its.map(\.docFreq).min() ?? 0) } }
    override var isCorrupt: Bool { fields.contains { $0.its.contains { $0.isCorrupt } } }
}

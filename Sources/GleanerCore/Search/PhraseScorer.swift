/// Matches a phrase (terms at consecutive positions, or within `slop` extra positions, in
/// order) in each field of its scope, and scores the phrase frequency with BM25F.
///
/// A field whose positions are stored per unit (the body, v5: a distinct paragraph's positions
/// are kept by its owner, the first document holding it) is matched at construction: the same
/// position matching over the documents' own positions, each match kept only within one own
/// unit and counted for that unit; the matching units' documents come from the segment's
/// `UnitTable` (a document's phrase frequency sums its units', a unit repeated in it counting
/// each time), sorted, and are then walked like a postings list. A phrase never matches across
/// two paragraphs.
final class PhraseScorer: Scorer {
    /// Per field: one positions-enabled iterator per phrase term.
    let fields: [(field: Field, its: [PostingsIterator])]
    /// Per field with units: its matching documents, their phrase frequencies and the cursor.
    private var materialized: [Bool]
    private var matDocs: [[UInt32]]
    private var matFreqs: [[Float]]
    private var matCursor: [Int]
    private var unitsCorrupt = false
    /// Per field: the doc-level iterator of the rarest term (block bounds).
    private let boundIts: [PostingsIterator?]
    let weight: BM25Weight
    let slop: Int
    let segment: SegmentReader
    private var freqs: [Float]
    private var buffers: [[UInt32]]
    private var cursors: [Int] = []
    private var fieldDocs: [UInt32]
    /// Scratch of `nextExactMatch`: surviving phrase starts, and the next term's positions.
    private let starts = PositionBuffer()
    private let scratch = PositionBuffer()
    /// Per field: the iterators by ascending document frequency (the leapfrog order).
    private let leapOrder: [[PostingsIterator]]
    /// Per field: the phrase offsets of `leapOrder`'s iterators.
    private let leapIndex: [[Int]]
    /// `leapOrder` unretained (it keeps them alive): called through guaranteed references, the
    /// iterators cost no retain and release per move.
    private let leapRefs: [[Unmanaged<PostingsIterator>]]

    /// `fields`: per field, its iterators and whether its positions are stored per unit.
    init(segment: SegmentReader, fields: [(Field, [PostingsIterator], Bool)], weight: BM25Weight, slop: Int) {
        self.segment = segment
        self.fields = fields.map { (field: $0.0, its: $0.1) }
        self.weight = weight
        self.slop = slop
        freqs = Array(repeating: 0, count: fields.count)
        buffers = Array(repeating: [], count: fields.first?.1.count ?? 0)
        fieldDocs = Array(repeating: 0, count: fields.count)
        let matchIts = fields.map { $0.1 }
        materialized = fields.map { $0.2 }
        matDocs = Array(repeating: [], count: fields.count)
        matFreqs = Array(repeating: [], count: fields.count)
        matCursor = Array(repeating: 0, count: fields.count)
        leapOrder = matchIts.map { $0.sorted { $0.docFreq < $1.docFreq } }
        leapIndex = matchIts.map { its in its.indices.sorted { its[$0].docFreq < its[$1].docFreq } }
        leapRefs = leapOrder.map { $0.map { Unmanaged.passUnretained($0) } }
        boundFields = fields.map { Int($0.0.rawValue) }
        // A field matched at construction runs its iterators to the end: its bounds come from a
        // fresh one.
        let boundIts = fields.map { f in f.1.min { $0.docFreq < $1.docFreq }.map { f.2 ? $0.restarted() : $0 } }
        self.boundIts = boundIts
        // Before any move: a one-block term's bound is read from its decoded block.
        singleBounds = zip(fields, boundIts).map { f, first in
            first?.singleBlockBound { d in
                guard Int(d) < segment.docCount, let other = Field(rawValue: PostingsWriter.otherField(f.0.rawValue)) else { return (0, 0) }
                return (segment.norm(f.0, d), segment.norm(other, d))
            }
        }
        super.init()
        for i in self.fields.indices where materialized[i] { collectUnitMatches(i) }
        for i in self.fields.indices { fieldDocs[i] = nextMatch(i, from: 0) }
        doc = fieldDocs.min() ?? Scorer.noMoreDocs
        pendingFirst = true
    }

    private var pendingFirst = false

    /// Matches the phrase in every own unit of every document of field `i` and turns the units
    /// into documents with summed frequencies (`matDocs`, `matFreqs`, ascending by document).
    private func collectUnitMatches(_ i: Int) {
        var pairs: [UInt64] = []
        var unitFreqs: [Float] = []
        let units = segment.units
        var occurrences: [UnitTable.Occurrence] = []
        var scratch: [UInt32] = []
        let n = fields[i].its.count
        var d = nextPositional(i, from: 0)
        while d != Scorer.noMoreDocs {
            guard units.occurrences(ofDoc: Int(d), into: &occurrences, scratch: &scratch) else { unitsCorrupt = true; break }
            if slop == 0 {
                // The phrase starts found, ascending: each counts for the own unit holding all of it.
                let live = Int(freqs[i])
                let s = starts.base
                var k = 0
                var j = 0
                while j < live {
                    let p = s[j]
                    while k < occurrences.count && (!occurrences[k].own || occurrences[k].start + occurrences[k].length <= p) { k += 1 }
                    guard k < occurrences.count else { break }
                    let o = occurrences[k]
                    var c = 0
                    while j < live && s[j] < o.start + o.length {
                        if s[j] >= o.start && UInt64(s[j]) + UInt64(n - 1) < UInt64(o.start + o.length) { c += 1 }
                        j += 1
                    }
                    if c > 0 { addUnit(o.unit, owner: d, Float(c), &pairs, &unitFreqs) }
                    k += 1
                }
            } else {
                for o in occurrences where o.own {
                    let c = phraseFrequency(count: n, in: o.start, o.start + o.length)
                    if c > 0 { addUnit(o.unit, owner: d, Float(c), &pairs, &unitFreqs) }
                }
            }
            d = nextPositional(i, from: d + 1)
        }
        pairs.sort()
        var docs: [UInt32] = []
        var fs: [Float] = []
        for p in pairs {
            let d = UInt32(p >> 32), f = unitFreqs[Int(p & 0xFFFF_FFFF)]
            if let last = docs.last, last == d { fs[fs.count - 1] += f } else { docs.append(d); fs.append(f) }
        }
        matDocs[i] = docs
        matFreqs[i] = fs
    }

    /// Records that unit `u` holds the phrase `f` times: once per document holding it.
    private func addUnit(_ u: UInt32, owner: UInt32, _ f: Float, _ pairs: inout [UInt64], _ unitFreqs: inout [Float]) {
        let k = UInt64(unitFreqs.count)
        unitFreqs.append(f)
        if !segment.units.forEachDoc(ofUnit: Int(u), owner: owner, { d in pairs.append(UInt64(d) << 32 | k) }) { unitsCorrupt = true }
    }

    /// Next doc ≥ `from` in field `i` where all terms occur and the phrase matches.
    @inline(__always)
    private func nextMatch(_ i: Int, from: UInt32) -> UInt32 {
        guard materialized[i] else { return nextPositional(i, from: from) }
        var c = matCursor[i]
        let docs = matDocs[i]
        while c < docs.count && docs[c] < from { c += 1 }
        matCursor[i] = c
        guard c < docs.count else { return Scorer.noMoreDocs }
        freqs[i] = matFreqs[i][c]
        return docs[c]
    }

    /// Next doc (or unit) ≥ `from` where the positions of `matchIts[i]` match the phrase.
    private func nextPositional(_ i: Int, from: UInt32) -> UInt32 {
        if slop == 0 { return nextExactMatch(i, from: from) }
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

    /// `nextMatch` for an exact phrase, term by term in ascending document frequency: the two
    /// rarest terms leapfrog to a common document, their positions leave the phrase starts that
    /// fit both, and only while some start survives is the next term advanced to the document
    /// and its positions read. A phrase with a stopword ("the main civil") thus seldom decodes
    /// the stopword's postings: most candidates fail on the rare words' positions. Matches and
    /// frequencies are those of verifying every document that holds all the terms.
    private func nextExactMatch(_ i: Int, from: UInt32) -> UInt32 {
        let its = leapRefs[i]
        let offsets = leapIndex[i]
        let n = its.count
        var target = from
        outer: while true {
            // The two rarest terms agree on a document.
            let t = target
            var d = its[0]._withUnsafeGuaranteedRef { $0.advance(to: t) }
            if d == Scorer.noMoreDocs { return d }
            if n > 1 {
                while true {
                    let dd = d
                    let e = its[1]._withUnsafeGuaranteedRef { $0.advance(to: dd) }
                    if e == Scorer.noMoreDocs { return e }
                    if e == d { break }
                    d = its[0]._withUnsafeGuaranteedRef { $0.advance(to: e) }
                    if d == Scorer.noMoreDocs { return d }
                }
            }
            // Phrase starts by the rarest term, filtered by each next term present at `d`.
            let first = UInt32(offsets[0])
            let s = its[0]._withUnsafeGuaranteedRef { it in
                starts.reserve(Int(it.freq))
                return starts.base
            }
            let found = its[0]._withUnsafeGuaranteedRef { $0.positions(writingTo: s, through: .max) }
            var live = 0
            for j in 0 ..< found where s[j] >= first {
                s[live] = s[j] - first
                live += 1
            }
            for j in 1 ..< n {
                if live == 0 { break }
                if j > 1 {
                    let dd = d
                    let e = its[j]._withUnsafeGuaranteedRef { $0.advance(to: dd) }
                    if e == Scorer.noMoreDocs { return e }
                    if e > d { target = e; continue outer }
                }
                let l = live
                live = its[j]._withUnsafeGuaranteedRef { filterStarts(l, by: $0, offset: offsets[j]) }
            }
            if live > 0 {
                freqs[i] = Float(live)
                return d
            }
            target = d + 1
        }
    }

    /// Keeps the first `live` entries of `starts` whose `start + offset` is a position of `it`
    /// in its current document; returns how many are kept.
    private func filterStarts(_ live: Int, by it: PostingsIterator, offset: Int) -> Int {
        let s = starts.base
        // Positions past the last surviving start + offset cannot match: decode no further.
        let last = UInt64(s[live - 1]) + UInt64(offset)
        scratch.reserve(Int(it.freq))
        let ps = scratch.base
        let count = it.positions(writingTo: ps, through: last > UInt64(UInt32.max) ? UInt32.max : UInt32(last))
        let shift = UInt64(offset)
        var kept = 0
        var c = 0
        for k in 0 ..< live {
            let want = UInt64(s[k]) + shift
            while c < count && UInt64(ps[c]) < want { c += 1 }
            if c == count { break }
            if UInt64(ps[c]) == want {
                s[kept] = s[k]
                kept += 1
            }
        }
        return kept
    }

    /// Occurrences of a sloppy phrase in the current document. Each term keeps a cursor into its
    /// sorted positions that only moves forward (the positions wanted grow with the first
    /// term's), so this is O(positions of the document's phrase terms).
    private func phraseFrequency(_ its: [PostingsIterator]) -> Int {
        for (k, it) in its.enumerated() { it.positions(into: &buffers[k]) }
        return phraseFrequency(count: its.count, in: 0, UInt32.max)
    }

    /// `phraseFrequency` over the positions already in `buffers`, counting only occurrences
    /// that lie in `lo ..< hi` (one unit).
    private func phraseFrequency(count n: Int, in lo: UInt32, _ hi: UInt32) -> Int {
        PhraseScorer.frequency(buffers, terms: n, slop: slop, in: lo, hi, cursors: &cursors)
    }

    /// Occurrences of a phrase of `n` terms in `buffers` (each term's ascending positions),
    /// counting only those that lie in `lo ..< hi`: per position of the first term, the nearest
    /// following position of each next term; an exact phrase needs each right after the
    /// previous, a sloppy one a span of at most `n − 1 + slop`. Each term's cursor only moves
    /// forward, so this is O(positions). Shared by `StoredValuePhraseScorer`.
    static func frequency(_ buffers: [[UInt32]], terms n: Int, slop: Int, in lo: UInt32, _ hi: UInt32,
                          cursors: inout [Int]) -> Int {
        var count = 0
        if cursors.count < n { cursors = Array(repeating: 0, count: n) }
        for k in 0 ..< n { cursors[k] = 0 }
        for p0 in buffers[0] where p0 >= lo {
            if p0 >= hi { break }
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
            if ok && last < hi && Int(last - p0) <= n - 1 + slop { count += 1 }
        }
        return count
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

    /// Raw values of the fields, for `blockMax`.
    private let boundFields: [Int]
    /// Per field: the block bound of its rarest term when that term has one block.
    private let singleBounds: [PostingsIterator.BlockBound?]
    /// Scratch of `blockMax`.
    private var bounds: [PostingsIterator.BlockBound?] = []

    /// An exact phrase matches one tier and has bounds (`blockMax`), so whole windows can be
    /// skipped by score alone. A sloppy phrase may count a term's occurrence for several starts
    /// (its frequency can exceed a term's), so it has no block bound.
    override var fixedTier: Int? { slop == 0 ? 1 : nil }

    /// The bound of `TermScorer.blockMax` (combined length, as `score()` normalises) over each
    /// field's rarest term: in a document an exact phrase occurs at most as often as that term, and
    /// the field is at least as long as the term's count times its block's smallest
    /// length/frequency ratio, so the term's block bound holds for the phrase. Window: up to the
    /// first of those blocks' ends.
    override func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        guard slop == 0 else { return (maxScore, Scorer.noMoreDocs - 1) }
        var upTo = Scorer.noMoreDocs - 1
        if bounds.count != fields.count { bounds = Array(repeating: nil, count: fields.count) }
        for i in fields.indices {
            guard let it = boundIts[i] else { bounds[i] = nil; continue }
            if it.hasSkipTable {
                bounds[i] = it.blockBound(for: target)
                if let found = bounds[i] { upTo = min(upTo, found.lastDoc) }
            } else {
                guard let found = singleBounds[i] else { return (maxScore, Scorer.noMoreDocs - 1) }
                bounds[i] = found.lastDoc < target ? nil : found
            }
        }
        guard let bound = TermScorer.combinedLengthBound(fields: boundFields, bounds: bounds, weight: weight) else {
            return (maxScore, upTo)
        }
        return (min(bound, maxScore), upTo)
    }
    override var cost: Int { fields.reduce(0) { $0 + Int($1.its.map(\.docFreq).min() ?? 0) } }
    override var isCorrupt: Bool {
        unitsCorrupt || fields.contains { $0.its.contains { $0.isCorrupt } }
    }
}

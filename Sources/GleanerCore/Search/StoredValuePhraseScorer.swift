/// Matches a phrase in a scope that has value fields (site, author, language, the entity
/// fields), whose postings keep frequencies but no positions (`Field.hasPositions`).
///
/// Per field, the terms' postings leapfrog, rarest first, to a document that holds them all;
/// the field's values as the document stores them (`StoredDocument.forEachValue`, read without
/// its text) are then analysed again with the positions `DocumentInverter` gave them — each
/// value `Field.valueGap` after the previous one's end — and the phrase is matched on those
/// positions, exactly or within `slop` as `PhraseScorer` matches positions from postings. So a
/// value-field phrase finds the documents, frequencies and scores positions on disk would give,
/// at the cost of one stored record per candidate (records come in cached blocks of about a
/// hundred; values are a few words). A field with positions in the same scope reads them from
/// its postings. Scores and block bounds are `PhraseScorer`'s.
final class StoredValuePhraseScorer: Scorer {
    /// Per field: one iterator per phrase term (with positions when the field has them).
    let fields: [(field: Field, its: [PostingsIterator])]
    /// The phrase's terms, in order.
    let terms: [[UInt8]]
    let weight: BM25Weight
    let slop: Int
    let segment: SegmentReader
    private let analyzer: Analyzer
    private var freqs: [Float]
    private var fieldDocs: [UInt32]
    /// Per phrase term: its positions in the current field of the candidate document.
    private var buffers: [[UInt32]]
    private var cursors: [Int]
    /// Per field: the iterators by ascending document frequency (the leapfrog order).
    private let leapOrder: [[PostingsIterator]]
    /// The stored record (without text, with the entities of `recordField` only) of `recordDoc`.
    private var record: StoredDocument?
    private var recordDoc = Scorer.noMoreDocs
    private var recordField = Field.body
    private var corrupt = false
    private var pendingFirst = false

    init(segment: SegmentReader, fields: [(Field, [PostingsIterator])], terms: [[UInt8]], weight: BM25Weight, slop: Int,
         analyzer: Analyzer) {
        // Body positions are stored per unit (only the owner's), which only `PhraseScorer` reads;
        // no query scope mixes the body with a value field.
        precondition(!fields.contains { $0.0 == .body }, "a value-field phrase scope cannot hold the body")
        self.segment = segment
        self.fields = fields.map { (field: $0.0, its: $0.1) }
        self.terms = terms
        self.weight = weight
        self.slop = slop
        self.analyzer = analyzer
        freqs = Array(repeating: 0, count: fields.count)
        fieldDocs = Array(repeating: 0, count: fields.count)
        buffers = Array(repeating: [], count: terms.count)
        cursors = Array(repeating: 0, count: terms.count)
        leapOrder = fields.map { $0.1.sorted { $0.docFreq < $1.docFreq } }
        boundFields = fields.map { Int($0.0.rawValue) }
        singleBounds = zip(fields, leapOrder).map { f, its in
            its.first?.singleBlockBound { d in
                guard Int(d) < segment.docCount, let other = Field(rawValue: PostingsWriter.otherField(f.0.rawValue)) else { return (0, 0) }
                return (segment.norm(f.0, d), segment.norm(other, d))
            }
        }
        super.init()
        for i in self.fields.indices { fieldDocs[i] = nextMatch(i, from: 0) }
        doc = fieldDocs.min() ?? Scorer.noMoreDocs
        pendingFirst = true
    }

    /// Next doc ≥ `from` in field `i` where every term occurs and the phrase matches.
    private func nextMatch(_ i: Int, from: UInt32) -> UInt32 {
        let leap = leapOrder[i]
        var target = from
        while true {
            var agreed = false
            while !agreed {
                agreed = true
                for it in leap {
                    let d = it.advance(to: target)
                    if d == Scorer.noMoreDocs { return d }
                    if d > target { target = d; agreed = false }
                }
            }
            let f = frequency(i, doc: target)
            if f > 0 { freqs[i] = Float(f); return target }
            if corrupt { return Scorer.noMoreDocs }
            target += 1
        }
    }

    /// The phrase's frequency in field `i` of `doc`, where every term occurs.
    private func frequency(_ i: Int, doc: UInt32) -> Int {
        let field = fields[i].field
        if field.hasPositions {
            for (k, it) in fields[i].its.enumerated() { it.positions(into: &buffers[k]) }
            return phraseFrequency()
        }
        if recordDoc != doc || recordField != field {
            do {
                record = try segment.store.document(doc, entityField: field, text: false)
                recordDoc = doc
                recordField = field
            } catch {
                corrupt = true
                return 0
            }
        }
        guard let record else { return 0 }
        for k in buffers.indices { buffers[k].removeAll(keepingCapacity: true) }
        var next: UInt32 = 0
        let terms = self.terms
        record.forEachValue(of: field) { value in
            var end = next
            var bytes = Array(value.utf8)
            bytes.withUnsafeMutableBufferPointer { buf in
                analyzer.analyze(UnsafeBufferPointer(buf)) { term, _, token in
                    let p = next + UInt32(token.position)
                    for k in terms.indices where terms[k].count == term.count && terms[k].elementsEqual(term) { buffers[k].append(p) }
                    end = p + 1
                }
            }
            next = end + UInt32(Field.valueGap)
        }
        return phraseFrequency()
    }

    /// Occurrences of the phrase in `buffers` (each term's ascending positions), counted as
    /// `PhraseScorer` counts them.
    private func phraseFrequency() -> Int {
        PhraseScorer.frequency(buffers, terms: buffers.count, slop: slop, in: 0, .max, cursors: &cursors)
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
    private var bounds: [PostingsIterator.BlockBound?] = []

    /// An exact phrase matches one tier; a sloppy one has no block bound (as `PhraseScorer`).
    override var fixedTier: Int? { slop == 0 ? 1 : nil }

    /// `PhraseScorer.blockMax`: an exact phrase occurs in a document at most as often as its
    /// rarest term, so that term's block bound holds for the phrase.
    override func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        guard slop == 0 else { return (maxScore, Scorer.noMoreDocs - 1) }
        var upTo = Scorer.noMoreDocs - 1
        if bounds.count != fields.count { bounds = Array(repeating: nil, count: fields.count) }
        for i in fields.indices {
            guard let it = leapOrder[i].first else { bounds[i] = nil; continue }
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
    override var isCorrupt: Bool { corrupt || fields.contains { $0.its.contains { $0.isCorrupt } } }
}

/// A query after analysis, with BM25F weights from global index statistics (Lucene's Weight):
/// built once per search, then turned into a `Scorer` for each segment.
indirect enum PreparedQuery {
    case term(term: [UInt8], scope: FieldScope, weight: BM25Weight)
    case phrase(terms: [[UInt8]], scope: FieldScope, slop: Int, weight: BM25Weight)
    case boolean(must: [PreparedQuery], should: [PreparedQuery], mustNot: [PreparedQuery], minShould: Int)
    case dateFilter(from: Int32, to: Int32)
    /// Several terms scored as one (their frequencies add up, one idf): a prefix's expansions.
    case synonyms(terms: [[UInt8]], scope: FieldScope, weight: BM25Weight)
    /// Any of the alternatives, scores summed, one clause for the tier: a fuzzy word's expansions.
    case disjunction([PreparedQuery])
    /// The documents of `base`, re-scored with `extra` where it matches (feedback terms).
    case augment(base: PreparedQuery, extra: PreparedQuery)
    case nothing

    /// The scorer over segment `s`; dictionary entries come from (and stay in) `lookups`.
    func scorer(_ s: Int, _ lookups: TermLookups) throws -> Scorer {
        let segment = lookups.reader.segments[s]
        switch self {
        case .nothing:
            return EmptyScorer()
        case let .dateFilter(from, to):
            return DateFilterScorer(segment: segment, range: from ... to)
        case let .term(term, scope, weight):
            return try PreparedQuery.synonyms(terms: [term], scope: scope, weight: weight).scorer(s, lookups)
        case let .synonyms(terms, scope, weight):
            var its: [(Field, PostingsIterator)] = []
            for f in scope.fields {
                for term in terms {
                    if let it = try lookups.postings(s, f, term, positions: false) { its.append((f, it)) }
                }
            }
            return its.isEmpty ? EmptyScorer() : TermScorer(segment: segment, iterators: its, weight: weight)
        case let .disjunction(alternatives):
            let alts = try alternatives.map { try $0.scorer(s, lookups) }.filter { !($0 is EmptyScorer) }
            if alts.isEmpty { return EmptyScorer() }
            return BooleanScorer(must: [], should: alts, mustNot: [], minShould: 1, singleClause: true)
        case let .augment(base, extra):
            let b = try base.scorer(s, lookups)
            if b is EmptyScorer { return b }
            let e = try extra.scorer(s, lookups)
            return e is EmptyScorer ? b : AugmentScorer(base: b, extra: e)
        case let .phrase(terms, scope, slop, weight):
            var fields: [(Field, [PostingsIterator], Bool)] = []
            fieldLoop: for f in scope.fields {
                var its: [PostingsIterator] = []
                for t in terms {
                    guard let it = try lookups.postings(s, f, t, positions: f.hasPositions) else { continue fieldLoop }
                    its.append(it)
                }
                // Body positions are stored once per unit (paragraph): matched per unit.
                fields.append((f, its, f == .body))
            }
            if fields.isEmpty { return EmptyScorer() }
            // Value fields keep no positions: their phrases are verified against stored values.
            // (No scope mixes them with `body`, whose unit positions only `PhraseScorer` reads.)
            if fields.allSatisfy({ $0.0.hasPositions }) { return PhraseScorer(segment: segment, fields: fields, weight: weight, slop: slop) }
            return StoredValuePhraseScorer(segment: segment, fields: fields.map { ($0.0, $0.1) }, terms: terms, weight: weight,
                                           slop: slop, analyzer: lookups.analyzer)
        case let .boolean(must, should, mustNot, minShould):
            let m = try must.map { try $0.scorer(s, lookups) }
            if m.contains(where: { $0 is EmptyScorer }) { return EmptyScorer() }
            let sh = try should.map { try $0.scorer(s, lookups) }.filter { !($0 is EmptyScorer) }
            if m.isEmpty && sh.count < max(minShould, 1) { return EmptyScorer() }
            let n = try mustNot.map { try $0.scorer(s, lookups) }.filter { !($0 is EmptyScorer) }
            if m.count == 1 && sh.isEmpty && n.isEmpty { return m[0] }
            return BooleanScorer(must: m, should: sh, mustNot: n, minShould: minShould)
        }
    }

    /// Number of top-level clauses a document can match (for the words-matched tier).
    var clauseCount: Int {
        if case let .boolean(must, should, _, _) = self { return must.count + should.count }
        return 1
    }
}

/// Runs queries against an open index: parse → analyse and weight (global statistics) →
/// per-segment scorers → top-k collection.
///
/// Ranking: BM25F over title and body. In the default match mode a document that contains more
/// of the query's words ranks first (the words-matched tier), then by score; `.any` ranks by
/// score alone; `.all` keeps only documents with every word. Not thread-safe (owns an Analyzer);
/// use one Searcher per thread over a shared `IndexReader`.
public final class Searcher {
    /// How juxtaposed words combine.
    public enum MatchMode: String, Sendable, CaseIterable {
        /// Documents with all the words first, then those with fewer.
        case tiered = "default"
        /// Every word is required.
        case all
        /// Pure ranked OR.
        case any
    }

    /// Knobs of one search.
    public struct Options: Sendable {
        public var limit = 10
        public var offset = 0
        public var match = MatchMode.tiered
        public var bm25 = BM25Parameters()
        public init() {}
    }

    /// The result page and what was searched for.
    public struct Results: Sendable {
        public var total: Int
        public var hits: [SearchHit]
        /// Analysed terms of the query's positive words, for highlighting.
        public var highlightTerms: Set<[UInt8]>
    }

    public let reader: IndexReader
    let analyzer = Analyzer()

    public init(reader: IndexReader) { self.reader = reader }

    /// Parses and runs `text`.
    public func search(_ text: String, options: Options = Options()) throws -> Results {
        try search(QueryParser.parse(text), options: options)
    }

    public func search(_ query: Query, options: Options = Options()) throws -> Results {
        var highlight = Set<[UInt8]>()
        let prepared = try prepare(query, options: options, topLevel: true, highlight: &highlight)
        let tiered = options.match == .tiered
        var collector = TopKCollector(k: options.offset + options.limit)
        for (s, segment) in reader.segments.enumerated() {
            let scorer = try prepared.scorer(segment)
            let base = reader.docBases[s]
            while true {
                let d = scorer.next()
                if d == Scorer.noMoreDocs { break }
                if segment.isDeleted(d) { continue }
                collector.collect(SearchHit(doc: base + Int(d), score: scorer.score(), tier: tiered ? scorer.matchedClauses : 0))
            }
            if scorer.isCorrupt {
                throw GleanerError.corruptIndex(file: reader.directory + "/" + SegmentFiles.fileName(segment.info.name, "post"),
                                                reason: "postings do not decode; run `gleaner check` and rebuild with `gleaner index --full`")
            }
        }
        let ranked = collector.sorted()
        let page = ranked.count > options.offset ? Array(ranked[options.offset...]) : []
        return Results(total: collector.total, hits: page, highlightTerms: highlight)
    }

    // MARK: - Analysis and weighting

    func prepare(_ q: Query, options: Options, topLevel: Bool, highlight: inout Set<[UInt8]>) throws -> PreparedQuery {
        switch q {
        case let .term(word, scope):
            let terms = analyzer.terms(word)
            if terms.isEmpty { return .nothing }
            if terms.count == 1 {
                let t = Array(terms[0].term.utf8)
                highlight.insert(t)
                return .term(term: t, scope: scope, weight: try weight([t], scope: scope, options: options))
            }
            return try prepare(.phrase([word], scope: scope, slop: 0), options: options, topLevel: topLevel, highlight: &highlight)
        case let .phrase(words, scope, slop):
            let terms = analyzer.terms(words.joined(separator: " ")).map { Array($0.term.utf8) }
            if terms.isEmpty { return .nothing }
            for t in terms { highlight.insert(t) }
            let w = try weight(terms, scope: scope, options: options)
            if terms.count == 1 { return .term(term: terms[0], scope: scope, weight: w) }
            return .phrase(terms: terms, scope: scope, slop: slop, weight: w)
        case let .dateRange(from, to):
            return .dateFilter(from: from, to: to)
        case let .boolean(clauses, kind):
            var kept = clauses
            if kind == .sequence {
                // Stopwords do not score, unless the query has nothing else.
                let content = clauses.filter { c in
                    if c.occur == .should, case let .term(w, _) = c.query { return !isStopword(w) }
                    return true
                }
                if content.contains(where: { $0.occur != .mustNot }) { kept = content }
            }
            var must: [PreparedQuery] = [], should: [PreparedQuery] = [], mustNot: [PreparedQuery] = []
            for c in kept {
                if case .dateRange = c.query, c.occur == .should {
                    // A date is a filter: it restricts, it never just adds to the score.
                    must.append(try prepare(c.query, options: options, topLevel: false, highlight: &highlight))
                    continue
                }
                if c.occur == .mustNot {
                    var ignored = Set<[UInt8]>()
                    mustNot.append(try prepare(c.query, options: options, topLevel: false, highlight: &ignored))
                    continue
                }
                let p = try prepare(c.query, options: options, topLevel: false, highlight: &highlight)
                var occur = c.occur
                if kind == .sequence && occur == .should && options.match == .all { occur = .must }
                if case .nothing = p { if occur == .must { return .nothing } else { continue } }
                if occur == .must { must.append(p) } else { should.append(p) }
            }
            let minShould = must.isEmpty ? 1 : 0
            if must.isEmpty && should.isEmpty { return .nothing }
            return .boolean(must: must, should: should, mustNot: mustNot, minShould: minShould)
        }
    }

    func isStopword(_ word: String) -> Bool {
        let t = analyzer.terms(word)
        return t.count == 1 && Stopwords.contains(t[0].word)
    }

    func weight(_ terms: [[UInt8]], scope: FieldScope, options: Options) throws -> BM25Weight {
        let n = reader.documentCount
        var idf: Float = 0
        for t in terms {
            var df = 0
            for f in scope.fields { df = max(df, try reader.docFreq(field: f, term: t)) }
            idf += BM25Parameters.idf(docFreq: df, docCount: n)
        }
        var weights = [Float](repeating: 0, count: Field.allCases.count)
        var avg: Float = 0
        for f in Field.allCases {
            let w = options.bm25.weight(f, scope: scope)
            weights[Int(f.rawValue)] = w
            avg += w * Float(reader.averageLength(f))
        }
        return BM25Weight(idf: idf, k1: options.bm25.k1, b: options.bm25.b, fieldWeights: weights, averageLength: avg)
    }
}

/// Runs queries against an open index: parse → analyse and weight (global statistics) →
/// per-segment scorers → top-k collection → proximity re-ranking → near-duplicate collapsing.
///
/// Ranking: BM25F over title and body, plus a term-proximity bonus (BM25TP) and query-likelihood
/// fusion on the best `rerankDepth` (30) documents, or the whole page when it is deeper. In the default match mode a document that contains more of the
/// query's words ranks first (the words-matched tier), then by score; `.any` ranks by score
/// alone; `.all` keeps only documents with every word. Not thread-safe (owns an Analyzer);
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

    /// Result order.
    public enum SortOrder: String, Sendable, CaseIterable {
        /// Best match first (the words-matched tier, then score).
        case relevance
        /// Oldest first; undated documents last.
        case date
        /// Newest first; undated documents last.
        case dateDescending = "-date"
    }

    /// Knobs of one search.
    public struct Options: Sendable {
        public var limit = 10
        public var offset = 0
        public var match = MatchMode.tiered
        public var bm25 = BM25Parameters()
        public var sort = SortOrder.relevance
        /// Facets to count over every matching document.
        public var facets: [FacetField] = []
        /// Values per facet.
        public var facetLimit = 10
        /// Count entity facets by corpus entity (`EntityCatalog`: one spelling and one type per
        /// entity, variants merged, each document once) instead of by indexed spelling.
        public var canonicalEntities = true
        /// Fold near-duplicates (SimHash within `collapseDistance` bits, then ≥ 50 % shared
        /// word 3-shingles) into the best-ranked copy.
        public var collapse = false
        public var collapseDistance = 16
        /// Term-proximity re-ranking of the best `rerankDepth` documents (see `ProximityScorer`).
        public var proximity = ProximityParameters()
        /// Fusion of BM25F with a query-likelihood ranking over the best documents (see `RankFusion`).
        public var fusion = FusionParameters()
        /// Pseudo-relevance feedback (RM3) expansion; nil = off.
        public var feedback: FeedbackParameters?
        /// Look for spelling corrections of rare or absent words ("Did you mean").
        public var suggest = false
        /// Hits counted exactly before dynamic pruning may skip documents (Lucene's
        /// totalHitsThreshold); past it `Results.totalIsExact` may be false.
        public var exactTotalThreshold = 1000
        /// A word the analyzer splits ("IL-6") also matches its joined spelling ("il6").
        public var compoundJoined = true
        /// With `.any`, such a word also matches its terms one by one.
        public var compoundParts = true
        /// Weight of the phrase alternative of such a word (0 drops it).
        public var compoundPhraseWeight: Float = 1
        /// Most terms a `prefix*` or `fuzzy~` word expands to.
        public var maxExpansions = 64
        public init() {}
    }

    /// The result page and what was searched for.
    public struct Results: Sendable {
        /// Matching documents (a lower bound when `totalIsExact` is false).
        public var total: Int
        public var totalIsExact = true
        public var hits: [SearchHit]
        /// Analysed terms of the query's positive words, for highlighting.
        public var highlightTerms: Set<[UInt8]>
        /// For each hit, the global ids of the near-duplicates folded into it.
        public var similar: [[Int]] = []
        /// Requested facets, in the order asked, each with its most frequent values.
        public var facets: [(field: FacetField, values: [FacetCount])] = []
        /// Spelling corrections: (word as typed, suggested word).
        public var corrections: [(word: String, suggestion: String)] = []
        /// The query text with every correction applied ("Did you mean: …"), when there is one.
        public var suggestion: String?
    }

    public let reader: IndexReader
    let analyzer = Analyzer()

    /// Dictionary entries of the current search (see `TermLookups`), renewed by every search.
    var lookups: TermLookups

    public init(reader: IndexReader) {
        self.reader = reader
        lookups = TermLookups(reader: reader)
    }

    private var loadedCatalog: EntityCatalog?

    /// The corpus's entities, loaded on first use (`IndexReader.loadEntityCatalog`: the
    /// commit's catalog file, or built in memory for an index without one).
    public var entityCatalog: EntityCatalog {
        get throws {
            if let c = loadedCatalog { return c }
            let c = try reader.loadEntityCatalog()
            loadedCatalog = c
            return c
        }
    }

    /// Parses and runs `text`.
    public func search(_ text: String, options: Options = Options()) throws -> Results {
        var r = try search(QueryParser.parse(text), options: options)
        if !r.corrections.isEmpty { r.suggestion = Searcher.applyCorrections(r.corrections, to: text) }
        return r
    }

    public func search(_ query: Query, options: Options = Options()) throws -> Results {
        lookups = TermLookups(reader: reader)
        var context = PrepareContext()
        var prepared = try prepare(query, options: options, context: &context, negated: false)
        let wanted = options.offset + options.limit
        let relevance = options.sort == .relevance
        if relevance, let fb = options.feedback, !fb.fuse, !context.scoringTerms.isEmpty {
            var first = try execute(prepared, k: max(fb.documents, wanted), options: options, counter: nil)
            if options.proximity.enabled { try rescoreProximity(&first.hits, terms: context.scoringTerms, options: options) }
            if options.fusion.enabled { try fuseQueryLikelihood(&first.hits, terms: context.bagTerms, options: options) }
            if let expanded = try feedbackQuery(prepared, hits: first.hits, context: context, options: options) { prepared = expanded }
        }
        var depth = wanted
        // Proximity needs two query words: without them the page depth is enough (and prunes
        // sooner), unless collapsing, whose "similar" lists come from the deeper run.
        if relevance && options.proximity.enabled && (context.scoringTerms.count >= 2 || options.collapse) {
            depth = max(depth, options.proximity.rerankDepth)
        }
        if relevance && options.fusion.enabled { depth = max(depth, options.fusion.depth) }
        let fusedFeedback = relevance && options.feedback?.fuse == true && !context.scoringTerms.isEmpty ? options.feedback : nil
        if let fb = fusedFeedback { depth = max(depth, fb.documents) }
        if options.collapse { depth = depth * 2 + 10 }
        let entityFacets = options.canonicalEntities && options.facets.contains { $0.column.flatMap(EntityCatalog.type(of:)) != nil }
        var counter = options.facets.isEmpty ? nil : FacetCounter(fields: options.facets, catalog: entityFacets ? try entityCatalog : nil)
        while true {
            var run = try execute(prepared, k: depth, options: options, counter: counter)
            if relevance && options.proximity.enabled { try rescoreProximity(&run.hits, terms: context.scoringTerms, options: options) }
            if relevance && options.fusion.enabled { try fuseQueryLikelihood(&run.hits, terms: context.bagTerms, options: options) }
            if let fb = fusedFeedback, let expanded = try feedbackQuery(prepared, hits: run.hits, context: context, options: options) {
                var second = try execute(expanded, k: depth, options: options, counter: nil)
                if options.proximity.enabled { try rescoreProximity(&second.hits, terms: context.scoringTerms, options: options) }
                if options.fusion.enabled { try fuseQueryLikelihood(&second.hits, terms: context.bagTerms, options: options) }
                run.hits = Array(Searcher.fuseFeedback(run.hits, second.hits, weight: fb.fusedWeight).prefix(depth))
            }
            var results = Results(total: run.total, totalIsExact: run.exact, hits: run.hits, highlightTerms: context.highlight)
            if options.collapse {
                let groups = try collapse(run.hits, distance: options.collapseDistance, limit: wanted)
                // Not enough distinct stories for the page while more documents matched: dig deeper.
                if groups.count < wanted && run.hits.count == depth && depth < run.total {
                    depth *= 4
                    continue
                }
                results.hits = groups.map(\.hit)
                results.similar = groups.map(\.similar)
            } else {
                results.similar = Array(repeating: [], count: results.hits.count)
            }
            let start = min(options.offset, results.hits.count), end = min(wanted, results.hits.count)
            results.hits = Array(results.hits[start ..< end])
            results.similar = Array(results.similar[start ..< end])
            if let c = run.counter { results.facets = c.results(limit: options.facetLimit) }
            counter = nil
            if options.suggest { results.corrections = try corrections(query) }
            return results
        }
    }

    /// One collection pass: the best `k` hits, best first, with the total and facet counts.
    struct Run {
        var hits: [SearchHit]
        var total: Int
        var exact: Bool
        var counter: FacetCounter?
    }

    func execute(_ prepared: PreparedQuery, k: Int, options: Options, counter: FacetCounter?) throws -> Run {
        let tiered = options.match == .tiered
        var counter = counter
        var collector = TopKCollector(k: k)
        var exact = true
        let prunable = options.sort == .relevance && counter == nil
        for (s, segment) in reader.segments.enumerated() {
            let base = reader.docBases[s]
            if prunable, case let .boolean(must, should, mustNot, minShould) = prepared,
               must.isEmpty, mustNot.isEmpty, minShould <= 1, should.count >= 2 {
                let scorers = try should.map { try $0.scorer(s, lookups) }.filter { !($0 is EmptyScorer) }
                if scorers.isEmpty { continue }
                var pruner = MaxScoreCollector(scorers: scorers, tiered: tiered, exactTotalThreshold: options.exactTotalThreshold)
                pruner.run(segment: segment, base: base, into: &collector)
                if pruner.pruned { exact = false }
                if scorers.contains(where: \.isCorrupt) { throw corrupt(segment) }
                continue
            }
            let scorer = try prepared.scorer(s, lookups)
            counter?.begin(segment)
            // Block-max pruning (relevance order, no facets, past the exactly counted hits): when
            // every match has the same tier, whole blocks whose score bound cannot enter are skipped.
            let fixedTier = prunable ? scorer.fixedTier.map { tiered ? $0 : 0 } : nil
            // Every match's words-matched tier, when the scorer has one (no call per document).
            let constantTier = scorer.fixedTier
            while true {
                var d = scorer.next()
                if let tier = fixedTier, d != Scorer.noMoreDocs, collector.total >= options.exactTotalThreshold,
                   let min = collector.minimum {
                    let skipped = Searcher.skipHopeless(scorer, from: d, tier: tier, threshold: min)
                    if skipped != d { exact = false; d = skipped }
                }
                if d == Scorer.noMoreDocs { break }
                if segment.isDeleted(d) { continue }
                counter?.add(d)
                collector.collect(SearchHit(doc: base + Int(d), score: scorer.score(), tier: tiered ? constantTier ?? scorer.matchedClauses : 0,
                                            key: Searcher.sortKey(options.sort, segment.date(d))))
            }
            if scorer.isCorrupt { throw corrupt(segment) }
        }
        counter?.finish()
        return Run(hits: collector.sorted(), total: collector.total, exact: exact, counter: counter)
    }

    /// From `doc`, the first document of `scorer` that may still beat `threshold`: windows whose
    /// block bound cannot are skipped without scoring (their documents are not counted).
    static func skipHopeless(_ scorer: Scorer, from doc: UInt32, tier: Int, threshold: SearchHit) -> UInt32 {
        guard threshold.key == 0, tier <= threshold.tier else { return doc }
        if tier < threshold.tier { return Scorer.noMoreDocs }
        var d = doc
        while d != Scorer.noMoreDocs {
            let (bound, upTo) = scorer.cachedBlockMax(at: d)
            if bound > threshold.score { return d }
            guard upTo < Scorer.noMoreDocs - 1 else { return Scorer.noMoreDocs }
            d = scorer.advance(to: upTo + 1)
        }
        return d
    }

    func corrupt(_ segment: SegmentReader) -> GleanerError {
        GleanerError.corruptIndex(file: reader.directory + "/" + SegmentFiles.fileName(segment.info.name, "post"),
                                  reason: "postings do not decode; run `gleaner check` and rebuild with `gleaner index --full`")
    }

    /// The primary ordering key of a hit for `sort` (higher ranks first).
    @inline(__always)
    static func sortKey(_ sort: SortOrder, _ day: Int32) -> Int32 {
        switch sort {
        case .relevance: return 0
        case .dateDescending: return day
        case .date: return day == CalendarDay.unknown ? Int32.min : -day
        }
    }
}

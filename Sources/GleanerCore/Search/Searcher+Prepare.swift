/// Analysis and weighting: a parsed `Query` becomes a `PreparedQuery` with BM25F weights from
/// the index's global statistics; `prefix*` and `fuzzy~` words are expanded over the dictionary.
extension Searcher {
    /// What preparing a query learns on the way, for highlighting, proximity and feedback.
    struct PrepareContext {
        var highlight = Set<[UInt8]>()
        /// Positive single words searched in the default fields, in query order, each once.
        var scoringTerms: [ScoringTerm] = []
        /// Positive non-stopword terms searched in the default fields, with repeats (the query as
        /// a bag of words, for query likelihood).
        var bagTerms: [[UInt8]] = []
    }

    /// A query word that takes part in proximity scoring and feedback.
    struct ScoringTerm: Equatable {
        var term: [UInt8]
        var idf: Float
    }

    func prepare(_ q: Query, options: Options, context: inout PrepareContext, negated: Bool) throws -> PreparedQuery {
        switch q {
        case let .term(word, scope):
            let terms = analyzer.terms(word)
            if terms.isEmpty { return .nothing }
            if terms.count == 1 {
                let t = Array(terms[0].term.utf8)
                let w = try weight([t], scope: scope, options: options)
                if !negated {
                    context.highlight.insert(t)
                    if scope.isDefault && !Stopwords.contains(terms[0].word) {
                        if !context.scoringTerms.contains(where: { $0.term == t }) { context.scoringTerms.append(ScoringTerm(term: t, idf: w.idf)) }
                        context.bagTerms.append(t)
                    }
                }
                return .term(term: t, scope: scope, weight: w)
            }
            let phrase = try prepare(.phrase([word], scope: scope, slop: 0), options: options, context: &context, negated: negated)
            if negated { return phrase }
            return try compound(word, terms: terms, phrase: phrase, scope: scope, options: options, context: &context)
        case let .phrase(words, scope, slop):
            let analysed = analyzer.terms(words.joined(separator: " "))
            let terms = analysed.map { Array($0.term.utf8) }
            if terms.isEmpty { return .nothing }
            if !negated { for t in terms { context.highlight.insert(t) } }
            if !negated && scope.isDefault {
                for (t, a) in zip(terms, analysed) where !Stopwords.contains(a.word) { context.bagTerms.append(t) }
            }
            let w = try weight(terms, scope: scope, options: options)
            if terms.count == 1 { return .term(term: terms[0], scope: scope, weight: w) }
            return .phrase(terms: terms, scope: scope, slop: slop, weight: w)
        case let .prefix(text, scope):
            guard let first = analyzer.terms(text).first else { return .nothing }
            var found = try TermExpansion.prefix(Array(first.word.utf8), fields: scope.fields, reader: reader, limit: options.maxExpansions)
            if found.isEmpty && first.term != first.word {
                // "mercenaries*": the dictionary holds stems ("mercenari"), so try the stem as well.
                found = try TermExpansion.prefix(Array(first.term.utf8), fields: scope.fields, reader: reader, limit: options.maxExpansions)
            }
            if found.isEmpty { return .nothing }
            if !negated { for c in found { context.highlight.insert(c.term) } }
            // Scored as one term (Lucene's SynonymQuery): frequencies add up, the idf is the
            // commonest expansion's, so a prefix never outweighs a word typed in full.
            var w = try weight([found[0].term], scope: scope, options: options)
            w.idf = BM25Parameters.idf(docFreq: found.map(\.docFreq).max() ?? 0, docCount: reader.documentCount)
            return .synonyms(terms: found.map(\.term), scope: scope, weight: w)
        case let .fuzzy(word, scope, maxEdits):
            guard let t = analyzer.terms(word).first else { return .nothing }
            let pattern = Array(t.term.utf8)
            let found = try TermExpansion.fuzzy(pattern, maxEdits: maxEdits, fields: scope.fields, reader: reader,
                                                limit: min(options.maxExpansions, 50))
            if found.isEmpty { return .nothing }
            let length = Float(pattern.count)
            var alternatives: [PreparedQuery] = []
            for c in found {
                if !negated { context.highlight.insert(c.term) }
                var w = try weight([c.term], scope: scope, options: options)
                // Lucene's FuzzyQuery boost: closer spellings count more.
                w.idf *= max(0.1, 1 - Float(c.distance) / max(1, min(length, Float(c.term.count))))
                alternatives.append(.term(term: c.term, scope: scope, weight: w))
            }
            return alternatives.count == 1 ? alternatives[0] : .disjunction(alternatives)
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
                    must.append(try prepare(c.query, options: options, context: &context, negated: negated))
                    continue
                }
                if c.occur == .mustNot {
                    mustNot.append(try prepare(c.query, options: options, context: &context, negated: true))
                    continue
                }
                let p = try prepare(c.query, options: options, context: &context, negated: negated)
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

    /// A word the analyzer splits into several terms ("IL-6", "pro-inflammatory", "TNF-α"):
    /// the phrase of its terms, or its joined spelling ("il6", "proinflammatori") as one term, and
    /// when ranking by score alone (`.any`) also its content terms one by one, which take part
    /// in proximity as separate words. Matching `.all` or words-matched first, the word still
    /// needs the phrase or the joined spelling. Scores of the alternatives that match add up; the
    /// word counts once for the tier.
    func compound(_ word: String, terms: [(term: String, word: String)], phrase: PreparedQuery, scope: FieldScope,
                  options: Options, context: inout PrepareContext) throws -> PreparedQuery {
        var alternatives: [PreparedQuery] = []
        var phraseIDF: Float = 0
        if case .phrase(let t, let s, let slop, var w) = phrase {
            phraseIDF = w.idf
            w.idf *= options.compoundPhraseWeight
            if w.idf > 0 { alternatives.append(.phrase(terms: t, scope: s, slop: slop, weight: w)) }
        }
        if options.compoundJoined {
            let joined = analyzer.terms(String(word.unicodeScalars.filter { !Searcher.compoundJoiners.contains($0) }))
            if joined.count == 1 {
                let t = Array(joined[0].term.utf8)
                if try docFreq(t, scope: scope) > 0 {
                    context.highlight.insert(t)
                    if scope.isDefault { context.bagTerms.append(t) }
                    // The joined spelling is the same word as the phrase: it weighs at least as much.
                    var w = try weight([t], scope: scope, options: options)
                    w.idf = max(w.idf, phraseIDF)
                    alternatives.append(.term(term: t, scope: scope, weight: w))
                }
            }
        }
        if options.match == .any && options.compoundParts {
            var seen = Set<[UInt8]>()
            for part in terms where !Stopwords.contains(part.word) {
                let t = Array(part.term.utf8)
                guard seen.insert(t).inserted else { continue }
                let w = try weight([t], scope: scope, options: options)
                if scope.isDefault && !context.scoringTerms.contains(where: { $0.term == t }) {
                    context.scoringTerms.append(ScoringTerm(term: t, idf: w.idf))
                }
                alternatives.append(.term(term: t, scope: scope, weight: w))
            }
        }
        if alternatives.isEmpty { return phrase }
        return alternatives.count == 1 ? alternatives[0] : .disjunction(alternatives)
    }

    /// Characters dropped to join a compound word ("IL-6" → "IL6"): hyphens and slashes.
    static let compoundJoiners: Set<Unicode.Scalar> = ["-", "/", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}"]

    func isStopword(_ word: String) -> Bool {
        let t = analyzer.terms(word)
        return t.count == 1 && Stopwords.contains(t[0].word)
    }

    /// Document frequency of `term` in `scope`: the largest over its fields.
    func docFreq(_ term: [UInt8], scope: FieldScope) throws -> Int {
        var df = 0
        for f in scope.fields { df = max(df, try lookups.docFreq(f, term)) }
        return df
    }

    func weight(_ terms: [[UInt8]], scope: FieldScope, options: Options) throws -> BM25Weight {
        let n = reader.documentCount
        var idf: Float = 0
        for t in terms { idf += BM25Parameters.idf(docFreq: try docFreq(t, scope: scope), docCount: n) }
        var weights = [Float](repeating: 0, count: Field.allCases.count)
        var avg: Float = 0
        for f in Field.allCases {
            let w = options.bm25.weight(f, scope: scope)
            weights[Int(f.rawValue)] = w
            avg += w * Float(reader.averageLength(f))
        }
        var w = BM25Weight(idf: idf, k1: options.bm25.k1, b: options.bm25.b, fieldWeights: weights, averageLength: avg,
                           floor: options.bm25.delta / (options.bm25.k1 + 1))
        if options.bm25.perFieldNormalization { w.fieldAverages = Field.allCases.map { Float(reader.averageLength($0)) } }
        return w
    }
}

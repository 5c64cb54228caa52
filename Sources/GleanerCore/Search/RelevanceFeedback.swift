/// Pseudo-relevance feedback knobs (RM3: Lavrenko & Croft's relevance model, interpolated with
/// the query as in Indri and Anserini; defaults are Anserini's).
public struct FeedbackParameters: Sendable, Equatable {
    /// Top documents of the first pass taken as relevant.
    public var documents = 10
    /// Expansion terms added.
    public var terms = 10
    /// Weight of the original query against the relevance model (0…1).
    public var originalWeight: Float = 0.5
    /// Candidate terms found in more than this fraction of all documents are skipped (Anserini's
    /// RM3 filter): such terms are common in every feedback set, so they carry no topic.
    public var maxDocumentFraction: Float = 0.1
    /// Fuse the expanded query's ranking with the original one (reciprocal rank fusion,
    /// `Σ w/(60 + rank)`, the original ranking weighing 1) instead of replacing it: the expansion
    /// brings in documents the query's own words missed without overruling its best matches.
    public var fuse = true
    /// Weight of the expanded ranking in the fusion.
    public var fusedWeight: Float = 0.3

    public init() {}
}

/// RM3: the first pass's top documents vote for terms, `P(w|R) = Σ_d P(w|d) · P(d|q)` with
/// `P(w|d) = tf/|d|` (title and body re-analysed from the stored text; stopwords, one-letter and
/// numeric terms and terms in over `maxDocumentFraction` of the documents left out) and `P(d|q)` the normalised first-pass score. The best terms join the
/// query as score-only clauses: they re-rank the documents the query matched, never add any,
/// and do not count towards the words-matched tier. O(feedback documents' text) extra work.
extension Searcher {
    func feedbackQuery(_ query: PreparedQuery, hits: [SearchHit], context: PrepareContext, options: Options) throws -> PreparedQuery? {
        guard let fb = options.feedback, fb.terms > 0, fb.documents > 0, !hits.isEmpty else { return nil }
        let top = hits.prefix(fb.documents)
        let total = top.reduce(Float(0)) { $0 + max($1.score, 0) }
        guard total > 0 else { return nil }
        var model: [[UInt8]: Float] = [:]
        // Words are counted per document in an arena hash table (no allocation per token), then
        // each distinct word is filtered and stemmed once.
        var words = TermHashTable(capacity: 1024)
        var counts: [Int] = []
        var stems: [[UInt8]: Int] = [:]
        for hit in top {
            let doc = try reader.document(hit.doc)
            words.removeAll()
            counts.removeAll(keepingCapacity: true)
            var length = 0
            for text in [Array(doc.title.utf8), doc.text] {
                text.withUnsafeBufferPointer { buf in
                    analyzer.tokenizer.tokenize(buf) { folded, token in
                        length += 1
                        let (id, isNew) = words.intern(Analyzer.word(folded, token: token, in: buf))
                        if isNew { counts.append(1) } else { counts[id] += 1 }
                    }
                }
            }
            guard length > 0 else { continue }
            stems.removeAll(keepingCapacity: true)
            for id in 0 ..< counts.count {
                let word = Array(words.key(id))
                guard word.count > 1, !word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
                if word.count <= 4 && Stopwords.contains(String(decoding: word, as: UTF8.self)) { continue }
                let term = word.withUnsafeBufferPointer { w in analyzer.stemmer.stem(w) { Array($0) } }
                guard term.count > 1 else { continue }
                stems[term, default: 0] += counts[id]
            }
            let docWeight = max(hit.score, 0) / total
            for (t, c) in stems { model[t, default: 0] += docWeight * Float(c) / Float(length) }
        }
        let original = Set(context.scoringTerms.map(\.term))
        let maxDocFreq = Double(fb.maxDocumentFraction) * Double(reader.documentCount)
        var chosen: [(key: [UInt8], value: Float)] = []
        for candidate in model.filter({ !original.contains($0.key) })
            .sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }) {
            if chosen.count == fb.terms { break }
            if fb.maxDocumentFraction < 1, Double(try docFreq(candidate.key, scope: .all)) > maxDocFreq { continue }
            chosen.append(candidate)
        }
        let mass = chosen.reduce(Float(0)) { $0 + $1.value }
        guard mass > 0 else { return nil }
        // Original words weigh 1 each (α/|q| rescaled), so the model's share is (1−α)/α · |q|.
        let alpha = min(max(fb.originalWeight, 0.01), 1)
        let share = (1 - alpha) / alpha * Float(max(context.scoringTerms.count, 1))
        var extra: [PreparedQuery] = []
        for (t, p) in chosen {
            var w = try weight([t], scope: .all, options: options)
            w.idf *= share * p / mass
            extra.append(.term(term: t, scope: .all, weight: w))
        }
        return .augment(base: query, extra: .disjunction(extra))
    }
}

extension Searcher {
    /// RRF's rank constant for fusing the expanded ranking (Cormack et al. 2009).
    static let feedbackFusionK: Float = 60

    /// Reciprocal rank fusion of the original ranking `first` with the expanded query's ranking
    /// `second` (both best first, same documents' tiers): `1/(k + r₁) + w/(k + r₂)`, a document
    /// missing from one ranking taking nothing from it; scaled so that first in both scores 1.
    /// O((|first| + |second|) log) time.
    static func fuseFeedback(_ first: [SearchHit], _ second: [SearchHit], weight: Float) -> [SearchHit] {
        let k = feedbackFusionK
        let w = max(weight, 0)
        let scale = (k + 1) / (1 + w)
        var fused: [Int: SearchHit] = [:]
        fused.reserveCapacity(first.count + second.count)
        for (r, hit) in first.enumerated() {
            var h = hit
            h.score = scale / (k + Float(r) + 1)
            fused[hit.doc] = h
        }
        for (r, hit) in second.enumerated() {
            let add = scale * w / (k + Float(r) + 1)
            if fused[hit.doc] != nil { fused[hit.doc]!.score += add } else {
                var h = hit
                h.score = add
                fused[hit.doc] = h
            }
        }
        return fused.values.sorted { TopKCollector.worse($1, $0) }
    }
}

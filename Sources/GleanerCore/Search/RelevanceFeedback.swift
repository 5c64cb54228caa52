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
        // Words are interned once per query across the feedback documents (arena hash table, no
        // allocation per token); each distinct word is filtered and stemmed once, and the model
        // is an array indexed by stem id.
        var words = TermHashTable(capacity: 4096)
        var stems = TermHashTable(capacity: 4096)
        var stemOf: [Int32] = []  // word id → stem id; -1 = not a candidate, -2 = not yet seen
        var counts: [Int32] = []  // word id → count in the current document
        var touched: [Int] = []
        var model: [Float] = []  // stem id → P(w|R)
        for hit in top {
            let doc = try reader.document(hit.doc, entities: false)
            touched.removeAll(keepingCapacity: true)
            var length = 0
            for text in [Array(doc.title.utf8), doc.text] {
                text.withUnsafeBufferPointer { buf in
                    analyzer.tokenizer.tokenize(buf) { folded, token in
                        length += 1
                        let (id, isNew) = words.intern(Analyzer.word(folded, token: token, in: buf))
                        if isNew { counts.append(0); stemOf.append(-2) }
                        if counts[id] == 0 { touched.append(id) }
                        counts[id] += 1
                    }
                }
            }
            let docWeight = max(hit.score, 0) / total / Float(max(length, 1))
            for id in touched {
                let c = counts[id]
                counts[id] = 0
                if stemOf[id] == -2 { stemOf[id] = candidateStem(words.key(id), into: &stems, model: &model) }
                let sid = Int(stemOf[id])
                if sid >= 0 { model[sid] += docWeight * Float(c) }
            }
        }
        var excluded = [Bool](repeating: false, count: model.count)
        for t in context.scoringTerms {
            if let sid = t.term.withUnsafeBufferPointer({ stems.find($0) }) { excluded[sid] = true }
        }
        let order = (0 ..< model.count).filter { !excluded[$0] && model[$0] > 0 }.sorted {
            model[$0] != model[$1] ? model[$0] > model[$1] : stems.key($0).lexicographicallyPrecedes(stems.key($1))
        }
        let maxDocFreq = Double(fb.maxDocumentFraction) * Double(reader.documentCount)
        var chosen: [(key: [UInt8], value: Float)] = []
        for sid in order {
            if chosen.count == fb.terms { break }
            let key = Array(stems.key(sid))
            if fb.maxDocumentFraction < 1, Double(try docFreq(key, scope: .all)) > maxDocFreq { continue }
            chosen.append((key, model[sid]))
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

extension Searcher {
    /// The stem id of a folded feedback word (interned into `stems`, its model slot added), or
    /// -1 when the word is no expansion candidate: one letter, all digits, or a stopword.
    func candidateStem(_ word: ArraySlice<UInt8>, into stems: inout TermHashTable, model: inout [Float]) -> Int32 {
        guard word.count > 1, !word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return -1 }
        if word.count <= 4 && Stopwords.contains(String(decoding: word, as: UTF8.self)) { return -1 }
        return Array(word).withUnsafeBufferPointer { w in
            analyzer.stemmer.stem(w) { stem -> Int32 in
                guard stem.count > 1 else { return -1 }
                let (sid, isNew) = stems.intern(stem)
                if isNew { model.append(0) }
                return Int32(sid)
            }
        }
    }
}

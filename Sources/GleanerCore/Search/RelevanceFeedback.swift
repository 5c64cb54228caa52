/// Pseudo-relevance feedback knobs (RM3: Lavrenko & Croft's relevance model, interpolated with
/// the query as in Indri and Anserini; defaults are Anserini's).
public struct FeedbackParameters: Sendable, Equatable {
    /// Top documents of the first pass taken as relevant.
    public var documents = 10
    /// Expansion terms added.
    public var terms = 10
    /// Weight of the original query against the relevance model (0…1).
    public var originalWeight: Float = 0.5

    public init() {}
}

/// RM3: the first pass's top documents vote for terms, `P(w|R) = Σ_d P(w|d) · P(d|q)` with
/// `P(w|d) = tf/|d|` (title and body re-analysed from the stored text; stopwords, one-letter and
/// numeric terms left out) and `P(d|q)` the normalised first-pass score. The best terms join the
/// query as score-only clauses: they re-rank the documents the query matched, never add any,
/// and do not count towards the words-matched tier. O(feedback documents' text) extra work.
extension Searcher {
    func feedbackQuery(_ query: PreparedQuery, hits: [SearchHit], context: PrepareContext, options: Options) throws -> PreparedQuery? {
        guard let fb = options.feedback, fb.terms > 0, fb.documents > 0, !hits.isEmpty else { return nil }
        let top = hits.prefix(fb.documents)
        let total = top.reduce(Float(0)) { $0 + max($1.score, 0) }
        guard total > 0 else { return nil }
        var model: [[UInt8]: Float] = [:]
        var tf: [[UInt8]: Int] = [:]
        for hit in top {
            let doc = try reader.document(hit.doc, entities: false)
            tf.removeAll(keepingCapacity: true)
            var length = 0
            for text in [Array(doc.title.utf8), doc.text] {
                text.withUnsafeBufferPointer { buf in
                    analyzer.analyze(buf) { term, folded, _ in
                        length += 1
                        guard term.count > 1, !term.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
                        if folded.count <= 4 && Stopwords.contains(String(decoding: folded, as: UTF8.self)) { return }
                        tf[Array(term), default: 0] += 1
                    }
                }
            }
            guard length > 0 else { continue }
            let docWeight = max(hit.score, 0) / total
            for (t, c) in tf { model[t, default: 0] += docWeight * Float(c) / Float(length) }
        }
        let original = Set(context.scoringTerms.map(\.term))
        let chosen = model.filter { !original.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
            .prefix(fb.terms)
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

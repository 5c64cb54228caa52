/// Tags sentences with a shared `NERModel`; owns the per-thread scratch buffers (atoms, scores,
/// Viterbi lattice), so one tagger per thread, many taggers per model.
///
/// Cost per token: ~45 feature hashes, one weight row (9 floats) each, then 9 × 9 Viterbi
/// steps (twice for documents with repeated names); no allocation once the buffers have grown
/// to the longest document, except the per-document word tables.
public struct NERTagger {
    public let model: NERModel
    var features: NERFeatures
    private var scores: [Float] = []
    private var lattice: [Float] = []
    private var back: [UInt8] = []
    private var path: [UInt8] = []
    private var hashes = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)

    public init(model: NERModel) {
        self.model = model
        features = NERFeatures(lexicon: model.lexicon)
    }

    /// Tags one sentence whose tokens are `ranges` of `bytes`; writes one tag per token to `tags`.
    public mutating func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>, into tags: inout [NERTag]) {
        tags.removeAll(keepingCapacity: true)
        let n = ranges.count
        guard n > 0 else { return }
        features.load(bytes, ranges)
        computeScores(count: n, at: 0)
        if path.count < n { path = [UInt8](repeating: 0, count: n) }
        var p = path
        path = []
        p.withUnsafeMutableBufferPointer { decode(0..<n, into: $0) }
        for i in 0..<n { tags.append(NERTag(rawValue: p[i])) }
        path = p
    }

    /// Weight of the document-consistency pass (see `tagDocument`); 0 turns it off. The default
    /// was picked on the dev split (flat between 40 and 150).
    public var propagation: Float = 75

    /// Tags a whole document: `tokens` are byte ranges of `bytes`, `sentences` token index
    /// ranges in order. Writes one tag per token to `tags`. Document-level features (how a word
    /// is written elsewhere) need the whole document; then a second Viterbi pass nudges each
    /// capitalised word towards the types its other mentions in the document were given.
    public mutating func tagDocument(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Range<Int>>,
                                     sentences: [Range<Int>], into tags: inout [NERTag]) {
        tags.removeAll(keepingCapacity: true)
        let n = tokens.count
        guard n > 0 else { return }
        features.loadDocument(bytes, tokens, sentences: sentences)
        for (k, s) in sentences.enumerated() {
            features.select(s, sentence: k)
            computeScores(count: s.count, at: s.lowerBound)
        }
        if path.count < n { path = [UInt8](repeating: 0, count: n) }
        var p = path
        path = []
        p.withUnsafeMutableBufferPointer { out in
            for s in sentences where !s.isEmpty { decode(s, into: out) }
            if propagation > 0 && propagate(sentences: sentences, tags: out) {
                for s in sentences where !s.isEmpty { decode(s, into: out) }
            }
        }
        for i in 0..<n { tags.append(NERTag(rawValue: p[i])) }
        path = p
    }

    private var votes: [UInt64: SIMD4<Float>] = [:]

    /// Counts, per capitalised word, the entity types the first pass gave its mentions; adds
    /// `propagation × share` to the B-/I- scores of every capitalised mention of a word seen
    /// in entities at least twice. Returns whether any score changed.
    private mutating func propagate(sentences: [Range<Int>], tags: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        votes.removeAll(keepingCapacity: true)
        let atoms = features.atoms
        for i in 0..<atoms.count where atoms[i].initCap && tags[i] != 0 {
            let t = Int(tags[i] - 1) / 2
            var v = votes[atoms[i].word] ?? SIMD4<Float>(repeating: 0)
            v[t] += 1
            votes[atoms[i].word] = v
        }
        if votes.isEmpty { return false }
        let lambda = propagation
        var changed = false
        let T = NERTag.count
        for i in 0..<atoms.count where atoms[i].initCap {
            guard let v = votes[atoms[i].word] else { continue }
            let total = v.sum()
            if total < 2 { continue }
            for t in 0..<4 where v[t] > 0 {
                let b = lambda * v[t] / total
                scores[i * T + 1 + 2 * t] += b
                scores[i * T + 2 + 2 * t] += b
            }
            changed = true
        }
        return changed
    }

    /// Tags a sentence given as strings (convenience; allocates).
    public mutating func tag(tokens: [String]) -> [NERTag] {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for t in tokens {
            let s = bytes.count
            bytes.append(contentsOf: t.utf8)
            ranges.append(s..<bytes.count)
        }
        var tags: [NERTag] = []
        bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { r in tag(b, r, into: &tags) } }
        return tags
    }

    /// Tags a document given as sentences of strings (convenience; allocates).
    public mutating func tagDocument(_ sentences: [[String]]) -> [[NERTag]] {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var spans: [Range<Int>] = []
        for s in sentences {
            let first = ranges.count
            for t in s {
                let start = bytes.count
                bytes.append(contentsOf: t.utf8)
                ranges.append(start..<bytes.count)
            }
            spans.append(first..<ranges.count)
        }
        var tags: [NERTag] = []
        bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { r in tagDocument(b, r, sentences: spans, into: &tags) } }
        return spans.map { Array(tags[$0]) }
    }

    /// Emission scores of the selected sentence (`count` tokens) into `scores[(at + i) * T + t]`.
    mutating func computeScores(count n: Int, at offset: Int) {
        let T = NERTag.count
        if scores.count < (offset + n) * T {
            scores.append(contentsOf: repeatElement(0, count: max((offset + n) * T, 2 * scores.count) - scores.count))
        }
        let shift = UInt64(64 - model.rowBits)
        let features = self.features
        scores.withUnsafeMutableBufferPointer { sc in
            hashes.withUnsafeMutableBufferPointer { hb in
                model.weights.withUnsafeBufferPointer { w in
                    for i in 0..<n {
                        let k = features.features(at: i, into: hb.baseAddress!)
                        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0, s4: Float = 0
                        var s5: Float = 0, s6: Float = 0, s7: Float = 0, s8: Float = 0
                        for f in 0..<k {
                            let base = Int(truncatingIfNeeded: hb[f] >> shift) &* 9
                            s0 += w[base]; s1 += w[base + 1]; s2 += w[base + 2]
                            s3 += w[base + 3]; s4 += w[base + 4]; s5 += w[base + 5]
                            s6 += w[base + 6]; s7 += w[base + 7]; s8 += w[base + 8]
                        }
                        let o = (offset + i) * T
                        sc[o] = s0; sc[o + 1] = s1; sc[o + 2] = s2; sc[o + 3] = s3; sc[o + 4] = s4
                        sc[o + 5] = s5; sc[o + 6] = s6; sc[o + 7] = s7; sc[o + 8] = s8
                    }
                }
            }
        }
    }

    /// Viterbi over the emission scores of tokens `range` with the model's transitions, into
    /// `out[range]`; invalid BIO moves (O → I-X, B-X → I-Y) are never taken.
    mutating func decode(_ range: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        let n = range.count
        if lattice.count < n * T { lattice = [Float](repeating: 0, count: n * T); back = [UInt8](repeating: 0, count: n * T) }
        scores.withUnsafeBufferPointer { sc in
            NERTagger.viterbi(scores: UnsafeBufferPointer(rebasing: sc[(range.lowerBound * T)..<(range.upperBound * T)]),
                              transitions: model.transitions, count: n, lattice: &lattice, back: &back,
                              into: UnsafeMutableBufferPointer(rebasing: out[range]))
        }
    }

    /// The Viterbi recursion itself (also used by the trainer). O(n · T²).
    static func viterbi(scores S: UnsafeBufferPointer<Float>, transitions: [Float], count n: Int,
                        lattice: inout [Float], back: inout [UInt8], into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        let allowed = NERTagger.allowed
        lattice.withUnsafeMutableBufferPointer { L in
            back.withUnsafeMutableBufferPointer { B in
                    transitions.withUnsafeBufferPointer { Tr in
                        for t in 0..<T {
                            L[t] = allowed[t] ? S[t] + Tr[t] : -Float.infinity
                        }
                        var i = 1
                        while i < n {
                            let prev = (i - 1) * T, cur = i * T
                            for t in 0..<T {
                                var best = -Float.infinity
                                var arg = 0
                                for p in 0..<T where allowed[(p + 1) * T + t] {
                                    let v = L[prev + p] + Tr[(p + 1) * T + t]
                                    if v > best { best = v; arg = p }
                                }
                                L[cur + t] = best + S[cur + t]
                                B[cur + t] = UInt8(arg)
                            }
                            i += 1
                        }
                        var best = -Float.infinity
                        var arg = 0
                        let last = (n - 1) * T
                        for t in 0..<T where L[last + t] > best { best = L[last + t]; arg = t }
                        var j = n - 1
                        while j >= 0 {
                            out[j] = UInt8(arg)
                            if j > 0 { arg = Int(B[j * T + arg]) }
                            j -= 1
                        }
                    }
            }
        }
    }

    /// `allowed[t]` for the start row, `allowed[(p + 1) * T + t]` after tag p.
    static let allowed: [Bool] = {
        let T = NERTag.count
        var a = [Bool](repeating: true, count: (T + 1) * T)
        for t in 0..<T {
            let next = NERTag(rawValue: UInt8(t))
            a[t] = !next.isInside
            for p in 0..<T { a[(p + 1) * T + t] = NERTag(rawValue: UInt8(p)).allows(next) }
        }
        return a
    }()
}

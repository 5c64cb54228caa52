/// Tags sentences with a shared `NERModel`; owns the per-thread scratch buffers (atoms, scores,
/// Viterbi lattice), so one tagger per thread, many taggers per model.
///
/// Cost per token: ~40 feature hashes, one weight row (9 floats) each, then 9 × 9 Viterbi
/// steps; no allocation once the buffers have grown to the longest sentence.
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
        computeScores(count: n)
        if path.count < n { path = [UInt8](repeating: 0, count: n) }
        var p = path
        path = []
        p.withUnsafeMutableBufferPointer { decode(count: n, into: UnsafeMutableBufferPointer(rebasing: $0[0..<n])) }
        for i in 0..<n { tags.append(NERTag(rawValue: p[i])) }
        path = p
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

    /// Emission scores of the loaded sentence: `scores[i * T + t]`.
    mutating func computeScores(count n: Int) {
        let T = NERTag.count
        if scores.count < n * T { scores = [Float](repeating: 0, count: n * T) }
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
                        let o = i * T
                        sc[o] = s0; sc[o + 1] = s1; sc[o + 2] = s2; sc[o + 3] = s3; sc[o + 4] = s4
                        sc[o + 5] = s5; sc[o + 6] = s6; sc[o + 7] = s7; sc[o + 8] = s8
                    }
                }
            }
        }
    }

    /// Viterbi over the emission scores with the model's transitions; invalid BIO moves
    /// (O → I-X, B-X → I-Y) are never taken.
    mutating func decode(count n: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        if lattice.count < n * T { lattice = [Float](repeating: 0, count: n * T); back = [UInt8](repeating: 0, count: n * T) }
        NERTagger.viterbi(scores: scores, transitions: model.transitions, count: n, lattice: &lattice, back: &back, into: out)
    }

    /// The Viterbi recursion itself (also used by the trainer). O(n · T²).
    static func viterbi(scores: [Float], transitions: [Float], count n: Int,
                        lattice: inout [Float], back: inout [UInt8], into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        let allowed = NERTagger.allowed
        lattice.withUnsafeMutableBufferPointer { L in
            back.withUnsafeMutableBufferPointer { B in
                scores.withUnsafeBufferPointer { S in
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

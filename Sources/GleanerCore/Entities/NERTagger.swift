/// Tags sentences with a shared `NERModel`; owns the per-thread scratch buffers (atoms, scores,
/// Viterbi lattice), so one tagger per thread, many taggers per model.
///
/// Cost per token: the atoms (one pass over its bytes, one lexicon probe); then, for the tokens
/// the gate leaves open (`NERFeatures.open`: near a capitalised, digit or mixed-case word;
/// about half of news prose), ~45 feature hashes, one 16-byte `NERModel.packed` row each,
/// and 9 × 9 Viterbi steps. Closed tokens are O and split a sentence into independent
/// Viterbi spans. No allocation once the buffers have grown to the longest document, except
/// the per-document word tables.
public struct NERTagger {
    public let model: NERModel
    var features: NERFeatures
    private(set) var scores: [Float] = []
    private var lattice: [Float] = []
    private var back: [UInt8] = []
    private var path: [UInt8] = []
    /// Tokens whose scores the consistency pass changed (only their spans are decoded again).
    private var bumped: [Bool] = []
    private var hashes = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)
    /// Direct-mapped cache of the summed rows of `NERFeatures.tokenFeatures` and
    /// `positionFeatures` by `cacheKey` (the token and its position class): a frequent word's
    /// own ~24 features are hashed and looked up once per thread and position class, not once
    /// per mention. 4,096 entries, 40 bytes each (stays in L2). Exact: integer sums.
    private var cacheKeys = [UInt64](repeating: 0, count: NERTagger.cacheSize)
    private var cacheSums = [SIMD8<Int32>](repeating: .zero, count: NERTagger.cacheSize)
    static let cacheBits = 12

    /// The cache key of a token in a position class (first in its sentence or not, in a
    /// headline or not): everything `tokenFeatures` and `positionFeatures` read. Never 0.
    @inline(__always)
    static func cacheKey(_ a: UnsafePointer<NERFeatures.Atoms>, first: Bool, headline: Bool) -> UInt64 {
        let position: UInt64 = (first ? 1 : 0) | (headline ? 2 : 0)
        return FeatureHash.mix(NERFeatures.tokenKey(a) &+ position) | 1
    }
    static let cacheSize = 1 << cacheBits

    /// Tokens scored so far (the gate's open tokens), for benchmarks.
    public private(set) var scoredTokens = 0

    public init(model: NERModel) {
        self.model = model
        features = NERFeatures(lexicon: model.lexicon)
        transitionRows = NERTagger.transitionRows(model.transitions)
    }

    /// The model's transitions from each tag, as vectors over the next tag (see `transitionRows(_:)`).
    private let transitionRows: [SIMD8<Float>]

    /// Whether the gate may tag plain-text tokens O unscored (see `NERFeatures.open`); on by
    /// default. Off, every token is scored (for measuring what the gate costs in accuracy).
    public var gate: Bool {
        get { features.gateBefore >= 0 }
        set { features.gateBefore = newValue ? NERFeatures.defaultGateBefore : -1 }
    }

    /// The gate's window (see `NERFeatures.gateBefore`, `gateAfter`).
    public var gateWindow: (before: Int, after: Int) {
        get { (features.gateBefore, features.gateAfter) }
        set { features.gateBefore = newValue.before; features.gateAfter = newValue.after }
    }

    /// Tags one sentence whose tokens are `ranges` of `bytes`; writes one tag per token to `tags`.
    public mutating func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>, into tags: inout [NERTag]) {
        tags.removeAll(keepingCapacity: true)
        let n = ranges.count
        guard n > 0 else { return }
        features.load(bytes, ranges)
        reserve(n)
        computeScores(0..<n)
        var p = path
        path = []
        p.withUnsafeMutableBufferPointer { decodeSentence(0..<n, onlyBumped: false, into: $0) }
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
        reserve(n)
        for (k, s) in sentences.enumerated() where !s.isEmpty {
            features.select(s, sentence: k)
            computeScores(s)
        }
        var p = path
        path = []
        p.withUnsafeMutableBufferPointer { out in
            for s in sentences where !s.isEmpty { decodeSentence(s, onlyBumped: false, into: out) }
            if propagation > 0 && propagate(sentences: sentences, tags: out) {
                for s in sentences where !s.isEmpty { decodeSentence(s, onlyBumped: true, into: out) }
            }
        }
        for i in 0..<n { tags.append(NERTag(rawValue: p[i])) }
        path = p
    }

    /// Grows the per-token buffers to `n` tokens.
    private mutating func reserve(_ n: Int) {
        let T = NERTag.count
        if scores.count < n * T {
            scores.append(contentsOf: repeatElement(0, count: max(n * T, 2 * scores.count) - scores.count))
        }
        if path.count < n { path = [UInt8](repeating: 0, count: max(n, 2 * path.count)) }
        if bumped.count < n { bumped = [Bool](repeating: false, count: max(n, 2 * bumped.count)) }
    }

    private var votes = WordTable<SIMD4<Float>>(zero: .zero)

    /// Counts, per capitalised word, the entity types the first pass gave its mentions; adds
    /// `propagation × share` to the B-/I- scores of every capitalised mention of a word seen
    /// in entities at least twice. Returns whether any score changed.
    private mutating func propagate(sentences: [Range<Int>], tags: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let atoms = features.atoms
        votes.reset(expected: atoms.count)
        for i in 0..<atoms.count where atoms[i].initCap && tags[i] != 0 {
            let t = Int(tags[i] - 1) / 2
            votes[slot: votes.slot(atoms[i].word)][t] += 1
        }
        if votes.count == 0 { return false }
        for i in 0..<atoms.count { bumped[i] = false }
        let lambda = propagation
        var changed = false
        let T = NERTag.count
        for i in 0..<atoms.count where atoms[i].initCap {
            let v = votes.value(atoms[i].word)
            let total = v.sum()
            if total < 2 { continue }
            for t in 0..<4 where v[t] > 0 {
                let b = lambda * v[t] / total
                scores[i * T + 1 + 2 * t] += b
                scores[i * T + 2 + 2 * t] += b
            }
            bumped[i] = true
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

    /// Emission scores of the open tokens of the selected sentence, which is token range `s`
    /// of the loaded document, into `scores[i * T + t]`: 0 for O, the summed `packed` rows
    /// (tag minus O) for the others.
    mutating func computeScores(_ s: Range<Int>) {
        let T = NERTag.count
        let shift = UInt64(64 - model.rowBits)
        let cacheShift = UInt64(64 - NERTagger.cacheBits)
        let scale = model.scale
        // Only the two arrays and the selection, not a copy of the whole `NERFeatures`.
        let openTokens = features.open, atomArray = features.atoms, sentence = features.selection
        let headline = sentence.isHeadline
        var scored = 0
        defer { scoredTokens += scored }
        openTokens.withUnsafeBufferPointer { open in
        atomArray.withUnsafeBufferPointer { atoms in
        scores.withUnsafeMutableBufferPointer { sc in
        hashes.withUnsafeMutableBufferPointer { hb in
        cacheKeys.withUnsafeMutableBufferPointer { ck in
        cacheSums.withUnsafeMutableBufferPointer { cs in
        model.packed.withUnsafeBufferPointer { w in
            let h = hb.baseAddress!
            let all = atoms.baseAddress!
            for i in s where open[i] {
                scored += 1
                let first = i == s.lowerBound
                let key = NERTagger.cacheKey(all + i, first: first, headline: headline)
                let slot = Int(truncatingIfNeeded: key >> cacheShift)
                var acc: SIMD8<Int32>
                if ck[slot] == key {
                    acc = cs[slot]
                } else {
                    acc = .zero
                    var k = NERFeatures.tokenFeatures(all + i, into: h)
                    k += NERFeatures.positionFeatures(all + i, first: first, headline: headline, into: h + k)
                    for f in 0..<k { acc &+= SIMD8<Int32>(truncatingIfNeeded: w[Int(truncatingIfNeeded: h[f] >> shift)]) }
                    ck[slot] = key
                    cs[slot] = acc
                }
                let k = NERFeatures.contextFeatures(atoms: all, sentence: sentence, at: i - s.lowerBound, into: h, positional: false)
                for f in 0..<k { acc &+= SIMD8<Int32>(truncatingIfNeeded: w[Int(truncatingIfNeeded: h[f] >> shift)]) }
                let v = SIMD8<Float>(acc) * scale
                let o = i * T
                sc[o] = 0
                for t in 0..<8 { sc[o + 1 + t] = v[t] }
            }
        }
        }
        }
        }
        }
        }
        }
    }

    /// Decodes sentence `s` into `out[s]`: closed tokens get O, each span of open tokens its
    /// own Viterbi pass (after O unless it starts the sentence, before O unless it ends it).
    /// With `onlyBumped`, only spans holding a token the consistency pass changed.
    private mutating func decodeSentence(_ s: Range<Int>, onlyBumped: Bool, into out: UnsafeMutableBufferPointer<UInt8>) {
        let open = features.open
        var i = s.lowerBound
        while i < s.upperBound {
            if !open[i] { out[i] = 0; i += 1; continue }
            var e = i + 1
            var changed = bumped[i]
            while e < s.upperBound && open[e] { changed = changed || bumped[e]; e += 1 }
            if !onlyBumped || changed {
                decode(i..<e, afterO: i > s.lowerBound, beforeO: e < s.upperBound, into: out)
            }
            i = e
        }
    }

    /// Viterbi over the emission scores of tokens `range` with the model's transitions, into
    /// `out[range]`; invalid BIO moves (O → I-X, B-X → I-Y) are never taken.
    private mutating func decode(_ range: Range<Int>, afterO: Bool, beforeO: Bool, into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        let n = range.count
        if lattice.count < n * T {
            lattice = [Float](repeating: 0, count: max(n * T, 2 * lattice.count))
            back = [UInt8](repeating: 0, count: lattice.count)
        }
        scores.withUnsafeBufferPointer { sc in
            transitionRows.withUnsafeBufferPointer { rows in
                NERTagger.viterbi(scores: UnsafeBufferPointer(rebasing: sc[(range.lowerBound * T)..<(range.upperBound * T)]),
                                  transitions: model.transitions, rows: rows, count: n, lattice: &lattice, back: &back,
                                  into: UnsafeMutableBufferPointer(rebasing: out[range]), afterO: afterO, beforeO: beforeO)
            }
        }
    }

    /// `rows[p]` holds the transitions from tag `p` to the tags 0–7 (O and the B-/I- tags of
    /// the first three types), `transitions[(p + 1) * 9 + t]`: the eight candidates of one step
    /// from one predecessor in one vector.
    static func transitionRows(_ transitions: [Float]) -> [SIMD8<Float>] {
        let T = NERTag.count
        precondition(T == 9 && transitions.count == (T + 1) * T, "transitionRows is written for four entity types")
        return (0 ..< T).map { p in SIMD8<Float>((0 ..< 8).map { transitions[(p + 1) * T + $0] }) }
    }

    /// `viterbi(scores:transitions:count:lattice:back:into:afterO:beforeO:)` with the steps to
    /// O and B-X taken for all predecessors a vector at a time (`rows` from `transitionRows`):
    /// lane by lane the same additions and the same strict comparisons, predecessors in the
    /// same order, so the same path, ties included. O(n · 9) vector steps.
    static func viterbi(scores S: UnsafeBufferPointer<Float>, transitions: [Float], rows R: UnsafeBufferPointer<SIMD8<Float>>,
                        count n: Int, lattice: inout [Float], back: inout [UInt8], into out: UnsafeMutableBufferPointer<UInt8>,
                        afterO: Bool = false, beforeO: Bool = false) {
        let T = NERTag.count
        precondition(T == 9 && R.count == T, "viterbi is written for four entity types")
        lattice.withUnsafeMutableBufferPointer { L in
            back.withUnsafeMutableBufferPointer { B in
                transitions.withUnsafeBufferPointer { Tr in
                    startColumn(S, Tr, L, afterO: afterO)
                    var i = 1
                    while i < n {
                        let prev = (i - 1) * T, cur = i * T
                        // O (t = 0) and B-X (t odd): any predecessor, first best wins. Lanes 2, 4
                        // and 6 (I- tags) are computed and left unused.
                        var best = SIMD8<Float>(repeating: L[prev]) + R[0]
                        var arg = SIMD8<Int32>(repeating: 0)
                        for p in 1..<T {
                            let v = SIMD8<Float>(repeating: L[prev + p]) + R[p]
                            let better = v .> best
                            best.replace(with: v, where: better)
                            arg.replace(with: Int32(p), where: better)
                        }
                        L[cur] = best[0] + S[cur]
                        B[cur] = UInt8(truncatingIfNeeded: arg[0])
                        var t = 1
                        while t < T {
                            L[cur + t] = best[t] + S[cur + t]
                            B[cur + t] = UInt8(truncatingIfNeeded: arg[t])
                            insideStep(S, Tr, L, B, prev: prev, cur: cur, begin: t)
                            t += 2
                        }
                        i += 1
                    }
                    backtrack(Tr, L, B, count: n, beforeO: beforeO, into: out)
                }
            }
        }
    }

    /// The Viterbi recursion itself (also used by the trainer). `afterO`: the tokens follow
    /// an O (else they start a sentence); `beforeO`: an O follows them. Written for the BIO
    /// tag set: O and B-X may follow any tag (9 candidates), I-X only B-X or I-X (2), nothing
    /// starts with I-X. O(n · 53).
    static func viterbi(scores S: UnsafeBufferPointer<Float>, transitions: [Float], count n: Int,
                        lattice: inout [Float], back: inout [UInt8], into out: UnsafeMutableBufferPointer<UInt8>,
                        afterO: Bool = false, beforeO: Bool = false) {
        let T = NERTag.count
        precondition(T == 9, "viterbi is written for four entity types")
        lattice.withUnsafeMutableBufferPointer { L in
            back.withUnsafeMutableBufferPointer { B in
                transitions.withUnsafeBufferPointer { Tr in
                    startColumn(S, Tr, L, afterO: afterO)
                    var i = 1
                    while i < n {
                        let prev = (i - 1) * T, cur = i * T
                        var t = 0
                        while t < T {
                            // O (t = 0) or B-X (t odd): any predecessor, first best wins.
                            var best = L[prev] + Tr[T + t]
                            var arg = 0
                            for p in 1..<T {
                                let v = L[prev + p] + Tr[(p + 1) * T + t]
                                if v > best { best = v; arg = p }
                            }
                            L[cur + t] = best + S[cur + t]
                            B[cur + t] = UInt8(arg)
                            if t > 0 { insideStep(S, Tr, L, B, prev: prev, cur: cur, begin: t) }
                            t += t == 0 ? 1 : 2
                        }
                        i += 1
                    }
                    backtrack(Tr, L, B, count: n, beforeO: beforeO, into: out)
                }
            }
        }
    }

    /// The first token's column of the lattice: O and B-X after the start row (`afterO`: the row
    /// of a preceding O); nothing starts with I-X.
    @inline(__always)
    private static func startColumn(_ S: UnsafeBufferPointer<Float>, _ Tr: UnsafeBufferPointer<Float>,
                                    _ L: UnsafeMutableBufferPointer<Float>, afterO: Bool) {
        let T = NERTag.count
        let start = afterO ? T : 0   // row 1 + O, or the sentence-start row
        for t in 0..<T {
            L[t] = t != 0 && t & 1 == 0 ? -Float.infinity : S[t] + Tr[start + t]
        }
    }

    /// The step to I-X (tag `begin + 1`) at column `cur`: after B-X (`begin`) or I-X, the I-X
    /// predecessor winning only when strictly better.
    @inline(__always)
    private static func insideStep(_ S: UnsafeBufferPointer<Float>, _ Tr: UnsafeBufferPointer<Float>,
                                   _ L: UnsafeMutableBufferPointer<Float>, _ B: UnsafeMutableBufferPointer<UInt8>,
                                   prev: Int, cur: Int, begin t: Int) {
        let T = NERTag.count
        let u = t + 1
        let fromB = L[prev + t] + Tr[(t + 1) * T + u]
        let fromI = L[prev + u] + Tr[(u + 1) * T + u]
        if fromI > fromB {
            L[cur + u] = fromI + S[cur + u]; B[cur + u] = UInt8(u)
        } else {
            L[cur + u] = fromB + S[cur + u]; B[cur + u] = UInt8(t)
        }
    }

    /// The best last tag of `count` columns (`beforeO`: plus the transition to a following O),
    /// then the path back through the back-pointers, into `out`.
    @inline(__always)
    private static func backtrack(_ Tr: UnsafeBufferPointer<Float>, _ L: UnsafeMutableBufferPointer<Float>,
                                  _ B: UnsafeMutableBufferPointer<UInt8>, count n: Int, beforeO: Bool,
                                  into out: UnsafeMutableBufferPointer<UInt8>) {
        let T = NERTag.count
        var best = -Float.infinity
        var arg = 0
        let last = (n - 1) * T
        for t in 0..<T {
            let v = L[last + t] + (beforeO ? Tr[(t + 1) * T] : 0)
            if v > best { best = v; arg = t }
        }
        var j = n - 1
        while j >= 0 {
            out[j] = UInt8(arg)
            if j > 0 { arg = Int(B[j * T + arg]) }
            j -= 1
        }
    }
}

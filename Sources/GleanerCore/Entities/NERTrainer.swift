/// Trains an `NERModel` with the averaged structured perceptron (Collins 2002): for each
/// sentence, Viterbi-decode with the current weights and, where the best path differs from the
/// gold path, add 1 to the gold tag's weights of the token's features and subtract 1 from the
/// predicted tag's (transitions likewise). The model keeps the average of the weights over all
/// steps (lazy averaging: `w − u / c`). Deterministic: sentence order is shuffled per epoch
/// with a seeded SplitMix64.
///
/// Memory: the feature rows of every training token (~40 × 4 bytes a token) plus two tables of
/// 2^rowBits × 9 (Float and Double), once more per domain with feature augmentation.
public struct NERTrainer {
    public struct Options: Sendable {
        public var rowBits = 19
        public var epochs = 12
        public var seed: UInt64 = 1
        /// Feature augmentation (Daumé III 2007, "Frustratingly easy domain adaptation"): with
        /// `domains` > 1, every feature and transition has a shared weight and one per domain
        /// (`CoNLLSentence.domain`, 0 ..< domains); a training sentence is scored and updated
        /// with both. The model keeps the shared weights, plus those of `taggingDomain` when
        /// set: the same table, so tagging costs nothing more.
        public var domains = 1
        public var taggingDomain: Int? = nil
        /// Training runs (seeds `seed`, `seed + 1`, …) whose weights are averaged (see `train`).
        public var runs = 1
        public init() {}
    }

    public let options: Options
    public let lexicon: Lexicon

    public init(options: Options, lexicon: Lexicon) {
        self.options = options
        self.lexicon = lexicon
    }

    /// Feature rows of a set of sentences, flattened.
    struct Encoded {
        var rows: [UInt32] = []          // feature rows of all tokens
        var tokenStart: [Int] = [0]      // rows of token t: tokenStart[t] ..< tokenStart[t + 1]
        var sentenceStart: [Int] = [0]   // tokens of sentence s: sentenceStart[s] ..< sentenceStart[s + 1]
        var gold: [UInt8] = []
        /// Per token: whether it starts with a capital letter (only those may take an
        /// unannotated type, see `train`).
        var capitalised: [Bool] = []
    }

    func encode(_ sentences: [CoNLLSentence]) -> Encoded {
        var e = Encoded()
        var features = NERFeatures(lexicon: lexicon)
        var hashes = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)
        let shift = UInt64(64 - options.rowBits)
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var spans: [Range<Int>] = []
        for doc in CoNLL.documents(sentences) {
            bytes.removeAll(keepingCapacity: true)
            ranges.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            for s in doc {
                let first = ranges.count
                for t in sentences[s].tokens {
                    let start = bytes.count
                    bytes.append(contentsOf: t.utf8)
                    ranges.append(start..<bytes.count)
                }
                spans.append(first..<ranges.count)
            }
            bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { r in features.loadDocument(b, r, sentences: spans) } }
            for (k, s) in doc.enumerated() {
                features.select(spans[k], sentence: k)
                for i in 0..<sentences[s].tokens.count {
                    let k = hashes.withUnsafeMutableBufferPointer { features.features(at: i, into: $0.baseAddress!) }
                    for f in 0..<k { e.rows.append(UInt32(truncatingIfNeeded: hashes[f] >> shift)) }
                    e.tokenStart.append(e.rows.count)
                    e.gold.append(sentences[s].tags[i].rawValue)
                    let first = sentences[s].tokens[i].unicodeScalars.first?.value ?? 0
                    e.capitalised.append(NERText.shapeClass(first) == 0x58)
                }
                e.sentenceStart.append(e.gold.count)
            }
        }
        return e
    }

    /// Trains on `train`; with `dev`, keeps the averaged weights of the epoch with the best dev
    /// F1 (else those after the last epoch). `log` receives one line per epoch.
    ///
    /// Partial labels: in a sentence whose source does not annotate some types
    /// (`CoNLLSentence.unannotated`), a capitalised O token may also be B-/I- of those types;
    /// the path the update moves towards is then the best-scoring path under the current
    /// weights that keeps every known label (Tsuboi et al. 2008), so an unannotated MISC is
    /// never pushed towards O. (Letting every O token take the type was worse on the dev split:
    /// nothing then argues against MISC in lower-case text of those sources.)
    ///
    /// With `options.runs` > 1, trains that many models with the seeds `seed`, `seed + 1`, …
    /// (each keeping its best dev epoch) and returns the mean of their weights (parameter
    /// mixing): a linear model of the same size, so tagging costs the same.
    public func train(_ train: [CoNLLSentence], dev: [CoNLLSentence] = [], metadata: String,
                      log: (String) -> Void = { _ in }) -> NERModel {
        let data = encode(train)
        log("encoded \(train.count) sentences, \(data.gold.count) tokens, \(data.rows.count) feature rows")
        let runs = max(1, options.runs)
        if runs == 1 { return trainRun(data, train, dev: dev, seed: options.seed, metadata: metadata, log: log) }
        var weights: [Double] = [], transitions: [Double] = []
        for k in 0..<runs {
            let m = trainRun(data, train, dev: dev, seed: options.seed &+ UInt64(k), metadata: metadata) { log("run \(k + 1): " + $0) }
            if weights.isEmpty {
                weights = [Double](repeating: 0, count: m.weights.count)
                transitions = [Double](repeating: 0, count: m.transitions.count)
            }
            for i in weights.indices { weights[i] += Double(m.weights[i]) }
            for i in transitions.indices { transitions[i] += Double(m.transitions[i]) }
        }
        let mixed = NERModel(rowBits: options.rowBits, weights: weights.map { Float($0 / Double(runs)) },
                             transitions: transitions.map { Float($0 / Double(runs)) },
                             lexicon: lexicon, metadata: metadata)
        if !dev.isEmpty { log(String(format: "mean of %d runs: dev F1 %.2f", runs, 100 * NERTrainer.evaluate(mixed, on: dev).f1)) }
        return mixed
    }

    /// One training run (see `train`) over the encoded sentences with one shuffle seed.
    private func trainRun(_ data: Encoded, _ train: [CoNLLSentence], dev: [CoNLLSentence], seed: UInt64, metadata: String,
                          log: (String) -> Void) -> NERModel {
        let T = NERTag.count
        let rows = 1 << options.rowBits
        // Table 0 holds the shared weights; with feature augmentation, table 1 + d those of domain d.
        let augmented = options.domains > 1
        let tables = augmented ? 1 + options.domains : 1
        let table = rows * T, transitionTable = (T + 1) * T
        var w = [Float](repeating: 0, count: tables * table)
        var u = [Double](repeating: 0, count: tables * table)
        var tw = [Float](repeating: 0, count: tables * transitionTable)
        var tu = [Double](repeating: 0, count: tables * transitionTable)
        var c: Double = 1
        var order = Array(0..<train.count)
        var rng = SplitMix64(seed: seed)
        var scores: [Float] = []
        var lattice: [Float] = []
        var back: [UInt8] = []
        var pred = [UInt8](repeating: 0, count: 1024)
        var target = [UInt8](repeating: 0, count: 1024)
        var transitions = [Float](repeating: 0, count: transitionTable)
        var best: (f1: Double, model: NERModel?, epoch: Int) = (-1, nil, 0)
        let unannotated = train.map { $0.unannotated }
        let domains = train.map { augmented ? min(max($0.domain, 0), options.domains - 1) : 0 }

        for epoch in 1...max(1, options.epochs) {
            // Fisher–Yates with the seeded generator.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
            var mistakes = 0
            for s in order {
                let t0 = data.sentenceStart[s], t1 = data.sentenceStart[s + 1]
                let n = t1 - t0
                if n == 0 { continue }
                if scores.count < n * T { scores = [Float](repeating: 0, count: n * T) }
                if lattice.count < n * T { lattice = [Float](repeating: 0, count: n * T); back = [UInt8](repeating: 0, count: n * T) }
                if pred.count < n { pred = [UInt8](repeating: 0, count: n); target = pred }
                // The tables this sentence reads and updates: the shared one, and its domain's.
                let own = augmented ? (1 + domains[s]) * table : -1
                let ownT = augmented ? (1 + domains[s]) * transitionTable : -1
                for k in 0..<transitionTable { transitions[k] = tw[k] + (augmented ? tw[ownT + k] : 0) }
                for i in 0..<n {
                    for t in 0..<T { scores[i * T + t] = 0 }
                    for f in data.tokenStart[t0 + i]..<data.tokenStart[t0 + i + 1] {
                        let base = Int(data.rows[f]) * T
                        for t in 0..<T { scores[i * T + t] += w[base + t] }
                        if augmented { for t in 0..<T { scores[i * T + t] += w[own + base + t] } }
                    }
                }
                pred.withUnsafeMutableBufferPointer { p in
                    scores.withUnsafeBufferPointer { sc in
                    NERTagger.viterbi(scores: sc, transitions: transitions, count: n, lattice: &lattice, back: &back,
                                      into: UnsafeMutableBufferPointer(rebasing: p[0..<n]))
                    }
                }
                for i in 0..<n { target[i] = data.gold[t0 + i] }
                if unannotated[s] != 0 {
                    // The best path that keeps every known label: an O may also be B-/I- of an
                    // unannotated type, an entity tag stays as it is.
                    let missing = unannotated[s]
                    for i in 0..<n {
                        let g = Int(target[i])
                        let open = g == 0 && data.capitalised[t0 + i]
                        for t in 1..<T where t != g {
                            if !open || missing & (1 << ((t - 1) / 2)) == 0 { scores[i * T + t] = -1e30 }
                        }
                        if g != 0 { scores[i * T] = -1e30 }
                    }
                    target.withUnsafeMutableBufferPointer { p in
                        scores.withUnsafeBufferPointer { sc in
                        NERTagger.viterbi(scores: sc, transitions: transitions, count: n, lattice: &lattice, back: &back,
                                          into: UnsafeMutableBufferPointer(rebasing: p[0..<n]))
                        }
                    }
                }
                var differs = false
                for i in 0..<n where pred[i] != target[i] { differs = true; break }
                if differs {
                    mistakes += 1
                    for i in 0..<n {
                        let g = Int(target[i]), p = Int(pred[i])
                        if g != p {
                            for f in data.tokenStart[t0 + i]..<data.tokenStart[t0 + i + 1] {
                                let base = Int(data.rows[f]) * T
                                w[base + g] += 1; u[base + g] += c
                                w[base + p] -= 1; u[base + p] -= c
                                if augmented {
                                    w[own + base + g] += 1; u[own + base + g] += c
                                    w[own + base + p] -= 1; u[own + base + p] -= c
                                }
                            }
                        }
                        let gp = i == 0 ? 0 : Int(target[i - 1]) + 1
                        let pp = i == 0 ? 0 : Int(pred[i - 1]) + 1
                        if gp != pp || g != p {
                            tw[gp * T + g] += 1; tu[gp * T + g] += c
                            tw[pp * T + p] -= 1; tu[pp * T + p] -= c
                            if augmented {
                                tw[ownT + gp * T + g] += 1; tu[ownT + gp * T + g] += c
                                tw[ownT + pp * T + p] -= 1; tu[ownT + pp * T + p] -= c
                            }
                        }
                    }
                }
                c += 1
            }
            let averaged = NERModel(rowBits: options.rowBits,
                                    weights: averagedTable(w, u, c, size: table, tables: tables),
                                    transitions: averagedTable(tw, tu, c, size: transitionTable, tables: tables),
                                    lexicon: lexicon, metadata: metadata)
            var line = "epoch \(epoch): \(mistakes) of \(train.count) sentences wrong"
            if !dev.isEmpty {
                let f1 = NERTrainer.evaluate(averaged, on: dev).f1
                line += String(format: ", dev F1 %.2f", 100 * f1)
                if f1 > best.f1 { best = (f1, averaged, epoch) }
            } else {
                best = (0, averaged, epoch)
            }
            log(line)
        }
        if !dev.isEmpty { log("kept epoch \(best.epoch)") }
        return best.model!
    }

    /// The averaged weights (`w − u / c`) the tagger uses: the shared table, plus the table of
    /// `options.taggingDomain` when feature augmentation is on and one is named.
    private func averagedTable(_ w: [Float], _ u: [Double], _ c: Double, size: Int, tables: Int) -> [Float] {
        var out = [Float](repeating: 0, count: size)
        for k in 0..<size { out[k] = Float(Double(w[k]) - u[k] / c) }
        if tables > 1, let d = options.taggingDomain, d >= 0, d < tables - 1 {
            let o = (1 + d) * size
            for k in 0..<size { out[k] += Float(Double(w[o + k]) - u[o + k] / c) }
        }
        return out
    }

    /// Tags `sentences` with `model` and scores them against their gold tags.
    public static func evaluate(_ model: NERModel, on sentences: [CoNLLSentence]) -> NERScore {
        var tagger = NERTagger(model: model)
        var score = NERScore()
        for doc in CoNLL.documents(sentences) {
            let predicted = tagger.tagDocument(doc.map { sentences[$0].tokens })
            for (k, s) in doc.enumerated() { score.add(gold: sentences[s].tags, predicted: predicted[k]) }
        }
        return score
    }
}

/// Trains an `NERModel` with the averaged structured perceptron (Collins 2002): for each
/// sentence, Viterbi-decode with the current weights and, where the best path differs from the
/// gold path, add 1 to the gold tag's weights of the token's features and subtract 1 from the
/// predicted tag's (transitions likewise). The model keeps the average of the weights over all
/// steps (lazy averaging: `w − u / c`). Deterministic: sentence order is shuffled per epoch
/// with a seeded SplitMix64.
///
/// Memory: the feature rows of every training token (~40 × 4 bytes a token) plus two tables of
/// 2^rowBits × 9 (Float and Double).
public struct NERTrainer {
    public struct Options: Sendable {
        public var rowBits = 19
        public var epochs = 12
        public var seed: UInt64 = 1
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
                }
                e.sentenceStart.append(e.gold.count)
            }
        }
        return e
    }

    /// Trains on `train`; with `dev`, keeps the averaged weights of the epoch with the best dev
    /// F1 (else those after the last epoch). `log` receives one line per epoch.
    public func train(_ train: [CoNLLSentence], dev: [CoNLLSentence] = [], metadata: String,
                      log: (String) -> Void = { _ in }) -> NERModel {
        let T = NERTag.count
        let rows = 1 << options.rowBits
        let data = encode(train)
        log("encoded \(train.count) sentences, \(data.gold.count) tokens, \(data.rows.count) feature rows")
        var w = [Float](repeating: 0, count: rows * T)
        var u = [Double](repeating: 0, count: rows * T)
        var tw = [Float](repeating: 0, count: (T + 1) * T)
        var tu = [Double](repeating: 0, count: (T + 1) * T)
        var c: Double = 1
        var order = Array(0..<train.count)
        var rng = SplitMix64(seed: options.seed)
        var scores: [Float] = []
        var lattice: [Float] = []
        var back: [UInt8] = []
        var pred = [UInt8](repeating: 0, count: 1024)
        var best: (f1: Double, model: NERModel?, epoch: Int) = (-1, nil, 0)

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
                if pred.count < n { pred = [UInt8](repeating: 0, count: n) }
                for i in 0..<n {
                    for t in 0..<T { scores[i * T + t] = 0 }
                    for f in data.tokenStart[t0 + i]..<data.tokenStart[t0 + i + 1] {
                        let base = Int(data.rows[f]) * T
                        for t in 0..<T { scores[i * T + t] += w[base + t] }
                    }
                }
                pred.withUnsafeMutableBufferPointer { p in
                    scores.withUnsafeBufferPointer { sc in
                    NERTagger.viterbi(scores: sc, transitions: tw, count: n, lattice: &lattice, back: &back,
                                      into: UnsafeMutableBufferPointer(rebasing: p[0..<n]))
                    }
                }
                var differs = false
                for i in 0..<n where pred[i] != data.gold[t0 + i] { differs = true; break }
                if differs {
                    mistakes += 1
                    for i in 0..<n {
                        let g = Int(data.gold[t0 + i]), p = Int(pred[i])
                        if g != p {
                            for f in data.tokenStart[t0 + i]..<data.tokenStart[t0 + i + 1] {
                                let base = Int(data.rows[f]) * T
                                w[base + g] += 1; u[base + g] += c
                                w[base + p] -= 1; u[base + p] -= c
                            }
                        }
                        let gp = i == 0 ? 0 : Int(data.gold[t0 + i - 1]) + 1
                        let pp = i == 0 ? 0 : Int(pred[i - 1]) + 1
                        if gp != pp || g != p {
                            tw[gp * T + g] += 1; tu[gp * T + g] += c
                            tw[pp * T + p] -= 1; tu[pp * T + p] -= c
                        }
                    }
                }
                c += 1
            }
            let averaged = NERModel(rowBits: options.rowBits,
                                    weights: zip(w, u).map { Float(Double($0) - $1 / c) },
                                    transitions: zip(tw, tu).map { Float(Double($0) - $1 / c) },
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

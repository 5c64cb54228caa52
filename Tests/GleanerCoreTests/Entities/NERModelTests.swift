import Testing
@testable import GleanerCore
import GleanerTestSupport

@Suite struct EntitiesModelTests {
    /// A tiny model with weights that Float16 represents exactly.
    func toyModel(bits: Int = 8) -> NERModel {
        let T = NERTag.count
        var rng = SplitMix64(seed: 7)
        let weights = (0..<((1 << bits) * T)).map { _ in Float(Int(rng.next() % 64) - 32) / 4 }
        let transitions = (0..<((T + 1) * T)).map { Float($0 % 7) / 8 }
        var b = LexiconBuilder()
        b.addName("Bakhmut", bits: Lexicon.Bit.place)
        b.addCluster(word: "kirby", fine: 3, middle: 2, coarse: 1, capitalisation: 5)
        return NERModel(rowBits: bits, weights: weights, transitions: transitions, lexicon: b.build(), metadata: "toy")
    }

    @Test func viterbiRespectsBIOAndTransitions() {
        let T = NERTag.count
        // Token 0 prefers I-PER (invalid at the start), token 1 prefers I-PER.
        var scores = [Float](repeating: 0, count: 2 * T)
        scores[Int(NERTag.inside(.person).rawValue)] = 5
        scores[Int(NERTag.begin(.person).rawValue)] = 4
        scores[T + Int(NERTag.inside(.person).rawValue)] = 3
        var lattice: [Float] = [], back: [UInt8] = []
        lattice = [Float](repeating: 0, count: 2 * T); back = [UInt8](repeating: 0, count: 2 * T)
        var out = [UInt8](repeating: 0, count: 2)
        let zero = [Float](repeating: 0, count: (T + 1) * T)
        out.withUnsafeMutableBufferPointer { o in scores.withUnsafeBufferPointer { NERTagger.viterbi(scores: $0, transitions: zero, count: 2, lattice: &lattice, back: &back, into: o) } }
        #expect(out.map { NERTag(rawValue: $0).description } == ["B-PER", "I-PER"])

        // A strong B-PER → O transition beats the emission of I-PER at token 1.
        var trans = zero
        trans[(Int(NERTag.begin(.person).rawValue) + 1) * T + 0] = 10
        out.withUnsafeMutableBufferPointer { o in scores.withUnsafeBufferPointer { NERTagger.viterbi(scores: $0, transitions: trans, count: 2, lattice: &lattice, back: &back, into: o) } }
        #expect(out.map { NERTag(rawValue: $0).description } == ["B-PER", "O"])
    }

    /// The tagger's vector Viterbi takes the plain one's path on random lattices full of ties
    /// (scores and transitions are small multiples of 1/4), at sentence edges and after/before O.
    @Test func vectorViterbiTakesThePlainPath() {
        let T = NERTag.count
        var rng = SplitMix64(seed: 11)
        func small() -> Float { Float(Int(rng.next() % 9) - 4) / 4 }
        for round in 0 ..< 400 {
            let n = 1 + round % 13
            let transitions = (0 ..< ((T + 1) * T)).map { _ in small() }
            let rows = NERTagger.transitionRows(transitions)
            let scores = (0 ..< (n * T)).map { _ in round % 5 == 0 ? 0 : small() }
            for afterO in [false, true] {
                for beforeO in [false, true] {
                    var l1 = [Float](repeating: 0, count: n * T), b1 = [UInt8](repeating: 0, count: n * T)
                    var l2 = l1, b2 = b1
                    var plain = [UInt8](repeating: 0, count: n), vector = plain
                    scores.withUnsafeBufferPointer { sc in
                        plain.withUnsafeMutableBufferPointer { o in
                            NERTagger.viterbi(scores: sc, transitions: transitions, count: n, lattice: &l1, back: &b1,
                                              into: o, afterO: afterO, beforeO: beforeO)
                        }
                        rows.withUnsafeBufferPointer { r in
                            vector.withUnsafeMutableBufferPointer { o in
                                NERTagger.viterbi(scores: sc, transitions: transitions, rows: r, count: n, lattice: &l2, back: &b2,
                                                  into: o, afterO: afterO, beforeO: beforeO)
                            }
                        }
                    }
                    #expect(vector == plain, "round \(round) afterO \(afterO) beforeO \(beforeO)")
                    #expect(l2 == l1 && b2 == b1)
                }
            }
        }
    }

    @Test func packedRowsAreTagMinusO() {
        let m = toyModel()
        let T = NERTag.count
        for r in 0..<(1 << m.rowBits) {
            for t in 0..<8 {
                let want = m.weights[r * T + 1 + t] - m.weights[r * T]
                #expect(abs(Float(m.packed[r][t]) * m.scale - want) <= m.scale / 2 + 1e-6)
            }
        }
    }

    @Test func spansAroundAnOMatchTheConstrainedBestPath() {
        // Three tokens, the middle one forced O: decoding [0] before an O and [2] after an O
        // must find the best valid path through O, found here by brute force.
        let T = NERTag.count
        var rng = SplitMix64(seed: 3)
        func r() -> Float { Float(Int(rng.next() % 200) - 100) / 10 }
        for _ in 0..<50 {
            let scores = (0..<(3 * T)).map { _ in r() }
            let trans = (0..<((T + 1) * T)).map { _ in r() }
            var best = -Float.infinity, bestPath = (0, 0)
            for a in 0..<T where !NERTag(rawValue: UInt8(a)).isInside {
                for c in 0..<T where !NERTag(rawValue: UInt8(c)).isInside {
                    let v = trans[a] + scores[a] + trans[(a + 1) * T] + scores[T] + trans[T + c] + scores[2 * T + c]
                    if v > best { best = v; bestPath = (a, c) }
                }
            }
            var lattice = [Float](repeating: 0, count: T), back = [UInt8](repeating: 0, count: T)
            var out: [UInt8] = [9, 9]
            scores.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    NERTagger.viterbi(scores: UnsafeBufferPointer(rebasing: s[0..<T]), transitions: trans, count: 1,
                                      lattice: &lattice, back: &back, into: UnsafeMutableBufferPointer(rebasing: o[0..<1]), beforeO: true)
                    NERTagger.viterbi(scores: UnsafeBufferPointer(rebasing: s[(2 * T)..<(3 * T)]), transitions: trans, count: 1,
                                      lattice: &lattice, back: &back, into: UnsafeMutableBufferPointer(rebasing: o[1..<2]), afterO: true)
                }
            }
            #expect(Int(out[0]) == bestPath.0 && Int(out[1]) == bestPath.1)
        }
    }

    @Test func cachedScoresEqualTheSumOfEveryFeatureRow() {
        // The tagger sums a word's own features from a per-thread cache; every open token's
        // scores must equal the plain sum of all its features' rows, also for a word whose
        // context differs ("York" inside and outside "New York") and once the cache is warm
        // (second document).
        let T = NERTag.count
        var rng = SplitMix64(seed: 11)
        let bits = 12
        let weights = (0..<((1 << bits) * T)).map { _ in Float(Int(rng.next() % 64) - 32) / 4 }
        var b = LexiconBuilder()
        b.addName("New York", bits: Lexicon.Bit.place)
        b.addCluster(word: "said", fine: 3, middle: 2, coarse: 1, capitalisation: 1)
        let model = NERModel(rowBits: bits, weights: weights, transitions: [Float](repeating: 0, count: (T + 1) * T),
                             lexicon: b.build(), metadata: "toy")
        var tagger = NERTagger(model: model)
        tagger.propagation = 0
        let documents = [
            [["Kirby", "said", "New", "York", "and", "York", "agreed", "."], ["York", "said", "so", "to", "Kirby", "."]],
            [["In", "New", "York", ",", "Kirby", "said", "York", "."], ["Kirby", "said", "it", "."]],
            // A headline sentence: its tokens fall in their own cache position class.
            [["Kirby", "Says", "New", "York", "Agreed", "To", "It"], ["Kirby", "said", "York", "agreed", "."]],
        ]
        var hashes = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)
        for doc in documents {
            _ = tagger.tagDocument(doc)
            var first = 0
            for (k, sentence) in doc.enumerated() {
                let range = first..<(first + sentence.count)
                tagger.features.select(range, sentence: k)
                for i in 0..<sentence.count where tagger.features.open[first + i] {
                    let n = hashes.withUnsafeMutableBufferPointer { tagger.features.features(at: i, into: $0.baseAddress!) }
                    var sum = SIMD8<Int32>.zero
                    for f in 0..<n { sum &+= SIMD8<Int32>(truncatingIfNeeded: model.packed[model.row(hashes[f])]) }
                    let expected = SIMD8<Float>(sum) * model.scale
                    for t in 0..<8 { #expect(tagger.scores[(first + i) * T + 1 + t] == expected[t]) }
                }
                first += sentence.count
            }
        }
    }

    @Test func roundTripKeepsEverything() throws {
        let m = toyModel()
        let bytes = m.serialized()
        let back = try bytes.withUnsafeBytes { try NERModel.decode($0, file: "toy.model") }
        #expect(back.rowBits == m.rowBits)
        #expect(back.weights == m.weights)
        #expect(back.transitions == m.transitions)
        #expect(back.metadata == "toy")
        #expect(back.lexicon.keys == m.lexicon.keys && back.lexicon.values == m.lexicon.values)
        let k = FeatureHash.lexiconKey(words: ["bakhmut"])
        #expect(back.lexicon.value(k) & Lexicon.Bit.place != 0)
        // Same tags from both.
        var t1 = NERTagger(model: m), t2 = NERTagger(model: back)
        let s = ["John", "Kirby", "visited", "Bakhmut", "."]
        #expect(t1.tag(tokens: s) == t2.tag(tokens: s))
    }

    @Test func writeAndReadFile() throws {
        let dir = TempDirectory("ner-model")
        let path = dir.path + "/m.model"
        try toyModel().write(to: path)
        let r = try EntityRecognizer.load(path: path)
        #expect(r.model.weights == toyModel().weights)
    }

    @Test func corruptModelIsDetected() throws {
        var bytes = toyModel().serialized()
        bytes[bytes.count / 2] ^= 0x01
        #expect {
            try bytes.withUnsafeBytes { _ = try NERModel.decode($0, file: "bad.model") }
        } throws: { e in
            guard case let GleanerError.corruptIndex(file, reason) = e else { return false }
            return file == "bad.model" && reason.contains("checksum")
        }
        let truncated = Array(toyModel().serialized().dropLast(100))
        #expect(throws: GleanerError.self) { try truncated.withUnsafeBytes { _ = try NERModel.decode($0, file: "t.model") } }
    }

    @Test func perceptronLearnsAToyLanguage() {
        // "<Name> said" → PER, "in <Place>" → LOC, lower-case words → O.
        let names = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid"]
        let places = ["Kharkiv", "Lisbon", "Oslo", "Quito", "Riga", "Sofia"]
        var train: [CoNLLSentence] = []
        for (i, n) in names.enumerated() {
            let p = places[i]
            train.append(CoNLLSentence(tokens: [n, "said", "it", "rained", "in", p, "."],
                                       tags: [.begin(.person), .outside, .outside, .outside, .outside, .begin(.place), .outside]))
        }
        var o = NERTrainer.Options()
        o.rowBits = 12
        o.epochs = 5
        let model = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        var tagger = NERTagger(model: model)
        let tags = tagger.tag(tokens: ["Zora", "said", "it", "rained", "in", "Yerevan", "."])
        #expect(tags.map(\.description) == ["B-PER", "O", "O", "O", "O", "B-LOC", "O"])
        // Whole documents: one tag row per sentence, the repeated name typed alike.
        let doc = tagger.tagDocument([["Zora", "said", "it", "rained", "in", "Yerevan", "."],
                                      ["Zora", "said", "it", "rained", "in", "Yerevan", "today", "."]])
        #expect(doc.count == 2 && doc[0].count == 7 && doc[1].count == 8)
        #expect(doc[0][0] == .begin(.person) && doc[1][0] == .begin(.person))
        #expect(doc[0][5] == .begin(.place) && doc[1][5] == .begin(.place))
        // Deterministic.
        let again = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        #expect(again.weights == model.weights)
    }

    /// Sentences "<Word> fans cheered in <Place> ." with the word tagged `tag`.
    func fanSentences(_ words: [String], tag: NERTag, unannotated: UInt8 = 0) -> [CoNLLSentence] {
        let places = ["Kharkiv", "Lisbon", "Oslo", "Quito", "Riga", "Sofia", "Tunis", "Vilnius"]
        return words.enumerated().map { i, w in
            var s = CoNLLSentence(tokens: [w, "fans", "cheered", "in", places[i % places.count], "."],
                                  tags: [tag, .outside, .outside, .outside, .begin(.place), .outside])
            s.unannotated = unannotated
            return s
        }
    }

    @Test func partialLabelsLeaveAnUnannotatedTypeAlone() {
        // One source tags the fans' nationality MISC; a larger one does not annotate MISC and
        // leaves it O. Read as full labels, the O majority wins; as partial labels, it does not
        // argue against MISC, and the places it does annotate are still learnt.
        let misc = fanSentences(["Danish", "Polish", "Greek", "Dutch"], tag: .begin(.misc))
        let silent = ["Finnish", "Irish", "Swiss", "Czech", "Welsh", "Maltese", "Latvian", "Cypriot", "Basque", "Breton"]
        var o = NERTrainer.Options()
        o.rowBits = 12
        o.epochs = 6
        let full = NERTrainer(options: o, lexicon: .empty).train(misc + fanSentences(silent, tag: .outside), metadata: "toy")
        let partial = NERTrainer(options: o, lexicon: .empty)
            .train(misc + fanSentences(silent, tag: .outside, unannotated: 1 << EntityType.misc.rawValue), metadata: "toy")
        let test = ["Norse", "fans", "cheered", "in", "Zagreb", "."]
        var fullTagger = NERTagger(model: full)
        var partialTagger = NERTagger(model: partial)
        #expect(fullTagger.tag(tokens: test)[0] == .outside)
        #expect(partialTagger.tag(tokens: test).map(\.description) == ["B-MISC", "O", "O", "O", "B-LOC", "O"])
    }

    @Test func featureAugmentationKeepsTheSharedWeights() {
        // All sentences in domain 0: training scores are twice the shared weights, so the
        // updates, and the shared table, are those of plain training; domain 0's table is a copy.
        let train = fanSentences(["Danish", "Polish", "Greek", "Dutch", "Irish"], tag: .begin(.misc))
        var o = NERTrainer.Options()
        o.rowBits = 10
        o.epochs = 3
        let plain = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        o.domains = 2
        let shared = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        o.taggingDomain = 0
        let folded = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        #expect(shared.weights == plain.weights && shared.transitions == plain.transitions)
        #expect(folded.weights == plain.weights.map { 2 * $0 })
    }

    @Test func runsAverageTheWeightsOfSeveralSeeds() {
        let train = fanSentences(["Danish", "Polish", "Greek", "Dutch", "Irish", "Welsh"], tag: .begin(.misc))
        var o = NERTrainer.Options()
        o.rowBits = 10
        o.epochs = 2
        let single = (0..<3).map { k -> NERModel in
            var one = o
            one.seed = 5 + UInt64(k)
            return NERTrainer(options: one, lexicon: .empty).train(train, metadata: "toy")
        }
        o.seed = 5
        o.runs = 3
        let mixed = NERTrainer(options: o, lexicon: .empty).train(train, metadata: "toy")
        for i in mixed.weights.indices {
            let mean = (Double(single[0].weights[i]) + Double(single[1].weights[i]) + Double(single[2].weights[i])) / 3
            #expect(abs(Double(mixed.weights[i]) - mean) < 1e-5)
        }
        #expect(single[0].weights != single[1].weights)
    }

    @Test func conllParsingRepairsIOB1() {
        let s = CoNLL.parse("-DOCSTART- O\n\nJohn I-PER\nKirby I-PER\nsaid O\n\nNATO\tB-ORG\n")
        #expect(s.count == 2)
        #expect(s[0].tags.map(\.description) == ["B-PER", "I-PER", "O"])
        #expect(s[1].tokens == ["NATO"] && s[1].document == 1)
        var score = NERScore()
        score.add(gold: s[0].tags, predicted: [.begin(.person), .inside(.person), .outside])
        score.add(gold: s[1].tags, predicted: [.begin(.place)])
        #expect(score.f1(.person) == 1 && score.f1(.organization) == 0)
    }
}

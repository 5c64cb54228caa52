import Testing
@testable import GleanerCore

@Suite struct EntitiesFeatureTests {
    /// The atoms of a one-sentence token list, with an empty or given lexicon.
    func atoms(_ tokens: [String], lexicon: Lexicon = .empty) -> NERFeatures {
        var f = NERFeatures(lexicon: lexicon)
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for t in tokens { let s = bytes.count; bytes += Array(t.utf8); ranges.append(s..<bytes.count) }
        bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { f.load(b, $0) } }
        return f
    }

    @Test func shapesCollapseRunsButKeepCase() {
        let a = atoms(["Kirby", "Washington", "NATO", "Nato", "U.S.", "E.U.", "42", "1990"]).atoms
        #expect(a[0].shape == a[1].shape)             // Xxxxx (runs capped at 4)
        #expect(a[0].shortShape == a[1].shortShape)   // Xx
        #expect(a[2].shape != a[3].shape)             // XXXX vs Xxxx
        #expect(a[4].shape == a[5].shape)             // X.X.
        #expect(a[6].shape != a[7].shape)             // dd vs dddd
        #expect(a[6].shortShape == a[7].shortShape)   // d
    }

    @Test func wordIdentityIsLowerCasedAndAffixesAreShared() {
        let a = atoms(["Kirby", "KIRBY", "kirby", "Kingdom"]).atoms
        #expect(a[0].word == a[1].word && a[1].word == a[2].word)
        #expect(a[0].prefix.1 == a[3].prefix.1)       // "ki"
        #expect(a[0].prefix.2 != a[3].prefix.2)       // "kir" vs "kin"
        #expect(a[0].suffix.0 != a[3].suffix.0)       // "y" vs "m"
    }

    @Test func capitalisationFlags() {
        let a = atoms(["NATO", "Kirby", "iPhone", "3.5", ",", "well-known"]).atoms
        #expect(a[0].flags & NERFeatures.Flag.allCaps != 0)
        #expect(a[1].flags & NERFeatures.Flag.initCap != 0 && a[1].flags & NERFeatures.Flag.allCaps == 0)
        #expect(a[2].flags & NERFeatures.Flag.innerCap != 0)
        #expect(a[3].flags & NERFeatures.Flag.hasDigit != 0 && a[3].flags & NERFeatures.Flag.hasPeriod != 0)
        #expect(a[4].flags & NERFeatures.Flag.noLetters != 0)
        #expect(a[5].flags & NERFeatures.Flag.hasHyphen != 0)
    }

    @Test func headlineDetection() {
        #expect(atoms(["Wagner", "Chief", "Says", "Bakhmut", "Has", "Fallen"]).isHeadline)
        #expect(!atoms(["The", "town", "of", "Bakhmut", "has", "fallen", "."]).isHeadline)
    }

    @Test func gazetteerPhrasesMatchLongestFirst() {
        var b = LexiconBuilder()
        b.addName("New York", bits: Lexicon.Bit.place)
        b.addName("New York City", bits: Lexicon.Bit.place)
        b.addName("John", bits: Lexicon.Bit.firstName)
        let f = atoms(["John", "left", "New", "York", "City", "today"], lexicon: b.build())
        let place = Lexicon.Bit.place
        #expect(f.atoms[0].gazetteer == Lexicon.Bit.firstName)
        #expect(f.atoms[2].gazetteer & place != 0)          // B
        #expect(f.atoms[3].gazetteer & (place << 8) != 0)   // I
        #expect(f.atoms[4].gazetteer & (place << 8) != 0)
        #expect(f.atoms[5].gazetteer == 0)
    }

    @Test func featuresDependOnTheWindow() {
        func hashes(_ f: NERFeatures, _ i: Int) -> [UInt64] {
            var buf = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)
            let n = buf.withUnsafeMutableBufferPointer { f.features(at: i, into: $0.baseAddress!) }
            return Array(buf[0..<n])
        }
        let a = hashes(atoms(["Mr.", "Kirby", "said"]), 1)
        let b = hashes(atoms(["Mr.", "Kirby", "said"]), 1)
        let c = hashes(atoms(["Fort", "Kirby", "said"]), 1)
        #expect(a == b)                       // deterministic
        #expect(a.count >= 35 && a.count <= NERFeatures.maxFeatures)
        #expect(a[1] == c[1])                 // same word feature
        #expect(Set(a) != Set(c))             // previous word differs
        #expect(Set(a).count > a.count - 3)   // templates do not collide
    }

    @Test func positionFeaturesAreTheContextFeaturesLeftOut() {
        // The tagger caches tokenFeatures + positionFeatures per token and position class and
        // adds contextFeatures(positional: false): together the same hashes as features(at:),
        // for a first token, a later one, and the tokens of a headline.
        for words in [["Kirby", "said", "New", "York", "agreed", "."], ["Wagner", "Chief", "Says", "Bakhmut", "Has", "Fallen"]] {
            let f = atoms(words)
            for i in words.indices {
                var full = [UInt64](repeating: 0, count: NERFeatures.maxFeatures)
                var split = full
                let n = full.withUnsafeMutableBufferPointer { f.features(at: i, into: $0.baseAddress!) }
                let m = f.atoms.withUnsafeBufferPointer { all in
                    split.withUnsafeMutableBufferPointer { out in
                        let o = out.baseAddress!
                        var k = NERFeatures.tokenFeatures(all.baseAddress! + i, into: o)
                        k += NERFeatures.positionFeatures(all.baseAddress! + i, first: i == 0, headline: f.isHeadline, into: o + k)
                        return k + f.contextFeatures(atoms: all.baseAddress!, at: i, into: o + k, positional: false)
                    }
                }
                #expect(m == n)
                #expect(full[0..<n].sorted() == split[0..<m].sorted())
            }
        }
    }

    /// The atoms of a document given as sentences of tokens.
    func document(_ sentences: [[String]], lexicon: Lexicon = .empty) -> NERFeatures {
        var f = NERFeatures(lexicon: lexicon)
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var spans: [Range<Int>] = []
        for s in sentences {
            let first = ranges.count
            for t in s { let st = bytes.count; bytes += Array(t.utf8); ranges.append(st..<bytes.count) }
            spans.append(first..<ranges.count)
        }
        bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { f.loadDocument(b, $0, sentences: spans) } }
        return f
    }

    @Test func capitalisedRunsCarryTheirCueWords() {
        var b = LexiconBuilder()
        b.addWord("Ministry", bits: Lexicon.Bit.orgCue)
        b.addWord("Gen.", bits: Lexicon.Bit.personTitle)
        let f = atoms(["the", "Ministry", "of", "Defence", "said", "Gen.", "Mark", "Milley", ",", "John", "Smith"], lexicon: b.build())
        let a = f.atoms
        #expect(a[0].run == 0 && a[2].run != 0 && a[4].run == 0)   // "of" glues the run
        #expect(a[1].cue == Lexicon.Bit.orgCue)
        #expect(a[1].run >> 4 == a[3].run >> 4)                    // one run, one head atom
        #expect(a[1].run != a[3].run)                              // first vs last position
        #expect(a[6].run >> 4 != a[9].run >> 4)                    // "Gen. Mark Milley" carries a title
        #expect(a[9].run == 0 || a[9].run >> 4 != a[1].run >> 4)
    }

    @Test func documentCaseSeesOtherMentions() {
        let f = document([["Police", "said", "the", "road", "was", "closed", "."],
                          ["Local", "police", "arrived", "."],
                          ["Reed", "said", "Reed", "left", "."]])
        let a = f.atoms
        // "Police" (sentence-initial) is written in lower case elsewhere; "Reed" is capitalised
        // mid-sentence elsewhere; lower-case words get no document atom.
        #expect(a[0].docCase != 0 && a[0].docCase != a[11].docCase)
        #expect(a[8].docCase == 0)
        #expect(a[11].docCase != 0 && a[13].docCase != 0 && a[11].docCase != a[13].docCase)
    }

    @Test func gateClosesOnlyPlainTextFarFromNames() {
        var b = LexiconBuilder()
        for w in ["the", "talks", "in", "ended", "on", "a", "quiet", "note"] {
            b.addCluster(word: w, fine: -1, middle: -1, coarse: -1, capitalisation: 1)
        }
        b.addCluster(word: "twitter", fine: -1, middle: -1, coarse: -1, capitalisation: 5)
        let lexicon = b.build()
        let f = atoms(["the", "talks", "in", "Geneva", "ended", "on", "a", "quiet", "note", "."], lexicon: lexicon)
        // Closed: plain, two plain tokens before, one after. "in" may begin a name before
        // "Geneva"; "ended", "on" may continue one.
        #expect(f.open == [false, false, true, true, true, true, false, false, false, false])
        // Not plain: a word usually capitalised, an unknown word, a digit, a handle.
        let g = atoms(["the", "talks", "on", "twitter", "ended", "on", "a", "quiet", "note"], lexicon: lexicon)
        #expect(g.open[3] && g.open[2] && g.open[4])
        #expect(!atoms(["zyxwv"], lexicon: lexicon).atoms[0].plain)
        #expect(!atoms(["2023"], lexicon: lexicon).atoms[0].plain)
        #expect(!atoms(["@"], lexicon: lexicon).atoms[0].plain)
        #expect(atoms([","], lexicon: lexicon).atoms[0].plain)
        // Off: every token open.
        var h = NERFeatures(lexicon: lexicon)
        h.gateBefore = -1
        let bytes = Array("the talks".utf8)
        let ranges = [0..<3, 4..<9]
        bytes.withUnsafeBufferPointer { b in ranges.withUnsafeBufferPointer { h.load(b, $0) } }
        #expect(h.open == [true, true])
    }
}

@Suite struct EntitiesTokenizerTests {
    @Test func conllConventions() {
        #expect(NERTokenizer.tokenStrings("Kirby's office") == ["Kirby", "'s", "office"])
        #expect(NERTokenizer.tokenStrings("Kirby’s office") == ["Kirby", "’s", "office"])
        #expect(NERTokenizer.tokenStrings("the U.S. and Mr. Smith") == ["the", "U.S.", "and", "Mr.", "Smith"])
        #expect(NERTokenizer.tokenStrings("1,000 troops, 3.5 km") == ["1,000", "troops", ",", "3.5", "km"])
        #expect(NERTokenizer.tokenStrings("O'Brien's well-known \"Wagner\"") == ["O'Brien", "'s", "well-known", "\"", "Wagner", "\""])
        #expect(NERTokenizer.tokenStrings("John F. Kennedy") == ["John", "F.", "Kennedy"])
    }

    @Test func sentences() {
        var t = NERTokenizer()
        let text = Array("He left. Then he said \"no.\" She stayed in the U.S. for now.\n\nNew paragraph".utf8)
        text.withUnsafeBufferPointer { t.tokenize($0) }
        let words = t.sentences.map { s in t.tokens[s].map { String(decoding: text[$0], as: UTF8.self) }.joined(separator: " ") }
        #expect(words == ["He left .", "Then he said \" no . \"", "She stayed in the U.S. for now .", "New paragraph"])
    }
}

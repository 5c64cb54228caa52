import Testing
@testable import GleanerCore

@Suite struct TokenizerTests {
    func words(_ s: String) -> [String] {
        var out: [String] = []
        var bytes = Array(s.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            Tokenizer().tokenize(UnsafeBufferPointer(buf)) { term, _ in out.append(String(decoding: term, as: UTF8.self)) }
        }
        return out
    }

    func tokens(_ s: String) -> [Token] {
        var out: [Token] = []
        var bytes = Array(s.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            Tokenizer().tokenize(UnsafeBufferPointer(buf)) { _, t in out.append(t) }
        }
        return out
    }

    @Test func asciiWordsAndCase() {
        #expect(words("Hello, World! 42 times") == ["hello", "world", "42", "times"])
    }

    @Test func apostrophesJoinAndPossessivesDrop() {
        #expect(words("don't O'Brien Kirby's rock 'n' roll") == ["dont", "obrien", "kirby", "rock", "n", "roll"])
        #expect(words("Prigozhin’s men") == ["prigozhin", "men"])
        #expect(words("the 1990's") == ["the", "1990", "s"])
    }

    @Test func hyphensAndSlashesSeparate() {
        #expect(words("well-known 24/7 e-mail") == ["well", "known", "24", "7", "e", "mail"])
    }

    @Test func standaloneGreekLettersAreSpeltOut() {
        #expect(words("IFN-γ IFNγ IFN-gamma") == ["ifn", "gamma", "ifn", "gamma", "ifn", "gamma"])
        #expect(words("NF-κB TGFβ1 αvβ8") == ["nf", "kappa", "b", "tgf", "beta", "1", "alpha", "v", "beta", "8"])
        #expect(words("Δ9 ω-3 5 µm ϵ") == ["delta", "9", "omega", "3", "5", "mu", "m", "epsilon"])
        // Greek words keep their letters (folded as before).
        #expect(words("Αθήνα γδ") == ["αθηνα", "γδ"])
        let t = tokens("IFNγ x")
        #expect(t.map(\.position) == [0, 1, 2])
        #expect(t[1].start == 3 && t[1].end == 5)
    }

    @Test func joinersInsideLongerTokens() {
        // Tokens whose bytes are not one slice of the text (a joiner dropped) or need folding.
        #expect(words("Don't O'Brien's rock'n'roll 1,000.5 U.S1.5 A.B.C.D l’été DON’T") ==
                ["dont", "obrien", "rocknroll", "1000.5", "u", "s1.5", "abc", "d", "lete", "dont"])
        let t = tokens("say O'Brien's 1,000 x")
        #expect(t.map(\.position) == [0, 1, 2, 3])
        #expect(t[1].start == 4 && t[1].end == 11 && t[2].start == 14 && t[2].end == 19)
    }

    @Test func tokensOverTheLimitAreSkipped() {
        let a64 = String(repeating: "A", count: 64), b65 = String(repeating: "b", count: 65)
        #expect(words("x \(a64) \(b65) y") == ["x", String(repeating: "a", count: 64), "y"])
        #expect(tokens("x \(b65) y").map(\.position) == [0, 1])
        // Non-ASCII: the limit applies to the folded term ("é" folds to one byte).
        let e64 = String(repeating: "é", count: 64), e65 = String(repeating: "é", count: 65)
        #expect(words("\(e64) \(e65)") == [String(repeating: "e", count: 64)])
        #expect(words("It's 'quoted' x'") == ["it", "quoted", "x"])
    }

    @Test func numbers() {
        #expect(words("3.5 per cent of 1,000,000 people, then 7.") == ["3.5", "per", "cent", "of", "1000000", "people", "then", "7"])
    }

    @Test func acronyms() {
        #expect(words("the U.S. and U.K. said") == ["the", "us", "and", "uk", "said"])
        #expect(words("end of sentence. Next") == ["end", "of", "sentence", "next"])
    }

    @Test func unicodeFoldingAndDiacritics() {
        #expect(words("Zürich CAFÉ naïve Ångström") == ["zurich", "cafe", "naive", "angstrom"])
        #expect(words("ﬁle Straße") == ["file", "strasse"])
        // Marks are stripped in every script, so "ї" folds to "і" (queries fold the same way).
        #expect(words("Київ Москва") == ["киів", "москва"])
    }

    @Test func punctuationIsNotAToken() {
        #expect(words("a … b — c\u{00A0}d “e” «f»") == ["a", "b", "c", "d", "e", "f"])
    }

    @Test func invalidUTF8Separates() {
        var bytes: [UInt8] = Array("abc".utf8) + [0xFF, 0xFE] + Array("def".utf8)
        var out: [String] = []
        bytes.withUnsafeMutableBufferPointer { buf in
            Tokenizer().tokenize(UnsafeBufferPointer(buf)) { term, _ in out.append(String(decoding: term, as: UTF8.self)) }
        }
        #expect(out == ["abc", "def"])
    }

    @Test func offsetsAndPositions() {
        let t = tokens("Wagner's  men")
        #expect(t.count == 2)
        #expect(t[0] == Token(start: 0, end: 6, position: 0))
        #expect(t[1] == Token(start: 10, end: 13, position: 1))
    }

    @Test func overlongTokensAreDropped() {
        let long = String(repeating: "x", count: 100)
        #expect(words("a \(long) b") == ["a", "b"])
    }
}

import Testing
@testable import GleanerCore

/// The tokenizer's ASCII fast path (letters and digits in a tight loop) must give exactly the
/// tokens of the byte-by-byte loop it shortcuts, kept here as the reference.
@Suite struct TokenizerFastPathTests {
    /// The tokenizer loop as it was before the fast path (same rules, one byte at a time).
    static func referenceTokenize(_ text: UnsafeBufferPointer<UInt8>, folded: UnsafeMutableBufferPointer<UInt8>,
                                  _ body: (UnsafeBufferPointer<UInt8>, Token) -> Void) {
        // The token's bytes once a joiner was dropped from it (until then: text[start ..< end]).
        var raw: [UInt8] = []
        var i = 0
        let n = text.count
        var position = 0
        while i < n {
            // Skip separators.
            let (isWord, len) = Tokenizer.wordCharacter(text, at: i)
            if !isWord { i += len; continue }
            if len == 2, let name = Tokenizer.greekSymbolName(text, at: i) {
                name.withUnsafeBufferPointer { body($0, Token(start: i, end: i + 2, position: position)) }
                position += 1
                i += 2
                continue
            }
            // Collect one token.
            let start = i
            var end = i
            var hasNonASCII = false
            var copied = false
            var lastWasDigit = false
            var runLength = 0  // letters since the last acronym dot
            var acronym = false
            while i < n {
                let b = text[i]
                let (w, l) = b < 0x80 ? ((b &- 0x30 < 10) || Tokenizer.isASCIILetter(b), 1) : Tokenizer.wordCharacter(text, at: i)
                if w {
                    if l == 2 && Tokenizer.greekSymbolName(text, at: i) != nil { break }
                    if b >= 0x80 { hasNonASCII = true }
                    if copied { for k in 0 ..< l { raw.append(text[i + k]) } }
                    lastWasDigit = (b >= 0x30 && b <= 0x39)
                    runLength += 1
                    i += l
                    end = i
                    continue
                }
                // Joiners.
                if b == 0x27 || (b == 0xE2 && i + 2 < n && text[i + 1] == 0x80 && text[i + 2] == 0x99) {
                    let aLen = b == 0x27 ? 1 : 3
                    let next = i + aLen
                    if next < n && Tokenizer.isLetter(text, at: next) && !lastWasDigit {
                        // Possessive 's at the end of the word: stop before the apostrophe.
                        if (text[next] == 0x73 || text[next] == 0x53) {
                            let after = next + 1
                            if after >= n || !Tokenizer.wordCharacter(text, at: after).0 {
                                i = after
                                break
                            }
                        }
                        Tokenizer.startCopy(&raw, &copied, text, start, end)
                        i = next
                        continue
                    }
                    break
                }
                if (b == 0x2E || b == 0x2C) && lastWasDigit && i + 1 < n && text[i + 1] >= 0x30 && text[i + 1] <= 0x39 {
                    if b == 0x2E {
                        if copied { raw.append(b) }
                    } else {
                        Tokenizer.startCopy(&raw, &copied, text, start, end)
                    }
                    i += 1
                    continue
                }
                if b == 0x2E && runLength == 1 && !lastWasDigit && i + 1 < n && Tokenizer.isASCIILetter(text[i + 1])
                    && (i + 2 >= n || text[i + 2] == 0x2E) && (acronym || (copied ? raw.count : end - start) == 1) {
                    Tokenizer.startCopy(&raw, &copied, text, start, end)
                    acronym = true
                    runLength = 0
                    i += 1
                    continue
                }
                if acronym && b == 0x2E { i += 1 }
                break
            }
            let emitted: Bool = copied
                ? raw.withUnsafeBufferPointer { Tokenizer.fold($0, hasNonASCII: hasNonASCII, into: folded) { body($0, Token(start: start, end: end, position: position)) } }
                : Tokenizer.fold(UnsafeBufferPointer(rebasing: text[start ..< end]), hasNonASCII: hasNonASCII, into: folded) {
                    body($0, Token(start: start, end: end, position: position))
                }
            if emitted { position += 1 }
        }
    }

    static func tokens(_ text: [UInt8], reference: Bool) -> [String] {
        var out: [String] = []
        text.withUnsafeBufferPointer { t in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Tokenizer.maxTokenBytes) { folded in
                let body: (UnsafeBufferPointer<UInt8>, Token) -> Void = { term, token in
                    out.append("\(String(decoding: term, as: UTF8.self))@\(token.start)-\(token.end):\(token.position)")
                }
                if reference { referenceTokenize(t, folded: folded, body) } else { Tokenizer().tokenize(t, folded: folded, body) }
            }
        }
        return out
    }

    @Test func randomTextsGiveTheReferenceTokens() {
        var rng = SplitMix64(seed: 17)
        let pieces = ["a", "Z", "q", "7", "0", " ", ".", ",", "'", "\u{2019}", "-", "/", "s", "S", "U.S.", "don't", "Kirby's",
                      "3.5", "1,000", "\u{E9}", "Z\u{FC}rich", "\u{3B3}", "IFN\u{3B3}", "\u{3B1}\u{3B2}", "\u{FB01}le", "\n\n",
                      String(repeating: "x", count: 70), "\u{B5}m", "e.g.", "A.B.C", "x\u{FF}y"]
        for _ in 0 ..< 3000 {
            var text: [UInt8] = []
            for _ in 0 ..< Int(rng.next() % 30) { text += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8) }
            if rng.next() % 5 == 0, !text.isEmpty { text[Int(rng.next() % UInt64(text.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            #expect(Self.tokens(text, reference: false) == Self.tokens(text, reference: true), "\(text)")
        }
    }
}

/// Turns a tagged token span into a clean mention: drops a leading "the"/"a"/"an", quotes and
/// brackets at either end, a trailing possessive "'s" and trailing punctuation (but keeps the
/// period of "U.S." or "Inc."), and collapses white space. Returns nil when nothing with a
/// letter is left.
enum MentionCleaner {
    static func clean(_ b: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Range<Int>>,
                      _ span: Range<Int>, type: EntityType, sentence: Int, lexicon: Lexicon? = nil) -> EntityMention? {
        var buffer: [UInt8] = []
        return clean(b, tokens, span, type: type, sentence: sentence, lexicon: lexicon, buffer: &buffer)
    }

    /// As `clean(_:_:_:type:sentence:lexicon:)`, building the text in the caller's `buffer`
    /// (reused across mentions).
    static func clean(_ b: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Range<Int>>,
                      _ span: Range<Int>, type: EntityType, sentence: Int, lexicon: Lexicon?,
                      buffer out: inout [UInt8]) -> EntityMention? {
        var lo = span.lowerBound, hi = span.upperBound
        // Names are capitalised: lower-case words at either end are the tagger's overreach
        // ("Havenbond union", "bankrolls Wagner", "Donetsk region").
        while true {
            let before = (lo, hi)
            while lo < hi && (isStrippable(b, tokens[lo], leading: true) || isLowerCaseWord(b, tokens[lo])) { lo += 1 }
            while hi > lo && (isStrippable(b, tokens[hi - 1], leading: false) || isLowerCaseWord(b, tokens[hi - 1])) { hi -= 1 }
            if before == (lo, hi) { break }
        }
        guard lo < hi else { return nil }
        // Keep a leading "The" that belongs to the name ("The Hague"), as the gazetteer knows.
        if let lexicon, lo > span.lowerBound, tokens[lo - 1].count == 3, isThe(b, tokens[lo - 1]) {
            var key = FeatureHash.lexiconKey(FeatureHash.lexiconSeed, wordHash(b, tokens[lo - 1]))
            for t in lo..<hi { key = FeatureHash.lexiconKey(key, wordHash(b, tokens[t])) }
            if lexicon.value(key) & Lexicon.Bit.place != 0 { lo -= 1 }
        }
        let start = tokens[lo].lowerBound
        var end = tokens[hi - 1].upperBound
        // "Paris-based", "Kremlin-backed": drop a lower-case tail after the last hyphen.
        if let dash = (start..<end).last(where: { b[$0] == 0x2D }), dash > tokens[hi - 1].lowerBound,
           isHyphenTail(UnsafeBufferPointer(rebasing: b[(dash + 1)..<end])) {
            end = dash
        }
        // A possessive glued to the last token ("Kirby’s" where the tokenizer kept it).
        if end - start > 3 {
            let e = end
            if b[e - 1] == 0x73 || b[e - 1] == 0x53 {
                if b[e - 2] == 0x27 { end = e - 2 }
                else if e - 4 >= start && b[e - 4] == 0xE2 && b[e - 3] == 0x80 && b[e - 2] == 0x99 { end = e - 4 }
            }
        }
        out.removeAll(keepingCapacity: true)
        var space = false
        var hasLetter = false
        var i = start
        while i < end {
            let (u, len) = NERText.decode(b, i, end)
            if NERText.isSpace(u) {
                space = true
            } else {
                if space && !out.isEmpty { out.append(0x20) }
                space = false
                // Byte by byte: a generic append of a one-scalar slice costs more than the scalar.
                for j in i ..< i + len { out.append(b[j]) }
                let cls = NERText.shapeClass(u)
                if cls == 0x58 || cls == 0x78 { hasLetter = true }
            }
            i += len
        }
        guard hasLetter else { return nil }
        return EntityMention(text: String(decoding: out, as: UTF8.self), type: type, start: start, end: end, sentence: sentence)
    }

    /// Lower-case compounds that are not part of a name ("Paris-based"); names keep other
    /// hyphenated parts ("Choi Min-jun", "Antwerp-Bruges").
    static let hyphenTails: Set<[UInt8]> = Set(["based", "led", "backed", "born", "owned", "run", "style", "era", "made",
        "funded", "linked", "controlled", "held", "occupied", "bound", "wide", "area", "registered", "listed", "flagged",
        "allied", "aligned", "friendly", "related", "centred", "centered", "focused", "speaking"].map { Array($0.utf8) })

    /// The length range of `hyphenTails`.
    private static let hyphenTailLengths: ClosedRange<Int> = {
        let counts = hyphenTails.map(\.count)
        return counts.min()! ... counts.max()!
    }()

    /// Whether `tail` is one of `hyphenTails` (no copy when its length rules it out).
    private static func isHyphenTail(_ tail: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hyphenTailLengths.contains(tail.count) else { return false }
        return hyphenTails.contains(Array(tail))
    }

    /// A token of letters with no capital ("union", "region"); digits or capitals keep it.
    private static func isLowerCaseWord(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        var i = r.lowerBound
        var letters = 0
        while i < r.upperBound {
            let (u, len) = NERText.decode(b, i, r.upperBound)
            switch NERText.shapeClass(u) {
            case 0x78: letters += 1
            case 0x2D, 0x27: break
            default: return false
            }
            i += len
        }
        return letters > 0
    }

    private static func isThe(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        r.count == 3 && b[r.lowerBound] | 0x20 == 0x74 && b[r.lowerBound + 1] | 0x20 == 0x68 && b[r.lowerBound + 2] | 0x20 == 0x65
    }

    static func wordHash(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        var h = FeatureHash.fnvOffset
        var i = r.lowerBound
        var n = 0
        while i < r.upperBound && n < NERFeatures.maxUnits {
            let (u, len) = NERText.decode(b, i, r.upperBound)
            h = FeatureHash.fnv(h, NERText.lower(u))
            i += len
            n += 1
        }
        return h
    }

    private static func isStrippable(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, leading: Bool) -> Bool {
        let n = r.count
        if leading && (n == 3 || n == 1 || n == 2) {
            // the, a, an (ASCII case-insensitive)
            @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            let c0 = lower(b[r.lowerBound])
            if n == 1 && c0 == 0x61 { return true }
            if n == 2 && c0 == 0x61 && lower(b[r.lowerBound + 1]) == 0x6E { return true }
            if n == 3 && c0 == 0x74 && lower(b[r.lowerBound + 1]) == 0x68 && lower(b[r.lowerBound + 2]) == 0x65 { return true }
        }
        if !leading && n == 2 && (b[r.lowerBound] == 0x27) && (b[r.lowerBound + 1] | 0x20 == 0x73) { return true } // 's
        if !leading && n == 4 && b[r.lowerBound] == 0xE2 && b[r.lowerBound + 2] == 0x99 && (b[r.lowerBound + 3] | 0x20 == 0x73) { return true } // ’s
        // A token of punctuation only (quotes, brackets, commas, dashes, a lone period).
        var i = r.lowerBound
        while i < r.upperBound {
            let (u, len) = NERText.decode(b, i, r.upperBound)
            if NERText.isWordScalar(u) { return false }
            i += len
        }
        return true
    }
}

/// Splits UTF-8 text into the tagger's tokens and sentences, following the conventions of the
/// CoNLL training data: punctuation is its own token, a possessive "'s" is split off
/// ("Kirby's" → "Kirby" "'s"), hyphenated words, "U.S.", initials ("F.") and common
/// abbreviations ("Mr.", "Gen.") stay whole, "1,000" and "3.5" stay whole.
/// Sentences end after . ! ? (plus closing quotes) unless the next word is lower-case, at blank
/// lines, and every `maxSentenceTokens` tokens.
///
/// O(n) over the bytes; tokens are byte ranges into the input (no strings).
public struct NERTokenizer: Sendable {
    public static let maxSentenceTokens = 120

    /// Byte ranges of the tokens, in order.
    public private(set) var tokens: [Range<Int>] = []
    /// Token index ranges of the sentences.
    public private(set) var sentences: [Range<Int>] = []

    public init() {}

    /// Tokenizes `text`, replacing the previous result (buffers are reused).
    public mutating func tokenize(_ b: UnsafeBufferPointer<UInt8>) {
        tokens.removeAll(keepingCapacity: true)
        sentences.removeAll(keepingCapacity: true)
        let n = b.count
        var sentenceStart = 0
        var pendingBreak = false   // saw sentence-final punctuation
        var newlines = 0           // newlines in the current run of white space
        var i = 0
        func endSentence() {
            if tokens.count > sentenceStart { sentences.append(sentenceStart..<tokens.count) }
            sentenceStart = tokens.count
            pendingBreak = false
        }
        while i < n {
            let (u, len) = NERText.decode(b, i, n)
            if NERText.isSpace(u) {
                if u == 0x0A { newlines += 1; if newlines >= 2 { endSentence() } }
                i += len
                continue
            }
            newlines = 0
            let start = i
            var end = i + len
            if NERText.isWordScalar(u) {
                end = scanWord(b, from: start, n)
            } else if (u == 0x27 || u == 0x2019), let last = tokens.last, last.upperBound == start,
                      isPossessive(b, at: start + len, n) {
                end = start + len + 1  // "'s" after a word
            }
            // `u` is the token's first scalar.
            let isClosing = end - start <= 3 && NERTokenizer.isClosingPunct(u)
            if pendingBreak && !isClosing {
                // Split unless the next token starts with a lower-case letter.
                let cls = NERText.shapeClass(u)
                if cls != 0x78 { endSentence() } else { pendingBreak = false }
            }
            tokens.append(start..<end)
            if end - start == len && (u == 0x2E || u == 0x21 || u == 0x3F) { pendingBreak = true }
            if tokens.count - sentenceStart >= NERTokenizer.maxSentenceTokens { endSentence() }
            i = end
        }
        endSentence()
    }

    /// Convenience: the token strings of `text`.
    public static func tokenStrings(_ text: String) -> [String] {
        var t = NERTokenizer()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { t.tokenize($0) }
        return t.tokens.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    static func isClosingPunct(_ u: UInt32) -> Bool {
        u == 0x22 || u == 0x27 || u == 0x29 || u == 0x5D || u == 0x201D || u == 0x2019 || u == 0xBB
    }

    /// Abbreviations that keep their final period (lower case, without the period).
    static let abbreviations: Set<[UInt8]> = Set([
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr", "brig",
        "gov", "sen", "rep", "rev", "st", "jr", "sr", "inc", "corp", "ltd", "co", "bros", "vs", "etc",
        "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft", "pres",
        "supt", "insp", "det", "cpl", "pte", "hon", "messrs", "mme", "mlle", "dept", "univ", "ave", "blvd",
    ].map { Array($0.utf8) })

    /// The end of the word token starting at `start` (a word scalar).
    private func scanWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int, _ n: Int) -> Int {
        var i = start
        var segmentLetters = 0     // letters since the last period
        var periods = 0
        var prev: UInt32 = 0
        while i < n {
            // The common case: runs of ASCII letters and digits, eight bytes at a time.
            if i + 8 <= n {
                let k = NERText.asciiWordPrefix(UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self))
                if k > 0 {
                    segmentLetters += k
                    prev = UInt32(b[i + k - 1])
                    i += k
                    if k == 8 { continue }
                }
            }
            let c = UInt32(b[i])
            if c < 0x80 && NERText.isASCIIWord(c) {
                segmentLetters += 1
                prev = c
                i += 1
                continue
            }
            let (u, len) = NERText.decode(b, i, n)
            if NERText.isWordScalar(u) {
                segmentLetters += 1
                prev = u
                i += len
                continue
            }
            let next = i + len < n ? NERText.decode(b, i + len, n) : (scalar: UInt32(0), length: 0)
            let nextIsWord = next.length > 0 && NERText.isWordScalar(next.scalar)
            switch u {
            case 0x2D, 0x2011: // hyphen joins words
                if nextIsWord { i += len; segmentLetters = 0; prev = u; continue }
            case 0x27, 0x2019: // apostrophe: split a possessive 's, join O'Brien / don't
                if nextIsWord && !(i > start && isPossessive(b, at: i + len, n)) {
                    i += len; prev = u; continue
                }
            case 0x2C: // 1,000
                if isDigit(prev) && nextIsWord && isDigit(next.scalar) { i += len; prev = u; continue }
            case 0x26: // AT&T
                if prev >= 0x41 && prev <= 0x5A && next.scalar >= 0x41 && next.scalar <= 0x5A { i += len; prev = u; continue }
            case 0x2E:
                if isDigit(prev) && isDigit(next.scalar) { i += len; prev = u; continue }     // 3.5
                if segmentLetters == 1 && nextIsWord && !isDigit(next.scalar) {               // U.S
                    periods += 1; segmentLetters = 0; i += len; prev = u; continue
                }
                // A final period stays on "U.S.", initials "F." and known abbreviations.
                if !nextIsWord {
                    if periods > 0 && segmentLetters <= 1 { return i + len }
                    if segmentLetters == 1 && isUpper(prev) { return i + len }
                    if i - start <= 6 && NERTokenizer.abbreviations.contains(lowerASCII(b, start, i)) { return i + len }
                }
            default:
                break
            }
            break
        }
        return i
    }

    /// Whether the bytes at `i` are "s" followed by a non-word scalar or the end.
    private func isPossessive(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ n: Int) -> Bool {
        guard i < n, b[i] == 0x73 || b[i] == 0x53 else { return false }
        if i + 1 >= n { return true }
        return !NERText.isWordScalar(NERText.decode(b, i + 1, n).scalar)
    }

    private func isDigit(_ u: UInt32) -> Bool { u >= 0x30 && u <= 0x39 }
    private func isUpper(_ u: UInt32) -> Bool { NERText.shapeClass(u) == 0x58 }

    private func lowerASCII(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        for j in s..<e { let c = b[j]; out.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
        return out
    }
}

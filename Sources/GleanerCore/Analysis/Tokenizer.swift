import CUTF8Proc

/// Splits UTF-8 bytes into word tokens and folds them to lower case without diacritics.
///
/// Rules (bytes in, no `Character` or Foundation string work):
/// - word characters are ASCII letters and digits, and non-ASCII scalars of the Unicode
///   categories L*, N* and M* (utf8proc); everything else, invalid UTF-8 included, separates;
/// - an apostrophe (' or ’) between letters joins and is dropped ("don't" → "dont",
///   "O'Brien" → "obrien"); a final possessive "'s" is dropped ("Kirby's" → "kirby");
/// - "." between digits is kept ("3.5"), "," between digits is dropped ("1,000" → "1000");
/// - dotted acronyms join ("U.S." → "us"); hyphens and slashes separate ("well-known" → 2 tokens);
/// - non-ASCII tokens are case-folded, NFKC-normalised and stripped of marks by utf8proc
///   ("Zürich" → "zurich", "ﬁle" → "file"); tokens over `maxTokenBytes` are dropped;
/// - a Greek letter standing alone, i.e. not next to another Greek letter, is a symbol, not a
///   word: it is a token of its own, spelt with its Latin name, so "IFN-γ", "IFNγ" and
///   "IFN-gamma" all give "ifn" "gamma", "NF-κB" gives "nf" "kappa" "b" and "µm" "mu" "m"
///   (scientific and technical text writes both); Greek words keep their letters.
///
/// O(n) in the input; the folded term is written into a reused buffer, no allocation per token
/// for ASCII text.
public struct Tokenizer: Sendable {
    /// Tokens longer than this (after folding) are skipped: they are URLs, hashes or base64.
    public static let maxTokenBytes = 64

    public init() {}

    /// Calls `body(term, token)` for each token of `text`. `term` is only valid during the call.
    @inlinable
    public func tokenize(
        _ text: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Token) -> Void
    ) {
        var scratch = TokenScratch()
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
            scratch.raw.removeAll(keepingCapacity: true)
            var lastWasDigit = false
            var runLength = 0  // letters since the last acronym dot
            var acronym = false
            while i < n {
                let (w, l) = Tokenizer.wordCharacter(text, at: i)
                if w {
                    let b = text[i]
                    if l == 2 && Tokenizer.greekSymbolName(text, at: i) != nil { break }
                    if b >= 0x80 { hasNonASCII = true }
                    for k in 0 ..< l { scratch.raw.append(text[i + k]) }
                    lastWasDigit = (b >= 0x30 && b <= 0x39)
                    runLength += 1
                    i += l
                    end = i
                    continue
                }
                // Joiners.
                let b = text[i]
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
                        i = next
                        continue
                    }
                    break
                }
                if (b == 0x2E || b == 0x2C) && lastWasDigit && i + 1 < n && text[i + 1] >= 0x30 && text[i + 1] <= 0x39 {
                    if b == 0x2E { scratch.raw.append(b) }
                    i += 1
                    continue
                }
                if b == 0x2E && runLength == 1 && !lastWasDigit && i + 1 < n && Tokenizer.isASCIILetter(text[i + 1])
                    && (i + 2 >= n || text[i + 2] == 0x2E) && (acronym || scratch.raw.count == 1) {
                    acronym = true
                    runLength = 0
                    i += 1
                    continue
                }
                if acronym && b == 0x2E { i += 1 }
                break
            }
            _ = start
            Tokenizer.fold(&scratch, hasNonASCII: hasNonASCII)
            if !scratch.folded.isEmpty && scratch.folded.count <= Tokenizer.maxTokenBytes {
                scratch.folded.withUnsafeBufferPointer { term in
                    body(term, Token(start: start, end: end, position: position))
                }
                position += 1
            }
        }
    }

    /// Latin names of the Greek letters α…ω (U+03B1…U+03C9, ς as σ).
    @usableFromInline static let greekNames: [[UInt8]] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    ].map { Array($0.utf8) }

    /// The index into `greekNames` of an unaccented Greek letter (either case, the symbol variants
    /// ϐ ϑ ϕ ϖ ϰ ϱ ϴ ϵ, and the micro sign µ), else nil.
    @inlinable
    static func greekLetterIndex(_ cp: Int32) -> Int? {
        switch cp {
        case 0x03B1 ... 0x03C9: return Int(cp - 0x03B1)
        case 0x0391 ... 0x03A9 where cp != 0x03A2: return Int(cp - 0x0391)
        case 0x00B5: return 11
        case 0x03D0: return 1
        case 0x03D1, 0x03F4: return 7
        case 0x03D5: return 20
        case 0x03D6: return 15
        case 0x03F0: return 9
        case 0x03F1: return 16
        case 0x03F5: return 4
        default: return nil
        }
    }

    /// Whether `cp` is a letter of the Greek scripts (Greek and Coptic, Greek Extended, µ).
    @inlinable
    static func isGreekLetter(_ cp: Int32) -> Bool {
        if greekLetterIndex(cp) != nil { return true }
        return (cp >= 0x0370 && cp <= 0x03FF && isWordScalar(cp)) || (cp >= 0x1F00 && cp <= 0x1FFF && isWordScalar(cp))
    }

    /// The Latin name of the two-byte scalar at `i` when it is a Greek letter with no Greek
    /// letter on either side (a symbol such as the γ of "IFN-γ"), else nil.
    @inlinable
    static func greekSymbolName(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> [UInt8]? {
        let lead = text[i]
        guard lead == 0xC2 || lead == 0xCE || lead == 0xCF, i + 1 < text.count else { return nil }
        let cp = (Int32(lead & 0x1F) << 6) | Int32(text[i + 1] & 0x3F)
        guard let index = greekLetterIndex(cp) else { return nil }
        var cpNext: Int32 = 0
        if i + 2 < text.count, utf8proc_iterate(text.baseAddress! + i + 2, text.count - i - 2, &cpNext) > 0, isGreekLetter(cpNext) {
            return nil
        }
        if i > 0 {
            var j = i - 1
            while j > 0 && i - j < 4 && text[j] & 0xC0 == 0x80 { j -= 1 }
            var cpPrev: Int32 = 0
            if utf8proc_iterate(text.baseAddress! + j, i - j, &cpPrev) > 0, isGreekLetter(cpPrev) { return nil }
        }
        return greekNames[index]
    }

    /// Whether the scalar at `i` is a word character, and its length in bytes (≥ 1).
    @inlinable @inline(__always)
    static func wordCharacter(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Bool, Int) {
        let b = text[i]
        if b < 0x80 {
            return ((b >= 0x30 && b <= 0x39) || isASCIILetter(b), 1)
        }
        var cp: Int32 = 0
        let len = utf8proc_iterate(text.baseAddress! + i, text.count - i, &cp)
        if len <= 0 { return (false, 1) }
        return (isWordScalar(cp), len)
    }

    @inlinable @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }

    @inlinable
    static func isLetter(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = text[i]
        if b < 0x80 { return isASCIILetter(b) }
        var cp: Int32 = 0
        let len = utf8proc_iterate(text.baseAddress! + i, text.count - i, &cp)
        if len <= 0 { return false }
        let c = utf8proc_category(cp)
        return c.rawValue >= UTF8PROC_CATEGORY_LU.rawValue && c.rawValue <= UTF8PROC_CATEGORY_LO.rawValue
    }

    @inlinable
    static func isWordScalar(_ cp: Int32) -> Bool {
        let c = utf8proc_category(cp).rawValue
        // Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No are consecutive in utf8proc's enumeration.
        return c >= UTF8PROC_CATEGORY_LU.rawValue && c <= UTF8PROC_CATEGORY_NO.rawValue
    }

    /// Lower-cases ASCII in place, or folds non-ASCII tokens with utf8proc.
    @inlinable
    static func fold(_ scratch: inout TokenScratch, hasNonASCII: Bool) {
        scratch.folded.removeAll(keepingCapacity: true)
        if !hasNonASCII {
            for b in scratch.raw {
                scratch.folded.append((b >= 0x41 && b <= 0x5A) ? b | 0x20 : b)
            }
            return
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let options = utf8proc_option_t(
            UTF8PROC_STABLE.rawValue | UTF8PROC_COMPAT.rawValue | UTF8PROC_CASEFOLD.rawValue
                | UTF8PROC_STRIPMARK.rawValue | UTF8PROC_COMPOSE.rawValue | UTF8PROC_IGNORE.rawValue)
        let len = scratch.raw.withUnsafeBufferPointer { raw in
            utf8proc_map(raw.baseAddress!, raw.count, &out, options)
        }
        if len > 0, let out {
            for k in 0 ..< len {
                let b = out[k]
                // Drop any separator a compatibility mapping produced (e.g. "½" → "1⁄2").
                if b < 0x80 && !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == 0x2E) { continue }
                scratch.folded.append(b)
            }
        }
        if let out { gleaner_free(out) }
    }
}

/// Reused buffers of the tokenizer: the raw bytes of the current token and its folded form.
public struct TokenScratch {
    @usableFromInline var raw: [UInt8] = []
    @usableFromInline var folded: [UInt8] = []

    @inlinable init() {
        raw.reserveCapacity(64)
        folded.reserveCapacity(64)
    }
}

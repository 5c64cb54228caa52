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
    ///
    /// A token is collected as the range of `text` it spans; bytes are copied only when a joiner
    /// inside it is dropped ("don't", "1,000", "U.S.") or it needs folding. A lower-case ASCII
    /// word, most of any text, reaches `body` as a slice of `text` itself.
    @inlinable
    public func tokenize(
        _ text: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Token) -> Void
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Tokenizer.maxTokenBytes) { folded in
            tokenize(text, folded: folded, body)
        }
    }

    @inlinable
    func tokenize(
        _ text: UnsafeBufferPointer<UInt8>, folded: UnsafeMutableBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Token) -> Void
    ) {
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
                if !copied {
                    // ASCII letters and digits, most of any text: what the general step below
                    // does for them, in a tight loop.
                    var j = i
                    var c = text[j]
                    while (c &- 0x30 < 10) || Tokenizer.isASCIILetter(c) {
                        j += 1
                        if j == n { break }
                        c = text[j]
                    }
                    if j > i {
                        lastWasDigit = text[j - 1] &- 0x30 < 10
                        runLength += j - i
                        i = j
                        end = j
                        if i == n { break }
                    }
                }
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

    /// Before the first dropped joiner of a token: its bytes so far, `text[start ..< end]`, go
    /// to `raw`, which collects the rest.
    @inlinable
    static func startCopy(_ raw: inout [UInt8], _ copied: inout Bool, _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard !copied else { return }
        copied = true
        raw.removeAll(keepingCapacity: true)
        raw.append(contentsOf: UnsafeBufferPointer(rebasing: text[start ..< end]))
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

    /// Folds one token's bytes — ASCII lower-cased, non-ASCII through utf8proc — and calls
    /// `body` with the term unless it is empty or longer than `maxTokenBytes`; returns whether
    /// it did. A lower-case ASCII token is passed on as it is; `folded` (≥ `maxTokenBytes`) holds
    /// any other term.
    @inlinable
    static func fold(_ raw: UnsafeBufferPointer<UInt8>, hasNonASCII: Bool, into folded: UnsafeMutableBufferPointer<UInt8>,
                     _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        if !hasNonASCII {
            guard raw.count <= maxTokenBytes else { return false }
            var k = 0
            while k < raw.count && raw[k] &- 0x41 >= 26 { k += 1 }
            if k == raw.count {
                body(raw)
                return true
            }
            for j in 0 ..< raw.count {
                let b = raw[j]
                folded[j] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            }
            body(UnsafeBufferPointer(rebasing: folded[0 ..< raw.count]))
            return true
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let options = utf8proc_option_t(
            UTF8PROC_STABLE.rawValue | UTF8PROC_COMPAT.rawValue | UTF8PROC_CASEFOLD.rawValue
                | UTF8PROC_STRIPMARK.rawValue | UTF8PROC_COMPOSE.rawValue | UTF8PROC_IGNORE.rawValue)
        let len = utf8proc_map(raw.baseAddress!, raw.count, &out, options)
        var count = 0
        if len > 0, let out {
            for k in 0 ..< len {
                let b = out[k]
                // Drop any separator a compatibility mapping produced (e.g. "½" → "1⁄2").
                if b < 0x80 && !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == 0x2E) { continue }
                if count == maxTokenBytes { count += 1; break }  // too long: dropped below
                folded[count] = b
                count += 1
            }
        }
        if let out { gleaner_free(out) }
        guard count > 0 && count <= maxTokenBytes else { return false }
        body(UnsafeBufferPointer(rebasing: folded[0 ..< count]))
        return true
    }
}

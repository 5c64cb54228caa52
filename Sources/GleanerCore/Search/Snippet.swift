/// A short passage of a document around the query's words, with the matches marked.
public struct Snippet: Sendable, Equatable {
    public var text: String
    /// Highlighted ranges as Unicode scalar offsets into `text` (start, end exclusive).
    public var highlights: [Range<Int>]

    /// The snippet with each highlight wrapped in `open` / `close` (e.g. ANSI bold).
    public func marked(open: String, close: String) -> String {
        guard !highlights.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        for h in highlights {
            out.append(contentsOf: scalars[i ..< h.lowerBound])
            out.append(contentsOf: open.unicodeScalars)
            out.append(contentsOf: scalars[h])
            out.append(contentsOf: close.unicodeScalars)
            i = h.upperBound
        }
        out.append(contentsOf: scalars[i...])
        return String(out)
    }
}

/// Picks the best one or two passages of a text for a set of query terms.
///
/// The text is analysed with the index's analyzer (so "mercenaries" highlights for the query
/// "mercenary"); the window of at most `maxBytes` with the most distinct matched terms (then
/// most matches) wins. When query words it lacks occur elsewhere, the snippet becomes two
/// half-size passages joined by "…": the best window and the one adding the most missing words.
/// Passages start at a sentence start when one is near, else at a word, with "…" where text was
/// cut. O(tokens) per document.
public struct SnippetBuilder {
    public var maxBytes = 240

    public init() {}

    typealias Match = (start: Int, end: Int, term: [UInt8])

    public func build(text: [UInt8], terms: Set<[UInt8]>, analyzer: Analyzer) -> Snippet {
        // The analyzer's pipeline (tokenize, `Analyzer.word`, stem), with each distinct word
        // stemmed and looked up once: the verdict (which query term, or none) is a pure
        // function of the word.
        var matches: [Match] = []
        let termList = Array(terms)
        var wanted = TermHashTable(capacity: 64)
        for t in termList { t.withUnsafeBufferPointer { _ = wanted.intern($0) } }
        var words = TermHashTable(capacity: 1024)
        var verdict: [Int32] = []
        let initials = SnippetBuilder.initials(termList)
        text.withUnsafeBufferPointer { buf in
            analyzer.tokenizer.tokenize(buf) { folded, token in
                let word = Analyzer.word(folded, token: token, in: buf)
                let (id, isNew) = words.intern(word)
                if isNew {
                    verdict.append(SnippetBuilder.cannotMatch(word, initials) ? -1 : analyzer.stemmer.stem(word) { Int32(wanted.find($0) ?? -1) })
                }
                let v = Int(verdict[id])
                if v >= 0 { matches.append((token.start, token.end, termList[v])) }
            }
        }
        guard !text.isEmpty else { return Snippet(text: "", highlights: []) }
        var ranges: [(Int, Int)] = []
        let (i, j) = bestWindow(matches, width: maxBytes, excluding: [])
        let all = Set(matches.map(\.term))
        let first = matches.isEmpty ? Set() : Set(matches[i ... j].map(\.term))
        if first.count < all.count {
            let half = maxBytes / 2
            let (a, b) = bestWindow(matches, width: half, excluding: [])
            let covered = Set(matches[a ... b].map(\.term))
            let rest = matches.indices.filter { $0 < a || $0 > b }.map { matches[$0] }
            let (c, d) = bestWindow(rest, width: half, excluding: covered)
            if !rest.isEmpty && !Set(rest[c ... d].map(\.term)).subtracting(covered).isEmpty {
                let p1 = passage(text, matches, a, b, width: half)
                let p2 = passage(text, rest, c, d, width: half)
                ranges = p1.0 < p2.0 ? [p1, p2] : [p2, p1]
                if ranges[0].1 >= ranges[1].0 { ranges = [(ranges[0].0, max(ranges[0].1, ranges[1].1))] }
            }
        }
        if ranges.isEmpty { ranges = [matches.isEmpty ? passage(text, [], 0, 0, width: maxBytes) : passage(text, matches, i, j, width: maxBytes)] }
        return assemble(text, ranges, matches)
    }

    /// The lower-case ASCII letters the terms start with, as a bit set (bit `c − "a"`).
    static func initials(_ terms: [[UInt8]]) -> UInt32 {
        var set: UInt32 = 0
        for t in terms {
            if let c = t.first, c >= 0x61, c <= 0x7A { set |= 1 << UInt32(c - 0x61) }
        }
        return set
    }

    /// Whether `word` surely stems to none of the terms whose initials are `initials`, without
    /// stemming it: the Snowball English stemmer rewrites only a word's end (its R1 region
    /// starts after the second letter at the earliest, and its exceptions — "skies" → "sky",
    /// "dying" → "die" — keep the first letter), so a word starting with a lower-case ASCII
    /// letter stems to a term starting with that letter, and short words and numbers are not
    /// stemmed at all. Most of a page's distinct words are settled this way, which halves
    /// what its snippets cost a cold `gleaner search`.
    @inline(__always)
    static func cannotMatch(_ word: UnsafeBufferPointer<UInt8>, _ initials: UInt32) -> Bool {
        guard let c = word.first, c >= 0x61, c <= 0x7A else { return false }
        return initials & (1 << UInt32(c - 0x61)) == 0
    }

    /// Indices [i, j] of the window of matches at most `width` bytes wide with the most distinct
    /// terms not in `excluding` (then the most matches).
    func bestWindow(_ matches: [Match], width: Int, excluding: Set<[UInt8]>) -> (Int, Int) {
        var best = (0, 0), bestScore = -1
        var j = 0
        for i in matches.indices {
            if j < i { j = i }
            while j + 1 < matches.count && matches[j + 1].end - matches[i].start <= width { j += 1 }
            let distinct = Set(matches[i ... j].map(\.term)).subtracting(excluding).count
            let score = distinct * 1000 + (j - i + 1)
            if score > bestScore { bestScore = score; best = (i, j) }
        }
        return best
    }

    /// The byte range of a passage of at most `width` bytes around matches i…j.
    func passage(_ text: [UInt8], _ matches: [Match], _ i: Int, _ j: Int, width: Int) -> (Int, Int) {
        var start = 0
        if !matches.isEmpty {
            let anchor = matches[i].start
            start = sentenceStart(text, before: anchor, limit: width / 2)
            // Keep the whole match run inside the window when possible.
            if matches[j].end - start > width { start = wordStart(text, at: max(anchor - 20, 0)) }
        }
        var end = min(text.count, start + width)
        if end < text.count { end = wordEnd(text, before: end) }
        if end <= start { end = min(text.count, start + width) }
        // Never split a UTF-8 sequence.
        while end < text.count && end > start && (text[end] & 0xC0) == 0x80 { end -= 1 }
        while start < end && (text[start] & 0xC0) == 0x80 { start += 1 }
        return (start, end)
    }

    /// Joins passages with "…" and maps highlights to scalar offsets in the result.
    func assemble(_ text: [UInt8], _ ranges: [(Int, Int)], _ matches: [Match]) -> Snippet {
        var out: [UInt8] = []
        var highlightBytes: [(Int, Int)] = []
        for (k, (start, end)) in ranges.enumerated() {
            // The passage before already ended with " …", which separates the two.
            if k > 0 { out.append(0x20) } else if start > 0 && !isSentenceStart(text, start) { out.append(contentsOf: Array("…".utf8)) }
            let offset = out.count - start
            for b in text[start ..< end] { out.append(b == 0x0A ? 0x20 : b) }
            for m in matches where m.start >= start && m.end <= end { highlightBytes.append((m.start + offset, m.end + offset)) }
            if end < text.count { out.append(contentsOf: Array(" …".utf8)) }
        }
        let byteToScalar = scalarIndex(out)
        return Snippet(text: String(decoding: out, as: UTF8.self),
                       highlights: highlightBytes.map { byteToScalar[$0.0] ..< byteToScalar[$0.1] })
    }

    /// scalarIndex[byteOffset] = number of scalars before it (for every byte offset up to count).
    func scalarIndex(_ bytes: [UInt8]) -> [Int] {
        var idx = [Int](repeating: 0, count: bytes.count + 1)
        var n = 0
        for (i, b) in bytes.enumerated() {
            idx[i] = n
            if (b & 0xC0) != 0x80 { n += 1 }
        }
        idx[bytes.count] = n
        // A byte inside a sequence maps to its scalar's start; fine for token boundaries.
        return idx
    }

    func isSentenceStart(_ t: [UInt8], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0 && (t[k] == 0x20 || t[k] == 0x0A) {
            if t[k] == 0x0A { return true }
            k -= 1
        }
        return k < 0 || t[k] == 0x2E || t[k] == 0x21 || t[k] == 0x3F
    }

    func sentenceStart(_ t: [UInt8], before i: Int, limit: Int) -> Int {
        var k = i
        while k > 0 && i - k < limit {
            if isSentenceStart(t, k) && t[k] != 0x20 && t[k] != 0x0A { return k }
            k -= 1
        }
        if k == 0 { return 0 }
        return wordStart(t, at: i)
    }

    func wordStart(_ t: [UInt8], at i: Int) -> Int {
        var k = min(i, t.count)
        while k > 0 && t[k - 1] != 0x20 && t[k - 1] != 0x0A { k -= 1 }
        return k
    }

    func wordEnd(_ t: [UInt8], before i: Int) -> Int {
        var k = i
        while k > 0 && t[k] != 0x20 && t[k] != 0x0A { k -= 1 }
        return k
    }
}

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

/// Picks the best passage of a text for a set of query terms.
///
/// The text is analysed with the index's analyzer (so "mercenaries" highlights for the query
/// "mercenary"); the window of at most `maxBytes` with the most distinct matched terms (then
/// most matches) wins; it starts at a sentence start when one is near, else at a word, with
/// "…" where text was cut. O(tokens) per document.
public struct SnippetBuilder {
    public var maxBytes = 240

    public init() {}

    public func build(text: [UInt8], terms: Set<[UInt8]>, analyzer: Analyzer) -> Snippet {
        var matches: [(start: Int, end: Int, term: [UInt8])] = []
        var firstTokenEnd = 0
        text.withUnsafeBufferPointer { buf in
            analyzer.analyze(buf) { term, _, token in
                if firstTokenEnd == 0 { firstTokenEnd = token.end }
                let t = Array(term)
                if terms.contains(t) { matches.append((token.start, token.end, t)) }
            }
        }
        guard !text.isEmpty else { return Snippet(text: "", highlights: []) }
        // Best window by distinct terms, then count.
        var bestStart = 0, bestEnd = 0, bestScore = -1
        var j = 0
        for i in matches.indices {
            if j < i { j = i }
            while j + 1 < matches.count && matches[j + 1].end - matches[i].start <= maxBytes { j += 1 }
            let distinct = Set(matches[i ... j].map(\.term)).count
            let score = distinct * 1000 + (j - i + 1)
            if score > bestScore { bestScore = score; bestStart = i; bestEnd = j }
        }
        var start = 0
        if !matches.isEmpty {
            let anchor = matches[bestStart].start
            start = sentenceStart(text, before: anchor, limit: 120)
            // Keep the whole match run inside the window when possible.
            let runEnd = matches[bestEnd].end
            if runEnd - start > maxBytes { start = wordStart(text, at: max(anchor - 20, 0)) }
        }
        var end = min(text.count, start + maxBytes)
        if end < text.count { end = wordEnd(text, before: end) }
        if end <= start { end = min(text.count, start + maxBytes) }
        // Never split a UTF-8 sequence.
        while end < text.count && end > start && (text[end] & 0xC0) == 0x80 { end -= 1 }
        while start < end && (text[start] & 0xC0) == 0x80 { start += 1 }

        var out: [UInt8] = []
        let prefix = start > 0 && !isSentenceStart(text, start)
        if prefix { out.append(contentsOf: Array("…".utf8)) }
        let offset = out.count - start
        for b in text[start ..< end] { out.append(b == 0x0A ? 0x20 : b) }
        if end < text.count { out.append(contentsOf: Array(" …".utf8)) }
        let snippetText = String(decoding: out, as: UTF8.self)
        // Byte ranges → scalar ranges.
        var ranges: [Range<Int>] = []
        let byteToScalar = scalarIndex(out)
        for m in matches where m.start >= start && m.end <= end {
            ranges.append(byteToScalar[m.start + offset] ..< byteToScalar[m.end + offset])
        }
        return Snippet(text: snippetText, highlights: ranges)
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

/// Turns one document into its term list: for every distinct (field, term), the positions at
/// which it occurs. Runs on the ingest workers, so the segment writer only merges ready lists.
///
/// Words are collected per (field, folded word) first and stemmed once per distinct word —
/// the same terms as `Analyzer` gives token by token, at a fraction of the stemming work.
/// One instance per worker thread (it owns an `Analyzer`); buffers are reused
/// across documents.
public final class DocumentInverter {
    public let analyzer = Analyzer()
    private var scratch = DocumentInverterScratch()

    public init() {}

    deinit {
        scratch.buffer.deallocate()
        scratch.stems.free()
    }

    /// Analyses every field of `doc`: title, body, site (name and URL host), author, language
    /// and the entity fields; computes the body's SimHash.
    public func invert(_ doc: StoredDocument) -> InvertedDocument {
        scratch.invert(doc, analyzer: analyzer)
    }

    /// The host of a URL without "www." ("https://www.example.com/a" → "example.com").
    static func host(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        var host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        return String(host)
    }
}

/// The reused state of one `DocumentInverter` (a struct, so its hot loops touch plain stored
/// properties rather than a class's exclusivity-checked ones).
///
/// Tokens are recorded as (word, position) in flat arrays; each distinct word is stemmed once
/// (or found in the worker's stem cache), and one counting sort by term id lays out every term's
/// positions, ascending: no per-term arrays, no allocation per token.
struct DocumentInverterScratch {
    /// (field, folded word) keys of the current document, and per token its word and position,
    /// in the order read (per field, ascending positions).
    private var words = TermHashTable(capacity: 4096)
    private var tokenWord: [UInt32] = []
    private var tokenPosition: [UInt32] = []
    /// Body positions at which a paragraph with tokens begins (see `InvertedDocument.unitStarts`),
    /// and the byte offsets at which the body's paragraphs begin (the text cut at "\n\n").
    private var unitStarts: [UInt32] = []
    private var paragraphBytes: [Int] = []
    /// Final (field, stem) keys of the current document; per word its term.
    private var terms = TermHashTable(capacity: 4096)
    private var wordTerm: [UInt32] = []
    private var termNext: [Int] = []
    /// Per word of the current document: the hash of its bytes (without the field byte).
    private var wordHashes: [UInt32] = []
    let stems = StemCache()
    private var touched: UInt8 = 0
    private var simhash = SimHash()
    /// Keys being built: `field + word` at 0, `field + stem` at `termOffset` (owned by the inverter).
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: termOffset + 1 + 2 * Tokenizer.maxTokenBytes)
    static let termOffset = 1 + Tokenizer.maxTokenBytes

    mutating func invert(_ doc: StoredDocument, analyzer: Analyzer) -> InvertedDocument {
        terms.removeAll()
        words.removeAll()
        tokenWord.removeAll(keepingCapacity: true)
        tokenPosition.removeAll(keepingCapacity: true)
        unitStarts.removeAll(keepingCapacity: true)
        var lengths = [UInt32](repeating: 0, count: Field.allCases.count)
        simhash.reset()
        lengths[Int(Field.title.rawValue)] = add(doc.title.utf8, field: .title, from: 0, analyzer)
        lengths[Int(Field.body.rawValue)] = doc.text.withUnsafeBufferPointer { add($0, field: .body, from: 0, analyzer) }
        // Value fields: site (name, then URL host), author, language, each followed by the
        // names of the document's entities of that field, in order. Fields are independent
        // (each term key starts with its field), so the order they are read in does not matter.
        // (`StoredDocument.forEachValue`; phrase verification analyses them again the same way.)
        for field in Field.allCases where field != .body && field != .title {
            var next: UInt32 = 0
            var any = false
            doc.forEachValue(of: field) { v in
                next = add(v.utf8, field: field, from: next, analyzer) + UInt32(Field.valueGap)
                any = true
            }
            lengths[Int(field.rawValue)] = any ? next - UInt32(Field.valueGap) : 0
        }

        stemWords(analyzer.stemmer)
        var out = InvertedDocument(stored: doc, fieldLengths: lengths)
        out.date = CalendarDay.parse(doc.date)
        out.simhash = simhash.value
        out.unitStarts = unitStarts
        out.keys = terms.arena
        out.keyEnds = Array(terms.starts.dropFirst())
        out.keyHashes = terms.hashes
        out.freqs = [UInt32](repeating: 0, count: terms.count)
        out.positions = [UInt32](repeating: 0, count: tokenWord.count)
        Self.layOut(wordTerm: wordTerm, tokenWord: tokenWord, tokenPosition: tokenPosition, next: &termNext,
                    freqs: &out.freqs, positions: &out.positions)
        return out
    }

    /// Counting sort of the tokens by term: `freqs[t]` tokens of term `t`, their positions back
    /// to back in term order. Stable, so each term's positions stay ascending (a term belongs to
    /// one field, whose tokens were read in position order).
    private static func layOut(wordTerm: [UInt32], tokenWord: [UInt32], tokenPosition: [UInt32], next: inout [Int],
                               freqs: inout [UInt32], positions: inout [UInt32]) {
        let n = freqs.count
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: repeatElement(0, count: n))
        wordTerm.withUnsafeBufferPointer { wordTerm in
            tokenWord.withUnsafeBufferPointer { tokenWord in
                tokenPosition.withUnsafeBufferPointer { tokenPosition in
                    freqs.withUnsafeMutableBufferPointer { freqs in
                        next.withUnsafeMutableBufferPointer { next in
                            positions.withUnsafeMutableBufferPointer { positions in
                                for w in tokenWord { freqs[Int(wordTerm[Int(w)])] += 1 }
                                var acc = 0
                                for t in 0 ..< n { next[t] = acc; acc += Int(freqs[t]) }
                                for k in 0 ..< tokenWord.count {
                                    let t = Int(wordTerm[Int(tokenWord[k])])
                                    positions[next[t]] = tokenPosition[k]
                                    next[t] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Stems each distinct word once and merges words that share a stem ("run", "running").
    /// Stems come from the worker's `StemCache` when it has them; all the document's cache
    /// slots are read first, so their cache misses overlap.
    private mutating func stemWords(_ stemmer: Stemmer) {
        wordTerm.removeAll(keepingCapacity: true)
        wordHashes.removeAll(keepingCapacity: true)
        let stems = self.stems
        for w in 0 ..< words.count {
            let h = words.withKey(w) { TermHashTable.hash(UnsafeBufferPointer(rebasing: $0[1...])) }
            wordHashes.append(h)
            touched &+= stems.touch(hash: h)
        }
        let wordKey = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< Self.termOffset])
        let termKey = UnsafeMutableBufferPointer(rebasing: buffer[Self.termOffset...])
        for w in 0 ..< words.count {
            let n = words.copyKey(w, into: wordKey)
            termKey[0] = wordKey[0]
            let id = stems.stem(UnsafeBufferPointer(rebasing: wordKey[1 ..< n]), hash: wordHashes[w], stemmer) { stem -> Int in
                // Snowball stems are never longer than their word; the fallback is for safety.
                guard 1 + stem.count <= termKey.count else {
                    return ([termKey[0]] + Array(stem)).withUnsafeBufferPointer { terms.intern($0).id }
                }
                _ = UnsafeMutableBufferPointer(rebasing: termKey[1 ..< 1 + stem.count]).update(fromContentsOf: stem)
                return terms.intern(UnsafeBufferPointer(rebasing: termKey[0 ..< 1 + stem.count])).id
            }
            wordTerm.append(UInt32(id))
        }
    }

    /// Adds the tokens of one value of `field`, positions starting at `from`; returns the
    /// position after the last token.
    private mutating func add(_ text: String.UTF8View, field: Field, from: UInt32, _ analyzer: Analyzer) -> UInt32 {
        if let count = text.withContiguousStorageIfAvailable({ add($0, field: field, from: from, analyzer) }) { return count }
        return Array(text).withUnsafeBufferPointer { add($0, field: field, from: from, analyzer) }
    }

    private mutating func add(_ text: UnsafeBufferPointer<UInt8>, field: Field, from: UInt32, _ analyzer: Analyzer) -> UInt32 {
        var count: UInt32 = from
        let isBody = field == .body
        let key = buffer
        key[0] = field.rawValue
        // Body tokens never span "\n\n": each belongs to the paragraph its first byte is in.
        // `nextBreak` is the byte offset where the paragraph after the current one begins.
        var paragraph = -1
        var nextBreak = 0
        if isBody {
            paragraphBytes.removeAll(keepingCapacity: true)
            ParagraphSplitter.forEach(UnsafeRawBufferPointer(text)) { p in
                paragraphBytes.append(p.baseAddress.map { $0 - UnsafeRawPointer(text.baseAddress!) } ?? 0)
            }
        }
        analyzer.tokenizer.tokenize(text) { folded, token in
            let word = Analyzer.word(folded, token: token, in: text)
            if isBody {
                simhash.add(word)
                if token.start >= nextBreak {
                    while paragraph + 1 < paragraphBytes.count && paragraphBytes[paragraph + 1] <= token.start { paragraph += 1 }
                    nextBreak = paragraph + 1 < paragraphBytes.count ? paragraphBytes[paragraph + 1] : Int.max
                    unitStarts.append(from + UInt32(token.position))
                }
            }
            // Tokens are at most `maxTokenBytes`, so the key always fits.
            _ = UnsafeMutableBufferPointer(rebasing: key[1 ..< 1 + word.count]).update(fromContentsOf: word)
            let (id, _) = words.intern(UnsafeBufferPointer(rebasing: key[0 ..< 1 + word.count]))
            tokenWord.append(UInt32(id))
            let p = from + UInt32(token.position)
            tokenPosition.append(p)
            count = p + 1
        }
        return count
    }
}

/// The output of `DocumentInverter`: a document's stored fields and its (field, term) postings.
///
/// `keys` holds the term keys back to back (`[field byte] + term`), `keyEnds[i]` the end of key
/// `i`; `positions` holds each key's `freqs[i]` ascending positions in the same order.
public struct InvertedDocument: Sendable {
    public var stored: StoredDocument
    public var fieldLengths: [UInt32]
    public var keys: [UInt8] = []
    public var keyEnds: [UInt32] = []
    /// `TermHashTable.hash` of each key, when known (empty otherwise): spares the segment
    /// writer hashing the keys again.
    public var keyHashes: [UInt32] = []
    public var freqs: [UInt32] = []
    public var positions: [UInt32] = []
    /// Body positions at which each paragraph that has tokens begins, ascending (the first is 0
    /// when the body has tokens): the body's units are `unitStarts[k] ..< unitStarts[k + 1]`
    /// (the last up to the body's length). Paragraphs are the text cut at "\n\n".
    public var unitStarts: [UInt32] = []
    /// Publication day (days since 1970-01-01) or `CalendarDay.unknown`.
    public var date: Int32 = CalendarDay.unknown
    /// 64-bit SimHash of the body's word 3-shingles (near-duplicate detection).
    public var simhash: UInt64 = 0

    public init(stored: StoredDocument, fieldLengths: [UInt32]) {
        self.stored = stored
        self.fieldLengths = fieldLengths
    }

    /// Approximate bytes this document adds to a segment writer's buffers.
    public var estimatedBytes: Int { keys.count + freqs.count * 12 + positions.count * 2 + stored.text.count / 3 }
}

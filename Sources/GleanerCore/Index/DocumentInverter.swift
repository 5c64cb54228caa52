/// Turns one document into its term list: for every distinct (field, term), the positions at
/// which it occurs. Runs on the ingest workers, so the segment writer only merges ready lists.
///
/// Words are collected per (field, folded word) first and stemmed once per distinct word —
/// the same terms as `Analyzer` gives token by token, at a fraction of the stemming work.
/// One instance per worker thread (it owns an `Analyzer`); buffers are reused across documents.
public final class DocumentInverter {
    public let analyzer = Analyzer()
    /// Final (field, stem) keys of the current document and their positions.
    private var table = TermHashTable(capacity: 4096)
    private var positions: [[UInt32]] = []
    /// (field, folded word) keys of the current document and their positions.
    private var words = TermHashTable(capacity: 4096)
    private var wordPositions: [[UInt32]] = []
    private var key: [UInt8] = []

    public init() {}

    /// Analyses every field of `doc`: title, body, site (name and URL host), author, language
    /// and the entity fields; computes the body's SimHash.
    public func invert(_ doc: StoredDocument) -> InvertedDocument {
        table.removeAll()
        words.removeAll()
        var lengths = [UInt32](repeating: 0, count: Field.allCases.count)
        simhash.reset()
        var title = Array(doc.title.utf8)
        lengths[Int(Field.title.rawValue)] = add(&title, field: .title, from: 0)
        var text = doc.text
        lengths[Int(Field.body.rawValue)] = add(&text, field: .body, from: 0)
        var values: [Field: [String]] = [:]
        values[.site] = [doc.site, DocumentInverter.host(of: doc.url)].filter { !$0.isEmpty }
        values[.author] = doc.author.isEmpty ? [] : [doc.author]
        values[.language] = doc.language.isEmpty ? [] : [doc.language]
        for e in doc.entities { values[e.field, default: []].append(e.name) }
        for (field, list) in values {
            var next: UInt32 = 0
            for v in list {
                var bytes = Array(v.utf8)
                next = add(&bytes, field: field, from: next) + UInt32(Field.valueGap)
            }
            lengths[Int(field.rawValue)] = list.isEmpty ? 0 : next - UInt32(Field.valueGap)
        }

        stemWords()
        var out = InvertedDocument(stored: doc, fieldLengths: lengths)
        out.date = CalendarDay.parse(doc.date)
        out.simhash = simhash.value
        let n = table.count
        out.keys.reserveCapacity(n * 8)
        out.keyEnds.reserveCapacity(n)
        out.freqs.reserveCapacity(n)
        for id in 0 ..< n {
            out.keys.append(contentsOf: table.key(id))
            out.keyEnds.append(UInt32(out.keys.count))
            out.freqs.append(UInt32(positions[id].count))
            out.positions.append(contentsOf: positions[id])
        }
        return out
    }

    /// Stems each distinct word once and merges words that share a stem ("run", "running").
    private func stemWords() {
        var merged: [Int] = []
        for w in 0 ..< words.count {
            let wordKey = words.key(w)
            let field = wordKey[wordKey.startIndex]
            key.removeAll(keepingCapacity: true)
            key.append(field)
            Array(wordKey.dropFirst()).withUnsafeBufferPointer { word in
                analyzer.stemmer.stem(word) { key.append(contentsOf: $0) }
            }
            let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0) }
            if isNew {
                if id < positions.count {
                    positions[id].removeAll(keepingCapacity: true)
                } else {
                    positions.append([])
                }
                positions[id].append(contentsOf: wordPositions[w])
            } else {
                positions[id].append(contentsOf: wordPositions[w])
                merged.append(id)
            }
        }
        for id in merged { positions[id].sort() }
    }

    /// The host of a URL without "www." ("https://www.example.com/a" → "example.com").
    static func host(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        var host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        return String(host)
    }

    private var simhash = SimHash()

    /// Adds the tokens of one value of `field`, positions starting at `from`; returns the
    /// position after the last token.
    private func add(_ bytes: inout [UInt8], field: Field, from: UInt32) -> UInt32 {
        var count: UInt32 = from
        bytes.withUnsafeBufferPointer { buf in
            analyzer.tokenizer.tokenize(buf) { folded, token in
                let word = Analyzer.word(folded, token: token, in: buf)
                if field == .body { simhash.add(word) }
                key.removeAll(keepingCapacity: true)
                key.append(field.rawValue)
                key.append(contentsOf: word)
                let (id, isNew) = key.withUnsafeBufferPointer { words.intern($0) }
                if isNew {
                    if id < wordPositions.count { wordPositions[id].removeAll(keepingCapacity: true) } else { wordPositions.append([]) }
                }
                wordPositions[id].append(from + UInt32(token.position))
                count = from + UInt32(token.position + 1)
            }
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
    public var freqs: [UInt32] = []
    public var positions: [UInt32] = []
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

/// Turns one document into its term list: for every distinct (field, term), the positions at
/// which it occurs. Runs on the ingest workers, so the segment writer only merges ready lists.
///
/// One instance per worker thread (it owns an `Analyzer`); buffers are reused across documents.
public final class DocumentInverter {
    public let analyzer = Analyzer()
    private var table = TermHashTable(capacity: 4096)
    private var positions: [[UInt32]] = []
    private var key: [UInt8] = []

    public init() {}

    /// Analyses title and body of `doc`.
    public func invert(_ doc: StoredDocument) -> InvertedDocument {
        table.removeAll()
        var lengths = [UInt32](repeating: 0, count: Field.allCases.count)
        var title = Array(doc.title.utf8)
        lengths[Int(Field.title.rawValue)] = add(&title, field: .title)
        var text = doc.text
        lengths[Int(Field.body.rawValue)] = add(&text, field: .body)

        var out = InvertedDocument(stored: doc, fieldLengths: lengths)
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

    private func add(_ bytes: inout [UInt8], field: Field) -> UInt32 {
        var count: UInt32 = 0
        bytes.withUnsafeBufferPointer { buf in
            analyzer.analyze(buf) { term, _, token in
                key.removeAll(keepingCapacity: true)
                key.append(field.rawValue)
                key.append(contentsOf: term)
                let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0) }
                if isNew {
                    if id < positions.count { positions[id].removeAll(keepingCapacity: true) } else { positions.append([]) }
                }
                positions[id].append(UInt32(token.position))
                count = UInt32(token.position + 1)
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

    public init(stored: StoredDocument, fieldLengths: [UInt32]) {
        self.stored = stored
        self.fieldLengths = fieldLengths
    }

    /// Approximate bytes this document adds to a segment writer's buffers.
    public var estimatedBytes: Int { keys.count + freqs.count * 12 + positions.count * 2 + stored.text.count / 3 }
}

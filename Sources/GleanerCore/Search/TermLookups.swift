/// The term-dictionary entries of one search, each looked up once per segment (after Lucene's
/// TermStates).
///
/// Weighting (document frequencies), the per-segment scorers, query-likelihood fusion and
/// proximity re-ranking all ask for the same (field, term) pairs in every segment; without this
/// each ask is another binary search and block scan per segment. `Searcher` starts a fresh one
/// per search: the reader never changes, so a longer life would be correct, but it would let a
/// benchmark that repeats its queries skip dictionary work that a real first query pays.
/// O(segments) lookups per distinct (field, term); not thread-safe (one per `Searcher`).
final class TermLookups {
    let reader: IndexReader
    /// Field byte + term bytes → the term's entry in each segment (nil where absent).
    private var entries: [[UInt8]: [TermInfo?]] = [:]

    /// For phrases in value fields, verified against stored values (`StoredValuePhraseScorer`).
    private(set) lazy var analyzer = Analyzer()

    init(reader: IndexReader) { self.reader = reader }

    /// The term's entry in every segment, in segment order.
    func infos(_ field: Field, _ term: [UInt8]) throws -> [TermInfo?] {
        var key = [field.rawValue]
        key.append(contentsOf: term)
        if let found = entries[key] { return found }
        var found: [TermInfo?] = []
        found.reserveCapacity(reader.segments.count)
        for segment in reader.segments { found.append(try segment.terms.lookup(key)) }
        entries[key] = found
        return found
    }

    /// Documents containing the term in `field`, over all segments.
    func docFreq(_ field: Field, _ term: [UInt8]) throws -> Int {
        try infos(field, term).reduce(0) { $0 + Int($1?.docFreq ?? 0) }
    }

    /// Occurrences of the term in `field`, over all segments.
    func totalTermFreq(_ field: Field, _ term: [UInt8]) throws -> UInt64 {
        try infos(field, term).reduce(0) { $0 + ($1?.totalTermFreq ?? 0) }
    }

    /// An iterator over the term's postings in segment `s`, or nil when the segment lacks it.
    func postings(_ s: Int, _ field: Field, _ term: [UInt8], positions: Bool) throws -> PostingsIterator? {
        guard let info = try infos(field, term)[s] else { return nil }
        return reader.segments[s].postings(info, positions: positions)
    }
}

import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Block-max pruning (skip-entry bounds) must return exactly what exhaustive evaluation returns:
/// single terms, fuzzy and prefix words, conjunctions, OR queries and phrases, with and without tiers,
/// on lists long enough for many blocks, with skewed frequencies and lengths.
@Suite struct BlockMaxPruningTests {
    /// A fresh searcher (Searcher is not thread-safe; tests run in parallel) over 2,500 documents.
    static func searcher() throws -> Searcher {
        var rng = SplitMix64(seed: 11)
        let vocabulary = (0 ..< 40).map { "v\($0)q" }
        var docs: [StoredDocument] = []
        for i in 0 ..< 2500 {
            // Lengths from 3 to ~400 words; low word numbers common, some documents repeat a word a lot.
            let n = 3 + rng.below(rng.below(4) == 0 ? 400 : 40)
            var words = (0 ..< n).map { _ in vocabulary[min(39, rng.below(1 + rng.below(40)))] }
            if rng.below(10) == 0 { words += Array(repeating: vocabulary[rng.below(6)], count: 1 + rng.below(30)) }
            let title = (0 ..< 1 + rng.below(4)).map { _ in vocabulary[rng.below(12)] }.joined(separator: " ")
            docs.append(StoredDocument(id: "d\(i)", path: "d\(i)", title: title, text: Array(words.joined(separator: " ").utf8)))
        }
        let dir = TempDirectory()
        keep.append(dir)
        _ = try Indexer(directory: dir.path).build(documents: docs)
        return Searcher(reader: try IndexReader(directory: dir.path))
    }
    nonisolated(unsafe) static var keep: [TempDirectory] = []

    @Test(arguments: [Searcher.MatchMode.tiered, .any, .all])
    func prunedEqualsExhaustive(mode: Searcher.MatchMode) throws {
        let s = try Self.searcher()
        for q in ["v0q", "v3q", "v1q v2q", "+v0q +v4q", "v0q v1q v2q", "v5q v9q v20q", "v1q~", "v1*", "title:v2q", "v2q -v7q",
                  "\"v0q v1q\"", "\"v0q v0q\"", "\"v1q v0q v2q\"", "\"v0q v1q\" v3q", "title:\"v1q v2q\"", "\"v0q v2q\"~2"] {
            for limit in [1, 10, 100] {
                var pruned = Searcher.Options()
                pruned.match = mode
                pruned.limit = limit
                pruned.exactTotalThreshold = 0
                pruned.proximity.enabled = false
                var full = pruned
                full.facets = [.year]  // facets need every match: no pruning
                let a = try s.search(q, options: pruned), b = try s.search(q, options: full)
                #expect(a.hits.map(\.doc) == b.hits.map(\.doc), "\(q) limit \(limit)")
                // OR queries sum clause scores in another order under MaxScore: equal up to rounding.
                #expect(zip(a.hits, b.hits).allSatisfy { abs($0.score - $1.score) < 1e-5 && $0.tier == $1.tier }, "\(q)")
                #expect(b.totalIsExact && a.total <= b.total)
            }
        }
    }

    /// Indexes 1,500 documents where only `dense` (number `denseAt`) repeats `words` and every
    /// other one holds them once, searches `query` for the best one, and checks it is found
    /// while blocks that cannot beat it are skipped uncounted. Returns the searcher and options.
    @discardableResult
    private func skipsBlocks(words: String, denseAt: Int, query: String) throws -> (Searcher, Searcher.Options) {
        var docs: [StoredDocument] = []
        let filler = Array(repeating: "filler", count: 40).joined(separator: " ")
        for i in 0 ..< 1500 {
            let text = i == denseAt ? Array(repeating: words, count: 20).joined(separator: " ") : words + " " + filler
            docs.append(StoredDocument(id: "d\(i)", path: "d\(i)", title: "t", text: Array(text.utf8)))
        }
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let s = Searcher(reader: try IndexReader(directory: dir.path))
        var o = Searcher.Options()
        o.limit = 1
        o.exactTotalThreshold = 0
        o.fusion.enabled = false  // fusion re-ranks the best 30, which needs 30 candidates
        let r = try s.search(query, options: o)
        #expect(try r.hits.map { try s.reader.id($0.doc) } == ["d\(denseAt)"])
        #expect(!r.totalIsExact && r.total < 1500)
        return (s, o)
    }

    /// The bounds are not vacuous: past the one dense document, blocks of one-occurrence
    /// documents cannot beat it and are skipped uncounted.
    @Test func singleTermSkipsBlocks() throws {
        try skipsBlocks(words: "beacon", denseAt: 200, query: "beacon")
    }

    /// Exact phrases are bounded by their rarest word's blocks: past the one document that
    /// repeats the phrase, blocks where it occurs once are skipped uncounted.
    @Test func exactPhraseSkipsBlocks() throws {
        let (s, o) = try skipsBlocks(words: "beacon light", denseAt: 300, query: "\"beacon light\"")
        // Sloppy phrases are not pruned: their count can exceed a word's.
        let sloppy = try s.search("\"beacon light\"~1", options: o)
        #expect(try sloppy.hits.map { try s.reader.id($0.doc) } == ["d300"])
        #expect(sloppy.totalIsExact && sloppy.total == 1500)
    }
}

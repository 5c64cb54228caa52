import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Fusion of BM25F with query likelihood, and Greek letters written as symbols or names.
@Suite struct RankFusionTests {
    nonisolated(unsafe) static var keep: [TempDirectory] = []

    static func searcher(_ docs: [(String, String, String)]) throws -> Searcher {
        let dir = TempDirectory()
        keep.append(dir)
        _ = try Indexer(directory: dir.path).build(documents: docs.map {
            StoredDocument(id: $0.0, path: $0.0, title: $0.1, date: "", site: "", text: Array($0.2.utf8))
        })
        return Searcher(reader: try IndexReader(directory: dir.path))
    }

    static let docs = [
        ("a", "Ferry fire", "A ferry caught fire in the harbour; the crew put the fire out."),
        ("b", "Harbour news", "The ferry timetable changes in May. A ferry was late."),
        ("c", "Fire brigade", "The fire brigade trained with a fire boat near the ferry terminal, and the ferry waited."),
        ("d", "Weather", "Rain, wind and a late ferry."),
        ("e", "Elsewhere", "A barn fire in the hills."),
    ]

    @Test func fusionKeepsTheMatchesAndRanksByFusedScore() throws {
        let s = try Self.searcher(Self.docs)
        var off = Searcher.Options()
        off.match = .any
        off.limit = 10
        off.fusion.enabled = false
        var on = off
        on.fusion.enabled = true
        let a = try s.search("ferry fire", options: off), b = try s.search("ferry fire", options: on)
        #expect(Set(a.hits.map(\.doc)) == Set(b.hits.map(\.doc)))
        #expect(a.total == b.total)
        #expect(zip(b.hits, b.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        // The document both models put first scores 1.
        if a.hits.first?.doc == b.hits.first?.doc { #expect(abs((b.hits.first?.score ?? 0) - 1) < 1e-6) }
        on.fusion.method = .scoreSum
        let c = try s.search("ferry fire", options: on)
        #expect(Set(c.hits.map(\.doc)) == Set(a.hits.map(\.doc)))
        #expect(zip(c.hits, c.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func documentsPastTheFusionDepthKeepTheirOrderBelowTheFusedOnes() throws {
        let s = try Self.searcher(Self.docs)
        var off = Searcher.Options()
        off.match = .any
        off.limit = 10
        off.proximity.enabled = false
        off.fusion.enabled = false
        var on = off
        on.fusion.enabled = true
        on.fusion.depth = 2
        on.limit = 2
        let a = try s.search("ferry fire", options: off)
        var deep = on
        deep.limit = 10
        deep.fusion.depth = 0
        // depth 0 still fuses the requested page; everything below keeps the BM25F order.
        let b = try s.search("ferry fire", options: deep)
        #expect(Array(b.hits.map(\.doc)) == a.hits.map(\.doc) || Set(b.hits.prefix(10).map(\.doc)) == Set(a.hits.map(\.doc)))
        let c = try s.search("ferry fire", options: on)
        #expect(Set(c.hits.map(\.doc)) == Set(a.hits.prefix(2).map(\.doc)))
    }

    @Test func queryLikelihoodAloneRewardsTermsAgainstTheBackground() throws {
        // With the BM25F ranking given no say, the order is query likelihood's: "c" has both words
        // most often relative to its length.
        let s = try Self.searcher(Self.docs)
        var o = Searcher.Options()
        o.match = .any
        o.proximity.enabled = false
        o.fusion.enabled = true
        o.fusion.weight = 1000
        let r = try s.search("ferry fire", options: o)
        #expect(r.hits.count == 5)
        #expect(Set(r.hits.prefix(2).map(\.doc)) == [0, 2])
    }

    @Test func greekLettersMatchTheirNames() throws {
        let s = try Self.searcher([
            ("sym", "IFN-γ signalling", "Interferon IFNγ and TNF-α in T cells."),
            ("name", "IFN-gamma assay", "Measured IFN-gamma and TNF alpha."),
            ("other", "Unrelated", "Ferries and fires."),
        ])
        for q in ["IFN-γ", "IFN-gamma", "ifnγ", "TNF-alpha", "TNF-α"] {
            #expect(try Set(s.search(q).hits.map(\.doc)) == [0, 1], "\(q)")
        }
    }
}

import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Words the analyzer splits ("IL-6", "pro-inflammatory"), and plural acronyms, at search time.
@Suite struct CompoundWordTests {
    nonisolated(unsafe) static var keep: [TempDirectory] = []

    static func searcher() throws -> Searcher {
        let dir = TempDirectory()
        keep.append(dir)
        let docs = [
            ("joined", "Proinflammatory cytokines", "IL6 levels rose in serum."),
            ("hyphen", "Pro-inflammatory signals", "IL-6 and TNF were measured."),
            ("parts", "Athletes", "An inflammatory response in pro athletes; six IL tests."),
            ("acronym", "Receptors", "Several RXRs bind the ligand."),
            ("other", "Weather", "Rain and wind."),
        ]
        _ = try Indexer(directory: dir.path).build(documents: docs.map {
            StoredDocument(id: $0.0, path: $0.0, title: $0.1, date: "", site: "", text: Array($0.2.utf8))
        })
        return Searcher(reader: try IndexReader(directory: dir.path))
    }

    func ids(_ s: Searcher, _ q: String, _ mode: Searcher.MatchMode = .tiered) throws -> [String] {
        var o = Searcher.Options()
        o.match = mode
        o.limit = 10
        return try s.search(q, options: o).hits.map { try s.reader.id($0.doc) }
    }

    @Test func splitWordsMatchTheirJoinedSpelling() throws {
        let s = try Self.searcher()
        #expect(try Set(ids(s, "pro-inflammatory")) == ["joined", "hyphen"])
        #expect(try Set(ids(s, "IL-6")) == ["joined", "hyphen"])
        #expect(try Set(ids(s, "IL-6", .all)) == ["joined", "hyphen"])
        // A quoted phrase stays a phrase.
        #expect(try ids(s, "\"pro inflammatory\"") == ["hyphen"])
    }

    @Test func rankedByScoreAloneTheirPartsMatchToo() throws {
        let s = try Self.searcher()
        let any = try ids(s, "pro-inflammatory", .any)
        #expect(Set(any) == ["joined", "hyphen", "parts"])
        #expect(any.last == "parts")
        var o = Searcher.Options()
        o.match = .any
        o.compoundParts = false
        o.compoundJoined = false
        #expect(try s.search("pro-inflammatory", options: o).hits.map { try s.reader.id($0.doc) } == ["hyphen"])
    }

    @Test func pluralAcronymsMatchTheirSingular() throws {
        let s = try Self.searcher()
        #expect(try ids(s, "RXR") == ["acronym"])
        #expect(try ids(s, "rxrs") == [])
        #expect(try ids(s, "RXRs") == ["acronym"])
    }
}

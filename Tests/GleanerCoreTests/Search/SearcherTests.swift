import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct SearcherTests {
    static let docs: [StoredDocument] = [
        StoredDocument(id: "wagner-bakhmut", path: "a.html", title: "Wagner mercenaries push into Bakhmut",
                       text: Array("The Wagner Group sent mercenaries into Bakhmut. Ukrainian officials said convicts were used as meat shields in the assault.".utf8)),
        StoredDocument(id: "wagner-money", path: "b.html", title: "Who pays the Wagner Group",
                       text: Array("Analysts traced payments to the private military company. The group recruits in prisons.".utf8)),
        StoredDocument(id: "korea", path: "c.html", title: "North Korea fires missile",
                       text: Array("North Korea fired a ballistic missile towards the sea, and Japan protested. Shields of meat were not mentioned.".utf8)),
        StoredDocument(id: "korea-japan", path: "d.html", title: "Japan and South Korea hold drill",
                       text: Array("Japan and South Korea held a joint missile defence drill near the coast of north Korea.".utf8)),
        StoredDocument(id: "strike", path: "e.txt", title: "Dock strike in Rotterdam",
                       text: Array("Port workers walked out. The union said pay talks had failed.".utf8)),
    ]

    /// The index lives in a temp folder that is kept as long as the searcher's reader maps it.
    func makeSearcher() throws -> Searcher {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: Self.docs)
        let searcher = Searcher(reader: try IndexReader(directory: dir.path))
        Self.keep.append(dir)
        return searcher
    }

    nonisolated(unsafe) static var keep: [TempDirectory] = []

    func ids(_ s: Searcher, _ q: String, _ mode: Searcher.MatchMode = .tiered) throws -> [String] {
        var o = Searcher.Options()
        o.match = mode
        o.limit = 100
        return try s.search(q, options: o).hits.map { try s.reader.document($0.doc).id }
    }

    @Test func phraseNeedsAdjacency() throws {
        let s = try makeSearcher()
        do {
            #expect(try ids(s, "\"meat shields\"") == ["wagner-bakhmut"])
            #expect(try ids(s, "\"shields meat\"").isEmpty)
            #expect(try Set(ids(s, "\"north korea\"")) == ["korea", "korea-japan"])
            #expect(try ids(s, "\"korea japan\"~0").isEmpty)
        }
    }

    @Test func sloppyPhrase() throws {
        let s = try makeSearcher()
        do {
            #expect(try ids(s, "\"korea missile\"").isEmpty)
            // Only the title "North Korea fires missile" has them one word apart, in order.
            #expect(try ids(s, "\"korea missile\"~1") == ["korea"])
            #expect(try ids(s, "\"missile korea\"~1").isEmpty)
            #expect(try ids(s, "\"korea fired missile\"~1") == ["korea"])
        }
    }

    @Test func booleanSemantics() throws {
        let s = try makeSearcher()
        do {
            #expect(try Set(ids(s, "korea AND japan")) == ["korea", "korea-japan"])
            #expect(try ids(s, "korea AND japan AND drill") == ["korea-japan"])
            #expect(try Set(ids(s, "rotterdam OR bakhmut")) == ["strike", "wagner-bakhmut"])
            #expect(try ids(s, "missile -drill") == ["korea"])
            #expect(try ids(s, "missile NOT japan").isEmpty)
            #expect(try ids(s, "+wagner mercenaries") == ["wagner-bakhmut", "wagner-money"])
            #expect(try ids(s, "(korea OR wagner) AND prisons") == ["wagner-money"])
        }
    }

    @Test func titleFieldQuery() throws {
        let s = try makeSearcher()
        do {
            #expect(try ids(s, "title:japan") == ["korea-japan"])
            #expect(try Set(ids(s, "japan")) == ["korea", "korea-japan"])
        }
    }

    @Test func allWordsRankFirstByDefault() throws {
        let s = try makeSearcher()
        do {
            // "wagner-money" has "wagner" and "group" twice over; "wagner-bakhmut" has all three words.
            let tiered = try ids(s, "wagner group convicts")
            #expect(tiered.first == "wagner-bakhmut")
            #expect(try ids(s, "wagner convicts", .all) == ["wagner-bakhmut"])
            #expect(try Set(ids(s, "wagner convicts", .any)) == ["wagner-bakhmut", "wagner-money"])
        }
    }

    @Test func stemmingMatchesInflections() throws {
        let s = try makeSearcher()
        do {
            #expect(try ids(s, "mercenary") == ["wagner-bakhmut"])
            #expect(try Set(ids(s, "protest fires")) == ["korea"])
        }
    }

    @Test func stopwordsDoNotScoreButPhrasesKeepThem() throws {
        let s = try makeSearcher()
        do {
            #expect(try ids(s, "the rotterdam") == ["strike"])
            #expect(try ids(s, "\"of the coast\"").isEmpty)
            #expect(try ids(s, "\"the coast of\"") == ["korea-japan"])
        }
    }

    @Test func totalsAndPaging() throws {
        let s = try makeSearcher()
        do {
            var o = Searcher.Options()
            o.limit = 1
            o.offset = 1
            let r = try s.search("korea", options: o)
            #expect(r.total == 2)
            #expect(r.hits.count == 1)
        }
    }

    @Test func snippetHighlightsStemmedMatches() throws {
        let text = Array("Officials said the Wagner Group used convicts. Many mercenaries died near Bakhmut, they said.".utf8)
        let analyzer = Analyzer()
        let terms = Set(["mercenari", "bakhmut"].map { Array($0.utf8) })
        let s = SnippetBuilder().build(text: text, terms: terms, analyzer: analyzer)
        #expect(s.text.hasPrefix("Many mercenaries died near Bakhmut"))
        #expect(s.marked(open: "[", close: "]").contains("[mercenaries] died near [Bakhmut]"))
    }
}

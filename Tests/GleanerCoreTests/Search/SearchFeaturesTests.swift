import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Prefix and fuzzy expansion, sorting, facets, collapsing, suggestions and proximity on
/// small in-memory indexes (entities set by hand: the entity layer is not involved).
@Suite struct SearchFeaturesTests {
    static let wire = "KYIV (Continental Press) — The founder of the Wagner Group said on Saturday that his mercenaries had taken "
        + "the city of Bakhmut after nine months of fighting. Ukraine's military rejected the claim and said its troops still held "
        + "ground in the south-west. Russia's defence ministry said the city had been liberated by assault detachments."

    static func doc(_ id: String, _ title: String, _ text: String, date: String = "", site: String = "",
                    entities: [StoredEntity] = []) -> StoredDocument {
        var d = StoredDocument(id: id, path: id, title: title, date: date, site: site, text: Array(text.utf8))
        d.entities = entities
        return d
    }

    static let docs: [StoredDocument] = [
        doc("claim-a", "Wagner says Bakhmut has fallen", "The mercenary chief spoke in a video. " + wire, date: "2023-05-21", site: "Meridian Daily",
            entities: [.init(field: .person, name: "Yevgeny Prigozhin", count: 2), .init(field: .place, name: "Bakhmut", count: 3)]),
        doc("claim-b", "Prigozhin claims Bakhmut", wire + " The story was supplied by a wire service.", date: "2023-05-22", site: "Northgate Post",
            entities: [.init(field: .person, name: "Yevgeny Prigozhin", count: 1), .init(field: .place, name: "Bakhmut", count: 2)]),
        doc("shields", "Convicts used as meat shields, White House says",
            "John Kirby said Wagner was sending convicts forward as meat shields near Bakhmut.", date: "2023-01-20", site: "Meridian Daily",
            entities: [.init(field: .person, name: "John Kirby", count: 2), .init(field: .organization, name: "Wagner Group", count: 1)]),
        doc("ammo", "Prigozhin threatens withdrawal", "Prigozhin said Wagner fighters would leave Bakhmut without more ammunition.",
            date: "2023-05-05", site: "Civic Wire", entities: [.init(field: .person, name: "Yevgeny Prigozhin", count: 1)]),
        doc("port", "Rotterdam dockers strike", "Port workers in Rotterdam walked out after pay talks with the employers collapsed.",
            date: "2022-11-02", site: "Harbour Ledger"),
        doc("undated", "Notes on mercenaries", "A history of mercenaries in Europe, from the condottieri to Wagner."),
    ]

    nonisolated(unsafe) static var keep: [TempDirectory] = []

    static func searcher(_ docs: [StoredDocument] = docs) throws -> Searcher {
        let dir = TempDirectory()
        keep.append(dir)
        _ = try Indexer(directory: dir.path).build(documents: docs)
        return Searcher(reader: try IndexReader(directory: dir.path))
    }

    func ids(_ s: Searcher, _ q: String, _ configure: (inout Searcher.Options) -> Void = { _ in }) throws -> [String] {
        var o = Searcher.Options()
        o.limit = 100
        configure(&o)
        return try s.search(q, options: o).hits.map { try s.reader.id($0.doc) }
    }

    @Test func prefixExpandsOverTheDictionary() throws {
        let s = try Self.searcher()
        #expect(try Set(ids(s, "mercen*")) == ["claim-a", "claim-b", "undated"])
        #expect(try ids(s, "rotter*") == ["port"])
        #expect(try ids(s, "title:convict*") == ["shields"])
        #expect(try ids(s, "zzz*").isEmpty)
        // The stem fallback: "mercenaries*" has no indexed term starting with it, its stem does.
        #expect(try Set(ids(s, "mercenaries*")) == ["claim-a", "claim-b", "undated"])
        let found = try TermExpansion.prefix(Array("mercen".utf8), fields: [.body], reader: s.reader, limit: 1)
        #expect(found.map { String(decoding: $0.term, as: UTF8.self) } == ["mercenari"])
    }

    @Test func fuzzyFindsCloseSpellings() throws {
        let s = try Self.searcher()
        #expect(try Set(ids(s, "rotterdm~1")) == ["port"])
        #expect(try ids(s, "rotterdm~1 strike") == ["port"])
        #expect(try ids(s, "prigozhni~2").first != nil)
        #expect(try ids(s, "rttrdm~1").isEmpty)
        let c = try TermExpansion.fuzzy(Array("wagnr".utf8), maxEdits: 1, fields: [.body], reader: s.reader, limit: 10)
        #expect(c.map { String(decoding: $0.term, as: UTF8.self) } == ["wagner"])
        #expect(c.first?.distance == 1)
        let exact = try TermExpansion.fuzzy(Array("wagner".utf8), maxEdits: 2, fields: [.body], reader: s.reader, limit: 10)
        #expect(exact.first.map { String(decoding: $0.term, as: UTF8.self) } == "wagner")
        #expect(exact.first?.distance == 0)
        #expect(exact.allSatisfy { $0.distance <= 2 })
    }

    @Test func sortByDate() throws {
        let s = try Self.searcher()
        #expect(try ids(s, "bakhmut") { $0.sort = .dateDescending } == ["claim-b", "claim-a", "ammo", "shields"])
        #expect(try ids(s, "bakhmut") { $0.sort = .date } == ["shields", "ammo", "claim-a", "claim-b"])
        // Undated documents come last either way.
        #expect(try ids(s, "wagner") { $0.sort = .date }.last == "undated")
        #expect(try ids(s, "wagner") { $0.sort = .dateDescending }.last == "undated")
    }

    @Test func facetsCountEveryMatchNotJustThePage() throws {
        let s = try Self.searcher()
        var o = Searcher.Options()
        o.limit = 1
        o.facets = [.person, .org, .place, .site, .year, .month]
        let r = try s.search("wagner", options: o)
        #expect(r.hits.count == 1)
        #expect(r.total == 5)
        let f = Dictionary(uniqueKeysWithValues: r.facets.map { ($0.field, $0.values) })
        #expect(f[.person] == [FacetCount(value: "Yevgeny Prigozhin", count: 3), FacetCount(value: "John Kirby", count: 1)])
        #expect(f[.org] == [FacetCount(value: "Wagner Group", count: 1)])
        #expect(f[.place] == [FacetCount(value: "Bakhmut", count: 2)])
        #expect(f[.site] == [FacetCount(value: "Meridian Daily", count: 2), FacetCount(value: "Civic Wire", count: 1),
                             FacetCount(value: "Northgate Post", count: 1)])
        #expect(f[.year] == [FacetCount(value: "2023", count: 4)])
        #expect(f[.month] == [FacetCount(value: "2023-05", count: 3), FacetCount(value: "2023-01", count: 1)])
        #expect(r.facets.map(\.field) == [.person, .org, .place, .site, .year, .month])
    }

    @Test func entityFieldQueries() throws {
        let s = try Self.searcher()
        #expect(try ids(s, "person:\"john kirby\"") == ["shields"])
        #expect(try Set(ids(s, "person:prigozhin")) == ["claim-a", "claim-b", "ammo"])
        #expect(try ids(s, "entity:kirby") == ["shields"])
        #expect(try ids(s, "wagner site:civic").first == "ammo")
        #expect(try ids(s, "wagner +site:civic") == ["ammo"])
    }

    @Test func nearDuplicatesCollapseIntoTheBestCopy() throws {
        let s = try Self.searcher()
        let plain = try ids(s, "bakhmut liberated")
        #expect(Set(plain.prefix(2)) == ["claim-a", "claim-b"])
        var o = Searcher.Options()
        o.collapse = true
        let r = try s.search("bakhmut liberated", options: o)
        let top = try s.reader.id(r.hits[0].doc)
        #expect(top == plain[0])
        #expect(try r.similar[0].map { try s.reader.id($0) } == [plain[1]])
        #expect(try !r.hits.map { try s.reader.id($0.doc) }.contains(plain[1]))
        #expect(r.similar.dropFirst().allSatisfy { $0.isEmpty })
        // Same topic, different text: never collapsed.
        #expect(try Set(r.hits.map { try s.reader.id($0.doc) }).isSuperset(of: ["ammo", "shields"]))
    }

    @Test func didYouMeanSuggestsAFrequentCloseWord() throws {
        let s = try Self.searcher()
        var o = Searcher.Options()
        o.suggest = true
        let r = try s.search("wagnr convicts", options: o)
        #expect(r.suggestion == "wagner convicts")
        #expect(try s.search("wagner convicts", options: o).suggestion == nil)
        #expect(try s.search("rotterdm strike", options: o).suggestion == "rotterdam strike")
        #expect(try s.search("rotterdm strike", options: o).corrections.map(\.word) == ["rotterdm"])
    }

    @Test func proximityRanksCloseWordsFirst() throws {
        let filler = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        let s = try Self.searcher([
            Self.doc("far", "Report", "ferry " + filler + "fire " + filler),
            Self.doc("near", "Report", "ferry fire " + filler + filler),
            Self.doc("other", "Other", "nothing to see " + filler),
        ])
        // Equal BM25F scores: without proximity the lower doc id wins the tie.
        #expect(try ids(s, "ferry fire") { $0.proximity.enabled = false } == ["far", "near"])
        #expect(try ids(s, "ferry fire") == ["near", "far"])
    }

    /// MaxScore must return exactly what exhaustive evaluation returns.
    @Test(arguments: [Searcher.MatchMode.any, .tiered])
    func maxScoreMatchesExhaustiveEvaluation(mode: Searcher.MatchMode) throws {
        let vocabulary = (0 ..< 60).map { "w\($0)x" }
        var rng = SplitMix64(seed: 7)
        var docs: [StoredDocument] = []
        for i in 0 ..< 600 {
            let n = 5 + Int(rng.next() % 40)
            // Zipf-like: low word numbers are common.
            let words = (0 ..< n).map { _ in vocabulary[Int(Double(rng.next() % 1000) / 1000 * Double(rng.next() % 60))] }
            docs.append(Self.doc("d\(i)", "t", words.joined(separator: " ")))
        }
        let s = try Self.searcher(docs)
        for q in ["w1x w5x w30x", "w0x w2x", "w3x w7x w11x w40x w50x"] {
            var pruned = Searcher.Options()
            pruned.match = mode
            pruned.limit = 10
            pruned.exactTotalThreshold = 0
            pruned.proximity.enabled = false
            var full = pruned
            full.facets = [.year]  // facets need every match: no pruning
            let a = try s.search(q, options: pruned), b = try s.search(q, options: full)
            #expect(a.hits.map(\.doc) == b.hits.map(\.doc), "\(q)")
            #expect(zip(a.hits, b.hits).allSatisfy { abs($0.score - $1.score) < 1e-5 && $0.tier == $1.tier }, "\(q)")
            #expect(b.totalIsExact)
            #expect(a.total <= b.total)
        }
    }

    @Test func snippetUsesTwoPassagesForWordsFarApart() {
        let text = Array(("The ferry left the harbour at dawn. " + String(repeating: "Nothing else happened on the crossing that day. ", count: 8)
            + "Later a fire started in the engine room.").utf8)
        let terms = Set(["ferri", "fire"].map { Array($0.utf8) })
        let s = SnippetBuilder().build(text: text, terms: terms, analyzer: Analyzer())
        #expect(s.text.hasPrefix("The ferry left the harbour at dawn."))
        #expect(s.text.contains(" … "))
        #expect(s.marked(open: "[", close: "]").contains("[fire]"))
        #expect(s.highlights.count == 2)
        #expect(s.text.unicodeScalars.count <= 250)
    }
}

import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Phrases in value fields (site, author, language, entities), whose postings keep no
/// positions: verified against the stored values with the positions the inverter gives them,
/// so exact and sloppy phrases match, count and score as positions would.
@Suite struct StoredValuePhraseScorerTests {
    static func doc(_ id: String, site: String = "", url: String = "", author: String = "", entities: [StoredEntity] = []) -> StoredDocument {
        var d = StoredDocument(id: id, path: id, title: "Report \(id)", author: author, site: site, url: url,
                               language: "en", text: Array("A short report about the news of the day.".utf8))
        d.entities = entities
        return d
    }

    static let docs: [StoredDocument] = [
        doc("kirby", site: "Meridian Daily", url: "https://www.meridian-daily.com/a", author: "Anna Berg",
            entities: [.init(field: .person, name: "John Kirby", count: 2), .init(field: .person, name: "Anna Smith", count: 1),
                       .init(field: .organization, name: "Wagner Group", count: 1)]),
        doc("reversed", site: "Northgate Post", author: "Berg Anna",
            entities: [.init(field: .person, name: "Kirby John", count: 1), .init(field: .place, name: "John Kirby", count: 1)]),
        doc("apart", site: "Civic Wire", entities: [.init(field: .person, name: "Mary John", count: 1), .init(field: .person, name: "Kirby Lee", count: 1)]),
        doc("middle", site: "Civic Wire", entities: [.init(field: .person, name: "John Fitzgerald Kirby", count: 1),
                                                      .init(field: .organization, name: "Group of Wagner Friends", count: 1)]),
        doc("plain", site: "Harbour Ledger"),
    ]

    func ids(_ s: Searcher, _ q: String) throws -> [String] {
        var o = Searcher.Options()
        o.limit = 100
        o.collapse = false
        return try s.search(q, options: o).hits.map { try s.reader.id($0.doc) }.sorted()
    }

    static func searcher() throws -> (Searcher, TempDirectory) {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: docs)
        return (Searcher(reader: try IndexReader(directory: dir.path)), dir)
    }

    @Test func exactPhrasesMatchOneValueInOrder() throws {
        let (s, dir) = try Self.searcher()
        _ = dir
        #expect(try ids(s, "person:\"john kirby\"") == ["kirby"])
        #expect(try ids(s, "person:\"kirby john\"") == ["reversed"])
        #expect(try ids(s, "entity:\"john kirby\"") == ["kirby", "reversed"])
        #expect(try ids(s, "org:\"wagner group\"") == ["kirby"])
        #expect(try ids(s, "author:\"anna berg\"") == ["kirby"])
        #expect(try ids(s, "site:\"civic wire\"") == ["apart", "middle"])
        // The URL's host is the site field's second value.
        #expect(try ids(s, "site:\"meridian-daily.com\"") == ["kirby"])
        #expect(try ids(s, "site:meridian-daily.com") == ["kirby"])
        // Two values never make one phrase: "John" ends one, "Kirby" starts the next.
        #expect(try ids(s, "person:\"john kirby\"").contains("apart") == false)
        #expect(try ids(s, "person:\"kirby anna\"").isEmpty)
    }

    @Test func sloppyPhrasesCountTheValueGap() throws {
        let (s, dir) = try Self.searcher()
        _ = dir
        #expect(try ids(s, "person:\"john kirby\"~1") == ["kirby", "middle"])
        // "John" (end of the first value) and "Kirby" (start of the next) are Field.valueGap + 1
        // positions apart: a slop of valueGap reaches across, one less does not.
        #expect(try ids(s, "person:\"john kirby\"~\(Field.valueGap)") == ["apart", "kirby", "middle"])
        #expect(try ids(s, "person:\"john kirby\"~\(Field.valueGap - 1)") == ["kirby", "middle"])
        #expect(try ids(s, "person:\"kirby anna\"~\(Field.valueGap)") == ["kirby"])
        #expect(try ids(s, "person:\"kirby anna\"~\(Field.valueGap - 1)").isEmpty)
        #expect(try ids(s, "person:\"kirby smith\"~\(Field.valueGap)").isEmpty)
    }

    @Test func theScorerVerifiesCandidatesOfEveryTerm() throws {
        let (s, dir) = try Self.searcher()
        _ = dir
        var context = Searcher.PrepareContext()
        let prepared = try s.prepare(.phrase(["john", "kirby"], scope: FieldScope(Field.entityFields), slop: 0), options: Searcher.Options(),
                                     context: &context, negated: false)
        let scorer = try prepared.scorer(0, TermLookups(reader: s.reader))
        #expect(scorer is StoredValuePhraseScorer)
        var found: [String] = []
        var d = scorer.next()
        while d != Scorer.noMoreDocs {
            found.append(try s.reader.segments[0].id(d))
            #expect(scorer.score() > 0)
            d = scorer.next()
        }
        // "kirby" as a person, "reversed" as a place; "apart" and "middle" hold both words but not the phrase.
        #expect(found == ["kirby", "reversed"])
        #expect(!scorer.isCorrupt)
        // A body phrase keeps the positional scorer.
        let body = try s.prepare(.phrase(["short", "report"], scope: .all, slop: 0), options: Searcher.Options(), context: &context, negated: false)
        #expect(try body.scorer(0, TermLookups(reader: s.reader)) is PhraseScorer)
    }

    @Test func valueFieldsKeepNoPositions() throws {
        let (s, dir) = try Self.searcher()
        _ = dir
        let seg = s.reader.segments[0]
        for f in Field.allCases where !f.hasPositions {
            try seg.terms.forEach(from: [f.rawValue]) { key, info in
                guard key.first == f.rawValue else { return false }
                let it = seg.postings(info, positions: false)
                while it.next() != PostingsIterator.noMoreDocs { #expect(it.freq >= 1) }
                return true
            }
        }
        // Body terms keep theirs.
        let it = try #require(try seg.postings(field: .body, term: Array("report".utf8), positions: true))
        #expect(it.next() == 0)
        var ps: [UInt32] = []
        it.positions(into: &ps)
        #expect(ps == [2])
        _ = try IndexChecker(directory: dir.path).check()
    }
}

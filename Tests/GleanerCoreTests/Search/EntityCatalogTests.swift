import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Corpus-wide entity names (`EntityCatalog`) in facet counts and `EntityLister`, on a small
/// in-memory index with entities set by hand (the tagger is not involved).
@Suite struct EntityCatalogTests {
    static func doc(_ id: String, _ text: String, _ entities: [(Field, String)]) -> StoredDocument {
        var d = StoredDocument(id: id, path: id, title: id, text: Array(text.utf8))
        d.entities = entities.map { StoredEntity(field: $0.0, name: $0.1, count: 1) }
        return d
    }

    static let docs: [StoredDocument] = [
        doc("a", "wagner bakhmut", [(.person, "Yevgeny Prigozhin"), (.organization, "Wagner Group"), (.place, "Bakhmut"), (.place, "Japan")]),
        doc("b", "wagner bakhmut", [(.person, "Prigozhin"), (.organization, "Wagner"), (.place, "bakhmut"), (.place, "Sea of Japan")]),
        // A document with both spellings counts once.
        doc("c", "wagner soledar", [(.person, "Prigozhin"), (.person, "Yevgeny Prigozhin"), (.place, "Soledar")]),
        doc("d", "soledar", [(.place, "Soledar"), (.place, "United States"), (.person, "Kim Jong Un")]),
        doc("e", "soledar", [(.person, "Soledar"), (.place, "US"), (.person, "Kim Yo Jong"), (.person, "Kim")]),
        doc("f", "summit", [(.organization, "North Atlantic Treaty Organization"), (.place, "the Netherlands")]),
        doc("g", "summit", [(.organization, "NATO"), (.place, "Netherlands")]),
    ]

    nonisolated(unsafe) static var keep: [TempDirectory] = []

    static func searcher() throws -> Searcher {
        let dir = TempDirectory()
        keep.append(dir)
        _ = try Indexer(directory: dir.path).build(documents: docs)
        return Searcher(reader: try IndexReader(directory: dir.path))
    }

    func facets(_ s: Searcher, _ q: String, canonical: Bool = true) throws -> [FacetField: [FacetCount]] {
        var o = Searcher.Options()
        o.limit = 1
        o.facets = [.person, .org, .place]
        o.facetLimit = 50
        o.canonicalEntities = canonical
        return Dictionary(uniqueKeysWithValues: try s.search(q, options: o).facets.map { ($0.field, $0.values) })
    }

    @Test func variantsAreCountedOnceUnderTheCanonicalName() throws {
        let s = try Self.searcher()
        let f = try facets(s, "wagner OR soledar OR summit")
        #expect(f[.person] == [FacetCount(value: "Yevgeny Prigozhin", count: 3), FacetCount(value: "Kim", count: 1),
                               FacetCount(value: "Kim Jong Un", count: 1), FacetCount(value: "Kim Yo Jong", count: 1)])
        #expect(f[.org] == [FacetCount(value: "North Atlantic Treaty Organization", count: 2), FacetCount(value: "Wagner Group", count: 2)])
        // "Soledar" is a place in two documents and a person in one: one type per corpus.
        #expect(f[.place] == [FacetCount(value: "Soledar", count: 3), FacetCount(value: "Bakhmut", count: 2),
                              FacetCount(value: "Netherlands", count: 2), FacetCount(value: "United States", count: 2),
                              FacetCount(value: "Japan", count: 1), FacetCount(value: "Sea of Japan", count: 1)])
        // Without the catalog, indexed spellings are counted as they are.
        let raw = try facets(s, "wagner OR soledar OR summit", canonical: false)
        #expect(raw[.person]?.contains(FacetCount(value: "Prigozhin", count: 2)) == true)
        #expect(raw[.person]?.contains(FacetCount(value: "Yevgeny Prigozhin", count: 2)) == true)
    }

    @Test func resolutionMatchesTheStringComputation() throws {
        let s = try Self.searcher()
        let resolution = EntityCatalog.Resolution(segments: s.reader.segments)
        #expect(resolution.entities.count >= 10)
        ReferenceEntityResolution.expectSame(resolution, segments: s.reader.segments)
    }

    @Test func countsCoverOnlyTheMatches() throws {
        let s = try Self.searcher()
        let f = try facets(s, "wagner")
        #expect(f[.person] == [FacetCount(value: "Yevgeny Prigozhin", count: 3)])
        #expect(f[.place] == [FacetCount(value: "Bakhmut", count: 2), FacetCount(value: "Japan", count: 1),
                              FacetCount(value: "Sea of Japan", count: 1), FacetCount(value: "Soledar", count: 1)])
    }

    @Test func shortFormQueriesStillMatch() throws {
        let s = try Self.searcher()
        func ids(_ q: String) throws -> Set<String> {
            var o = Searcher.Options()
            o.limit = 50
            return Set(try s.search(q, options: o).hits.map { try s.reader.id($0.doc) })
        }
        #expect(try ids("org:wagner") == ["a", "b"])
        #expect(try ids("person:prigozhin") == ["a", "b", "c"])
    }

    /// The byte-level initials of ASCII keys are those the Character-level code gives.
    @Test func asciiInitialsMatchTheCharacterComputation() {
        func reference(_ key: String) -> String? {
            let words = key.split(separator: " ").filter { !EntityCatalog.initialsSkip.contains(String($0)) }
            guard words.count >= 2 else { return nil }
            return String(words.compactMap { $0.first(where: \.isLetter) }).uppercased()
        }
        let keys = ["group of seven", "north atlantic treaty organization", "port of antwerp", "the of and", "u.s. army", "  two  spaces ",
                    "a", "", "van der berg", "3m company", "at&t & co", "x 1 y", "new-york times", "o'brien group", "1 2 3", "[a] {b}", "`q` @r"]
        for k in keys { #expect(EntityCatalog.asciiInitials(of: k) == reference(k), "\(k)") }
        #expect(EntityCatalog.initials(of: "zürich stock exchange") == "ZSE")
    }

    @Test func catalogListsEntitiesAndVariants() throws {
        let s = try Self.searcher()
        let c = try s.entityCatalog
        #expect(c.entity("Yevgeny Prigozhin", type: .person)?.variants == ["Prigozhin"])
        #expect(c.entity("Wagner Group", type: .organization)?.variants == ["Wagner"])
        #expect(c.entity("United States", type: .place)?.variants == ["US"])
        #expect(c.entity("North Atlantic Treaty Organization", type: .organization)?.variants == ["NATO"])
        #expect(c.entity("Soledar", type: .place)?.variants == [])
        #expect(c.entity("Soledar", type: .person) == nil)
        #expect(c.entities(named: "prigozhin").map(\.name) == ["Yevgeny Prigozhin"])
        #expect(EntityCatalog.initials(of: "group of seven") == "GS")

        let all = try EntityLister.list(s, limit: 3)
        #expect(all.documents == 7)
        // By documents, then type (person, org, place, misc), then name.
        #expect(all.entities == [EntityListing(name: "Yevgeny Prigozhin", type: .person, documents: 3, variants: ["Prigozhin"]),
                                 EntityListing(name: "Soledar", type: .place, documents: 3, variants: []),
                                 EntityListing(name: "North Atlantic Treaty Organization", type: .organization, documents: 2, variants: ["NATO"])])
        let places = try EntityLister.list(s, types: [.place], limit: 10)
        #expect(places.entities.first == EntityListing(name: "Soledar", type: .place, documents: 3, variants: []))
        #expect(places.entities.contains(EntityListing(name: "Netherlands", type: .place, documents: 2, variants: ["the Netherlands"])))
        let orgs = try EntityLister.list(s, query: "summit", types: [.organization])
        #expect(orgs.documents == 2)
        #expect(orgs.entities.map(\.name) == ["North Atlantic Treaty Organization"])
        let none = try EntityLister.list(s, query: "nothingmatches")
        #expect(none.documents == 0 && none.entities.isEmpty)
    }
}

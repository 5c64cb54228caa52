import Foundation
import GleanerCore
import GleanerTestSupport
import Testing

/// `search --facets` and `gleaner entities` on the sample `Corpus/` (indexed once, with the
/// shipped entity model). Counts are checked against the stored documents themselves
/// (`gleaner show --json`), so the tests hold whatever the tagger finds, plus a few named
/// entities every version of the tagger must get.
@Suite(.serialized) struct EntitiesCLITests {
    var index: String { SampleCorpusIndex.path }
    static let sites = ["meridian daily", "northgate post", "civic wire", "harbour ledger", "the harbour ledger"]

    func run(_ args: [String]) throws -> [String: Any] {
        let r = try CLIRunner.run(args + ["--index", index, "--json"])
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try CLIRunner.json(r)
    }

    typealias Entity = (name: String, type: String, count: Int, variants: [String])

    func entities(_ args: [String] = []) throws -> (documents: Int, list: [Entity]) {
        let j = try run(["entities"] + args)
        let list = (j["entities"] as? [[String: Any]] ?? []).map {
            Entity($0["name"] as? String ?? "", $0["type"] as? String ?? "", $0["count"] as? Int ?? -1, $0["variants"] as? [String] ?? [])
        }
        return (j["documents"] as? Int ?? -1, list)
    }

    /// Each stored document's (type, name) entity facets, by id.
    func storedEntities(_ ids: [String]) throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for id in ids {
            let j = try run(["show", id])
            out[id] = Set((j["entities"] as? [[String: Any]] ?? []).map { "\($0["type"] as? String ?? "")\t\($0["name"] as? String ?? "")" })
        }
        return out
    }

    @Test func searchFacetsCountEveryMatchUnderOneName() throws {
        let j = try run(["search", "org:wagner", "--facets", "person,org,place", "--facet-limit", "100", "--limit", "1"])
        let total = j["total"] as? Int ?? 0
        #expect(total >= 6 && total <= 9, "org:wagner matched \(total)")
        #expect((j["hits"] as? [Any])?.count == 1)
        let f = j["facets"] as? [String: [[String: Any]]] ?? [:]
        #expect(Array(f.keys).sorted() == ["org", "person", "place"])
        func count(_ facet: String, _ value: String) -> Int { f[facet]?.first { $0["value"] as? String == value }?["count"] as? Int ?? 0 }
        #expect(count("org", "Wagner Group") == total)
        #expect(count("person", "Yevgeny Prigozhin") >= total - 1)
        #expect(count("place", "Bakhmut") >= total - 1)
        // Every count equals the matching documents that name the entity in any of its spellings.
        let all = try run(["search", "org:wagner", "--limit", "100", "--no-collapse"])
        let ids = (all["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == total)
        let stored = try storedEntities(ids)
        let catalog = try entities(["--limit", "1000"]).list
        let typeName = ["person": "person", "org": "org", "place": "place"]
        for (facet, values) in f {
            var previous = Int.max
            for v in values {
                let name = v["value"] as? String ?? "", c = v["count"] as? Int ?? 0
                #expect(c <= previous, "\(facet) not sorted by count")
                previous = c
                let spellings = [name] + (catalog.first { $0.name == name && $0.type == facet }?.variants ?? [])
                let expected = ids.filter { id in spellings.contains { s in stored[id]!.contains { $0.hasSuffix("\t" + s) } } }.count
                #expect(c == expected, "\(facet) \(name): \(c) vs \(expected) documents naming \(spellings)")
                #expect(typeName[facet] != nil && c >= 1)
            }
        }
        let human = try CLIRunner.run(["search", "org:wagner", "--facets", "org", "--index", index])
        #expect(human.stdout.contains("\nFacets\n  org: "))
        #expect(human.stdout.contains("Wagner Group (\(total))"))
    }

    @Test func entitiesListTheCorpusByDocumentCount() throws {
        let (documents, list) = try entities(["--limit", "1000"])
        #expect(documents == 26)
        #expect(list.count >= 100)
        #expect(zip(list, list.dropFirst()).allSatisfy { $0.count >= $1.count })
        #expect(Set(list.map(\.type)).isSubset(of: ["person", "org", "place", "misc"]))
        func count(_ type: String, _ name: String) -> Int { list.first { $0.type == type && $0.name == name }?.count ?? 0 }
        #expect(count("person", "Yevgeny Prigozhin") >= 6)
        #expect(count("org", "Wagner Group") >= 6)
        #expect(count("place", "Bakhmut") >= 6)
        #expect(count("person", "Kim Jong Un") >= 5)
        #expect(count("org", "Havenbond") >= 3)
        // One name, one type, one spelling: no entity is listed twice, none is another's variant,
        // and no site names itself.
        let keys = list.map { "\($0.type)\t\($0.name.lowercased())" }
        #expect(Set(keys).count == keys.count)
        let names = Set(list.map { "\($0.type)\t\($0.name)" })
        for e in list {
            for v in e.variants { #expect(!names.contains("\(e.type)\t\(v)"), "\(v) listed beside \(e.name)") }
            #expect(!Self.sites.contains(e.name.lowercased()), "site name \(e.name) is an entity")
        }
        #expect(!list.contains { $0.type == "person" && ["Prigozhin", "Kirby", "Shoigu"].contains($0.name) })
        #expect(!list.contains { $0.type == "org" && $0.name == "Wagner" })

        let top = try entities(["--limit", "5"])
        #expect(top.list.map(\.name) == Array(list.prefix(5)).map(\.name))
        let human = try CLIRunner.run(["entities", "--limit", "3", "--index", index])
        #expect(human.status == 0)
        let lines = human.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Entities in 26 documents")
        #expect(lines.count == 4)
        #expect(lines.dropFirst().allSatisfy { $0.contains(" person ") || $0.contains(" org ") || $0.contains(" place ") || $0.contains(" misc ") })
    }

    @Test func entitiesByType() throws {
        for type in ["person", "org", "place", "misc"] {
            let (_, list) = try entities(["--type", type, "--limit", "10"])
            #expect(!list.isEmpty && list.count <= 10)
            #expect(list.allSatisfy { $0.type == type }, "\(type)")
        }
        let people = try entities(["--type", "person", "--limit", "1000"]).list
        let all = try entities(["--limit", "1000"]).list.filter { $0.type == "person" }
        #expect(people.map(\.name) == all.map(\.name))
        let bad = try CLIRunner.run(["entities", "--type", "animal", "--index", index])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("gleaner: unknown entity type 'animal'"))
    }

    @Test func entitiesThatCoOccurWithAQuery() throws {
        let s = try run(["search", "bakhmut", "--facets", "person,place", "--facet-limit", "100", "--limit", "1"])
        let total = s["total"] as? Int ?? 0
        #expect(total >= 6)
        let (documents, list) = try entities(["--query", "bakhmut", "--limit", "1000"])
        #expect(documents == total)
        // The same counts as the search's facets.
        let f = s["facets"] as? [String: [[String: Any]]] ?? [:]
        for facet in ["person", "place"] {
            let fromSearch = (f[facet] ?? []).map { "\($0["value"] as? String ?? "") \($0["count"] as? Int ?? 0)" }
            let fromEntities = list.filter { $0.type == facet }.map { "\($0.name) \($0.count)" }
            #expect(fromSearch == fromEntities, "\(facet)")
        }
        #expect(list.allSatisfy { $0.count <= total })
        #expect(list.first { $0.name == "Bakhmut" }?.count == total)
        // Harbour and grid stories do not co-occur with Bakhmut.
        #expect(!list.contains { ["Havenbond", "Rotterdam", "International Energy Agency"].contains($0.name) })

        let orgs = try entities(["--query", "org:wagner", "--type", "org"])
        #expect(orgs.list.allSatisfy { $0.type == "org" })
        #expect(orgs.list.first { $0.name == "Wagner Group" }?.count == orgs.documents)
        let j = try run(["entities", "--query", "zzzznothing"])
        #expect(j["documents"] as? Int == 0)
        #expect((j["entities"] as? [Any])?.isEmpty == true)
        #expect(j["query"] as? String == "zzzznothing")
        let human = try CLIRunner.run(["entities", "--query", "org:wagner", "--type", "org", "--index", index])
        #expect(human.stdout.hasPrefix("Entities in \(orgs.documents) documents matching org:wagner\n"))
        let badQuery = try CLIRunner.run(["entities", "--query", "wagner \"meat", "--index", index])
        #expect(badQuery.status == 2)
    }

    /// The catalog the build stored gives the output of the one built per process, and a damaged
    /// catalog is one line from `search --facets`, `entities` and `check`.
    @Test func storedCatalogPrintsWhatTheBuiltOneDid() throws {
        let dir = TempDirectory()
        let copy = dir.path + "/idx"
        try FileManager.default.copyItem(atPath: index, toPath: copy)
        try? FileManager.default.removeItem(atPath: copy + "/write.lock")
        let commands = [["search", "wagner OR harbour", "--facets", "person,org,place,misc", "--facet-limit", "1000", "--limit", "3"],
                        ["entities", "--limit", "1000"], ["entities", "--query", "bakhmut", "--json"]]
        func outputs(_ idx: String) throws -> [String] {
            try commands.map { args in
                let r = try CLIRunner.run(args + ["--index", idx])
                #expect(r.status == 0, "\(args): \(r.stderr)")
                // Timings aside.
                return r.stdout.split(separator: "\n").filter { !$0.contains(" ms") && !$0.contains("\"ms\"") && !$0.contains("seconds") }.joined(separator: "\n")
            }
        }
        let stored = try outputs(copy)
        var m = try Manifest.read(from: copy)
        let name = try #require(m.entities?.name)
        let good = try FileIO.read(copy + "/" + name)
        m.entities = nil
        try m.write(to: copy)
        #expect(try outputs(copy) == stored)

        try Manifest.read(from: index).write(to: copy)
        var bad = good
        bad[bad.count / 3] ^= 0x01
        try FileIO.writeUnsynced(bad, to: copy + "/" + name)
        for args in [commands[0], commands[1], ["check"]] {
            let r = try CLIRunner.run(args + ["--index", copy])
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(copy + "/" + name), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }
}

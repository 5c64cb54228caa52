import Foundation
import GleanerTestSupport
import Testing

/// End-to-end search features on `Tests/Fixtures/search-corpus`: six original documents, two
/// of which carry one wire story (Harbour Wire Service) under two site templates.
@Suite(.serialized) struct SearchFeaturesCLITests {
    static let fixtureIndex: TempDirectory = {
        let dir = TempDirectory("gleaner-search-cli")
        let r = try! CLIRunner.run(["index", RepoPaths.fixtures + "/search-corpus", "--index", dir.path + "/idx", "--quiet"])
        precondition(r.status == 0, "indexing the search fixture corpus failed: \(r.stderr)")
        return dir
    }()

    var index: String { Self.fixtureIndex.path + "/idx" }
    static let fireA = "tidewater-times/ferry-fire-forces-marigold-star-back-to-port.html"
    static let fireB = "valley-courier/estuary-ferry-turns-back-after-engine-room-blaze.html"
    static let strike = "tidewater-times/ferry-crews-vote-on-strike-over-rosters.html"
    static let lighthouse = "notes/lighthouse-keepers-log-goes-on-display.txt"

    func search(_ args: [String]) throws -> [String: Any] {
        let r = try CLIRunner.run(["search"] + args + ["--index", index, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try CLIRunner.json(r)
    }

    func ids(_ j: [String: Any]) -> [String] { (j["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }

    @Test func syndicatedCopiesCollapseIntoOneHit() throws {
        let j = try search(["ferry fire"])
        #expect(j["total"] as? Int == 6)
        let hits = j["hits"] as? [[String: Any]] ?? []
        #expect(ids(j).first == Self.fireA)
        #expect(!ids(j).contains(Self.fireB))
        #expect(hits.first?["similar"] as? [String] == [Self.fireB])
        #expect(hits.dropFirst().allSatisfy { ($0["similar"] as? [String])?.isEmpty == true })
        let all = try search(["ferry fire", "--no-collapse"])
        #expect(Array(ids(all).prefix(2)) == [Self.fireA, Self.fireB])
        #expect(ids(all).count == 6)
        let human = try CLIRunner.run(["search", "ferry fire", "--index", index])
        #expect(human.stdout.contains("   1 similar: \(Self.fireB)\n"))
    }

    @Test func resultOrderAndSnippetText() throws {
        // Both have all three words ("crew" is stemmed like "crews"); the copy of the wire story is folded.
        let j = try search(["marigold star crews"])
        #expect(ids(j) == [Self.fireA, Self.strike])
        let hits = j["hits"] as? [[String: Any]] ?? []
        let snippet = hits.last?["snippet"] as? String ?? ""
        #expect(snippet.hasPrefix("The union's regional organiser said crews had worked through the winter"))
        let highlights = hits.last?["highlights"] as? [[Int]] ?? []
        let marked = highlights.map { h in String(Array(snippet.unicodeScalars)[h[0] ..< h[1]].map(Character.init)) }
        #expect(marked == ["crews", "Marigold", "Star"])
    }

    @Test func facetCountsCoverAllMatches() throws {
        let j = try search(["ferry", "--facets", "site,year,month", "--limit", "1"])
        #expect(j["total"] as? Int == 6)
        #expect(ids(j).count == 1)
        let f = j["facets"] as? [String: [[String: Any]]] ?? [:]
        func pairs(_ k: String) -> [String] { (f[k] ?? []).map { "\($0["value"] ?? "")=\($0["count"] ?? "")" } }
        #expect(pairs("site") == ["Tidewater Times=2", "Valley Courier=1"])
        #expect(pairs("year") == ["2023=4", "2022=1"])
        #expect(pairs("month") == ["2023-03=2", "2023-09=1", "2023-06=1", "2022-11=1"])
        let human = try CLIRunner.run(["search", "ferry", "--facets", "site,year", "--index", index])
        #expect(human.stdout.contains("\nFacets\n  site: Tidewater Times (2), Valley Courier (1)\n  year: 2023 (4), 2022 (1)\n"))
        let bad = try CLIRunner.run(["search", "ferry", "--facets", "colour", "--index", index])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("gleaner: unknown facet 'colour'"))
        #expect(bad.stderr.split(separator: "\n").count == 1)
    }

    @Test func sortByDate() throws {
        let newest = try search(["ferry", "--sort", "-date", "--no-collapse"])
        #expect(ids(newest) == ["hws-2023-09-01-0102", Self.strike, Self.fireB, Self.fireA, "hws-2022-11-20-0440", Self.lighthouse])
        let oldest = try search(["ferry", "--sort=date", "--no-collapse"])
        #expect(ids(oldest) == ["hws-2022-11-20-0440", Self.fireA, Self.fireB, Self.strike, "hws-2023-09-01-0102", Self.lighthouse])
    }

    @Test func prefixFuzzyAndDidYouMean() throws {
        #expect(ids(try search(["lighth*"])) == [Self.lighthouse])
        #expect(ids(try search(["marigld~", "--no-collapse"])).prefix(2).sorted() == [Self.fireA, Self.fireB].sorted())
        let typo = try search(["marigld fire"])
        #expect(typo["suggestion"] as? String == "marigold fire")
        #expect(try search(["marigold fire"])["suggestion"] is NSNull)
        let human = try CLIRunner.run(["search", "lighthouse keepr", "--index", index])
        #expect(human.stdout.contains("\nDid you mean: lighthouse keeper\n"))
    }

    @Test func badQueriesExit2WithTheColumn() throws {
        for (q, where_) in [("ferry~x", "column 7"), ("fer*ry", "column 4"), ("ferry \"fire", "column 7"), ("(ferry", "column 1"),
                            ("colour:red", "unknown field 'colour'"), ("", "empty query"), ("ferry~3", "column 7")] {
            let r = try CLIRunner.run(["search", q, "--index", index])
            #expect(r.status == 2, "\(q)")
            #expect(r.stderr.hasPrefix("gleaner: query error at ") && r.stderr.contains(where_), "\(q): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func showPrintsAStoredDocument() throws {
        let human = try CLIRunner.run(["show", Self.fireA, "--index", index])
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.hasPrefix("Ferry fire forces Marigold Star back to port\nid: \(Self.fireA)\n"))
        #expect(human.stdout.contains("date: 2023-03-14\n"))
        #expect(human.stdout.contains("site: Tidewater Times\n"))
        #expect(human.stdout.contains("A fire broke out in the engine room"))
        #expect(!human.stdout.contains("Related stories"))
        let j = try CLIRunner.json(try CLIRunner.run(["show", "hws-2022-11-20-0440", "--index", index, "--json"]))
        #expect(j["title"] as? String == "Fog delays estuary crossings")
        #expect(j["path"] as? String == "wire.jsonl")
        #expect(j["entities"] is [Any])
        #expect((j["text"] as? String ?? "").hasPrefix("Thick fog delayed ferry crossings"))
        let missing = try CLIRunner.run(["show", "no/such/doc.html", "--index", index])
        #expect(missing.status == 1)
        #expect(missing.stderr == "gleaner: no document with id 'no/such/doc.html' in \(index)\n")
        #expect(missing.stdout.isEmpty)
    }
}

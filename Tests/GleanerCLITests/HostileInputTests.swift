import Foundation
import GleanerTestSupport
import Testing

/// A corpus of broken and hostile files: every good document is indexed, every bad file is
/// reported once with its path and reason, and the run still exits 0.
@Suite struct HostileInputTests {
    @Test func hostileCorpusLosesNothingGood() throws {
        let dir = TempDirectory()
        let c = "corpus"
        func page(_ title: String, _ body: String) -> String {
            "<html><head><title>\(title)</title></head><body><article><h1>\(title)</h1><p>\(body)</p></article></body></html>"
        }
        // Good documents, some with awkward names and encodings.
        dir.write("\(c)/good one.html", page("Harbour opens", "The harbour reopened on Monday after a week of storms closed the quay to traffic."))
        dir.write("\(c)/Zürich café – résumé.html", page("Lake ferries", "Lake ferries resumed their timetable as the wind dropped across the region."))
        dir.write("\(c)/latin1.html", bytes: Array("<html><head><meta charset=\"iso-8859-1\"><title>Caf".utf8) + [0xE9]
            + Array("</title></head><body><p>The caf".utf8) + [0xE9] + Array(" owner said ".utf8) + [0x93] + Array("we will stay open".utf8) + [0x94]
            + Array(" during the roadworks outside the station.</p></body></html>".utf8))
        dir.write("\(c)/undeclared.html", bytes: Array("<html><body><p>Undeclared bytes: na".utf8) + [0xEF, 0xBF] + Array("ve ".utf8) + [0xFF]
            + Array(" text about the tramway extension plans for the northern suburbs.</p></body></html>".utf8))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for u in "<html><body><p>Sixteen-bit page about the tramway depot and its night shifts.</p></body></html>".utf16 {
            utf16.append(UInt8(u & 0xFF)); utf16.append(UInt8(u >> 8))
        }
        dir.write("\(c)/utf16.html", bytes: utf16)
        dir.write("\(c)/deep.html", "<html><body>" + String(repeating: "<div>", count: 10_000)
            + "<p>Deeply nested tramway report survives ten thousand levels of markup.</p>" + String(repeating: "</div>", count: 10_000) + "</body></html>")
        // A 60 MB page: a huge inline script (as single-page apps ship) around a short article.
        let huge = "<html><head><title>Big page</title><script>var state = \"" + String(repeating: "x", count: 60 << 20)
            + "\";</script></head><body><article><p>The tramway board met on Tuesday in a page that weighs sixty megabytes.</p></article></body></html>"
        dir.write("\(c)/huge.html", huge)
        dir.write("\(c)/truncated.html", page("Cut off", "The tramway board said the budget would").replacingOccurrences(of: "</p></article></body></html>", with: ""))
        dir.write("\(c)/feed.jsonl", "{\"id\":\"j1\",\"title\":\"Tram fares\",\"text\":\"Tram fares will rise in April.\"}\n{\"id\": broken\n{\"id\":\"j2\",\"title\":\"Bus lanes\",\"text\":\"New bus lanes open on the ring road.\"}\n")
        // Bad files.
        dir.write("\(c)/empty.html", "")
        dir.write("\(c)/empty.txt", "")
        dir.write("\(c)/program.html", bytes: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0])
        dir.write("\(c)/archive.html", bytes: [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xED, 0xBD, 0x07])
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/\(c)/loop", withDestinationPath: dir.path + "/\(c)")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/\(c)/dangling.html", withDestinationPath: dir.path + "/nowhere.html")

        let r = try CLIRunner.run(["index", dir.path + "/" + c, "--index", dir.path + "/idx", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try CLIRunner.json(r)
        let problems = (j["problems"] as? [[String: Any]] ?? []).map { ("\($0["path"] ?? "")", "\($0["reason"] ?? "")") }
        func reported(_ name: String, _ reason: String) -> Bool {
            problems.filter { $0.0.contains(name) && $0.1.contains(reason) }.count == 1
        }
        #expect(reported("empty.html", "empty file"))
        #expect(reported("empty.txt", "empty file"))
        #expect(reported("program.html", "binary"))
        #expect(reported("archive.html", "binary"))
        #expect(reported("feed.jsonl:2", "malformed JSON"))
        #expect(reported("loop", "loop"))
        #expect(reported("dangling.html", "broken symbolic link"))
        #expect(problems.count == 7, "\(problems)")
        #expect(j["documents"] as? Int == 10)

        let index = dir.path + "/idx"
        func ids(_ q: String) throws -> [String] {
            let s = try CLIRunner.json(try CLIRunner.run(["search", q, "--index", index, "--json", "--limit", "50"]))
            return (s["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try ids("harbour") == ["good one.html"])
        #expect(try ids("ferries") == ["Zürich café – résumé.html"])
        #expect(try ids("\"we will stay open\"") == ["latin1.html"])
        #expect(try ids("tramway").count == 5)
        #expect(try ids("sixteen") == ["utf16.html"])
        #expect(try ids("megabytes") == ["huge.html"])
        #expect(try ids("fares") == ["j1"])
        // The windows-1252 page decodes é and curly quotes.
        let show = try CLIRunner.json(try CLIRunner.run(["search", "owner", "--index", index, "--json"]))
        let snippet = ((show["hits"] as? [[String: Any]])?.first?["snippet"] as? String) ?? ""
        #expect(snippet.contains("café owner said “we will stay open”"), "\(snippet)")
        #expect(try CLIRunner.run(["check", "--index", index]).status == 0)
    }
}

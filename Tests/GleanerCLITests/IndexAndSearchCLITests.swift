import Foundation
import GleanerTestSupport
import Testing

/// End-to-end: the real `gleaner` binary on the sample corpus and on temporary corpora.
@Suite(.serialized) struct IndexAndSearchCLITests {
    var index: String { SampleCorpusIndex.path }

    func hits(_ json: [String: Any]) -> [[String: Any]] { json["hits"] as? [[String: Any]] ?? [] }

    @Test func indexPrintsASummary() throws {
        let dir = TempDirectory()
        let r = try CLIRunner.run(["index", RepoPaths.corpus, "--index", dir.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("indexed 24 files (24 new, 0 changed, 0 deleted, 0 unchanged): 26 documents in "))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/MANIFEST"))
    }

    /// An index of an older format: `search` and `check` fail with one line, `index` rebuilds it.
    @Test func olderFormatIsRefusedThenRebuilt() throws {
        let dir = TempDirectory()
        let old = RepoPaths.fixtures + "/golden-index-v1"
        for name in try FileManager.default.contentsOfDirectory(atPath: old) {
            try FileManager.default.copyItem(atPath: old + "/" + name, toPath: dir.path + "/" + name)
        }
        for args in [["search", "ferry", "--index", dir.path], ["check", "--index", dir.path]] {
            let r = try CLIRunner.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.contains("older than supported") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        let rebuilt = try CLIRunner.run(["index", RepoPaths.fixtures + "/search-corpus", "--index", dir.path, "--no-entities"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stderr.contains("rebuilding the whole index") && rebuilt.stderr.split(separator: "\n").count == 1, "\(rebuilt.stderr)")
        #expect(try CLIRunner.run(["search", "ferry", "--index", dir.path]).status == 0)
    }

    @Test func wordsSearchRanksWagnerArticles() throws {
        let r = try CLIRunner.run(["search", "wagner group mercenaries", "--index", index, "--json", "--limit", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try CLIRunner.json(r)
        #expect(j["query"] as? String == "wagner group mercenaries")
        #expect((j["total"] as? Int ?? 0) >= 5)
        let top = hits(j)
        #expect(top.count == 5)
        for h in top {
            let text = ((h["title"] as? String ?? "") + " " + (h["snippet"] as? String ?? "")).lowercased()
            #expect(text.contains("wagner"), "hit \(h["id"] ?? "") is not about Wagner")
            for key in ["id", "title", "path", "date", "score", "snippet"] { #expect(h[key] != nil, "missing \(key)") }
        }
    }

    @Test func phraseSearchFindsOnlyThePhrase() throws {
        let r = try CLIRunner.run(["search", "\"meat shields\"", "--index", index, "--json", "--limit", "20", "--no-collapse"])
        #expect(r.status == 0)
        let j = try CLIRunner.json(r)
        let found = hits(j)
        #expect(found.count == 5)
        #expect(j["total"] as? Int == 5)
        for h in found {
            let snippet = (h["snippet"] as? String ?? "").lowercased()
            #expect(snippet.contains("meat shields"))
            let highlights = h["highlights"] as? [[Int]] ?? []
            #expect(highlights.count >= 2)
        }
    }

    @Test func humanOutputHasRankTitlePathAndBoldOnlyWhenAsked() throws {
        let plain = try CLIRunner.run(["search", "rotterdam strike", "--index", index, "--limit", "3"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("\n1. "))
        #expect(plain.stdout.contains("harbour-ledger/2023/"))
        #expect(!plain.stdout.contains("\u{1B}["))
        let bold = try CLIRunner.run(["search", "rotterdam strike", "--index", index, "--limit", "3", "--color", "always"])
        #expect(bold.stdout.contains("\u{1B}[1m"))
    }

    @Test func badQueriesExit2WithOneLine() throws {
        for (q, col) in [("wagner \"meat", "column 8"), ("(wagner", "column 1"), ("foo:bar", "unknown field 'foo'")] {
            let r = try CLIRunner.run(["search", q, "--index", index])
            #expect(r.status == 2, "query \(q)")
            #expect(r.stderr.contains(col), "query \(q): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func missingIndexIsOneLineExit1() throws {
        let r = try CLIRunner.run(["search", "wagner", "--index", "/nonexistent/idx"])
        #expect(r.status == 1)
        #expect(r.stderr == "gleaner: no index at /nonexistent/idx; create one with `gleaner index CORPUS --index /nonexistent/idx`\n")
    }

    @Test func batchModeWritesATrecRun() throws {
        let dir = TempDirectory()
        let queries = dir.write("q.tsv", "q1\twagner mercenaries\nq2\tnorth korea missile\n")
        let r = try CLIRunner.run(["search", "--queries", queries, "--format", "trec", "--limit", "3", "--match", "any", "--index", index])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let first = lines[0].split(separator: " ")
        #expect(first.count == 6)
        #expect(first[0] == "q1" && first[1] == "Q0" && first[3] == "1" && first[5] == "gleaner")
        #expect(lines[3].hasPrefix("q2 Q0 "))
    }

    @Test func jsonlIdsAreDocumentIds() throws {
        let r = try CLIRunner.run(["search", "title:\"spy satellite\"", "--index", index, "--json"])
        let j = try CLIRunner.json(r)
        let fromFeed = hits(j).filter { $0["path"] as? String == "feeds/wire-feed.jsonl" }
        #expect(fromFeed.map { $0["id"] as? String } == ["cp-2023-08-24-0233"])
    }

    @Test func badFilesAreReportedAndSkipped() throws {
        let dir = TempDirectory()
        dir.write("corpus/good.html", "<html><head><title>Good page</title></head><body><article><h1>Good page</h1><p>The harbour master said the ferry would sail at dawn despite the storm warnings issued overnight.</p></article></body></html>")
        dir.write("corpus/empty.html", "")
        dir.write("corpus/binary.html", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3, 0, 0xFF])
        dir.write("corpus/feed.jsonl", "{\"id\": \"x1\", \"title\": \"Ferry\", \"text\": \"The ferry sailed.\"}\n{not json\n{\"id\": \"x2\", \"title\": \"Storm\", \"text\": \"A storm came.\"}\n")
        dir.write("corpus/notes.txt", "Ferry notice\n\nThe ferry timetable changes on Monday.\n")
        let r = try CLIRunner.run(["index", dir.path + "/corpus", "--index", dir.path + "/idx", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try CLIRunner.json(r)
        #expect(j["documents"] as? Int == 4)
        #expect(j["failed"] as? Int == 3)
        let problems = (j["problems"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? ""): \($0["reason"] ?? "")" }
        #expect(problems.contains { $0.contains("empty.html") && $0.contains("empty file") })
        #expect(problems.contains { $0.contains("binary.html") && $0.contains("binary") })
        #expect(problems.contains { $0.contains("feed.jsonl:2") && $0.contains("malformed JSON") })
        let s = try CLIRunner.json(try CLIRunner.run(["search", "ferry", "--index", dir.path + "/idx", "--json"]))
        #expect(s["total"] as? Int == 3)
    }

    @Test func nothingIndexableExits1() throws {
        let dir = TempDirectory()
        dir.write("corpus/empty.html", "")
        let r = try CLIRunner.run(["index", dir.path + "/corpus", "--index", dir.path + "/idx"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("skipped"))
        #expect(r.stderr.contains("nothing could be indexed"))
    }
}

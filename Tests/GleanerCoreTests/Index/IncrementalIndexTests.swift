import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct IncrementalIndexTests {
    static let words = ["harbour", "ferry", "storm", "council", "budget", "missile", "strike", "grid", "wagner", "summit",
                        "river", "bridge", "library", "energy", "port", "union", "court", "election", "drought", "school"]

    /// A deterministic article text mixing the vocabulary.
    static func article(_ i: Int, version: Int = 0) -> String {
        var rng = UInt64(i * 7919 + version * 104_729 + 1)
        func next() -> Int { rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(rng >> 33) }
        let title = "Story \(i) about \(words[next() % words.count])"
        var body = ""
        for _ in 0 ..< 40 { body += words[next() % words.count] + " " }
        return "\(title)\n\n\(body)the end of story \(i) version \(version).\n"
    }

    func results(_ dir: String, _ queries: [String]) throws -> [[String]] {
        let s = Searcher(reader: try IndexReader(directory: dir))
        var o = Searcher.Options()
        o.limit = 1000
        o.match = .any
        return try queries.map { q in try s.search(q, options: o).hits.map { try s.reader.id($0.doc) } }
    }

    func scores(_ dir: String, _ q: String) throws -> [Float] {
        let s = Searcher(reader: try IndexReader(directory: dir))
        var o = Searcher.Options()
        o.limit = 1000
        return try s.search(q, options: o).hits.map(\.score)
    }

    @Test func incrementalEqualsFullRebuild() throws {
        let tmp = TempDirectory()
        for i in 0 ..< 120 { tmp.write("corpus/a\(i).txt", Self.article(i)) }
        var opts = Indexer.Options()
        opts.memoryBudget = 16 * 1024
        let inc = Indexer(directory: tmp.path + "/inc", options: opts)
        let first = try inc.build(roots: [tmp.path + "/corpus"])
        #expect(first.newFiles == 120)
        #expect(first.documents == 120)

        // Nothing changed: nothing is read.
        let again = try inc.build(roots: [tmp.path + "/corpus"])
        #expect(again.unchangedFiles == 120 && again.documentsAdded == 0 && again.newFiles == 0)

        // Change 10, delete 5, add 7, touch 3 without changing content.
        for i in 0 ..< 10 { tmp.write("corpus/a\(i).txt", Self.article(i, version: 1)) }
        for i in 10 ..< 15 { try FileManager.default.removeItem(atPath: tmp.path + "/corpus/a\(i).txt") }
        for i in 200 ..< 207 { tmp.write("corpus/a\(i).txt", Self.article(i)) }
        for i in 20 ..< 23 {
            let p = tmp.path + "/corpus/a\(i).txt"
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: p)
        }
        let r = try inc.build(roots: [tmp.path + "/corpus"])
        #expect(r.changedFiles == 10)
        #expect(r.deletedFiles == 5)
        #expect(r.newFiles == 7)
        #expect(r.unchangedFiles == 120 - 15)
        #expect(r.documentsAdded == 17)
        #expect(r.documents == 122)

        let full = Indexer(directory: tmp.path + "/full", options: opts)
        _ = try full.build(roots: [tmp.path + "/corpus"])
        let queries = Self.words + ["\"story 3\"", "version", "harbour ferry", "\"end of story\""]
        let a = try results(tmp.path + "/inc", queries).map { Set($0) }
        let b = try results(tmp.path + "/full", queries).map { Set($0) }
        #expect(a == b)
        #expect(try IndexReader(directory: tmp.path + "/inc").documentCount == 122)
        let old = try results(tmp.path + "/inc", ["\"version 0\""])[0]
        #expect(!old.contains("a3.txt"))
        #expect(try results(tmp.path + "/inc", ["\"story 12\""])[0].isEmpty)
        _ = try IndexChecker(directory: tmp.path + "/inc").check()
    }

    @Test func mergeKeepsResultsIdentical() throws {
        let tmp = TempDirectory()
        var docs: [StoredDocument] = []
        for i in 0 ..< 300 {
            let text = Self.article(i)
            docs.append(StoredDocument(id: "d\(i)", path: "d\(i)", title: String(text.prefix { $0 != "\n" }), text: Array(text.utf8)))
        }
        var opts = Indexer.Options()
        opts.memoryBudget = 8 * 1024
        let indexer = Indexer(directory: tmp.path, options: opts)
        _ = try indexer.build(documents: docs)
        let before = try IndexReader(directory: tmp.path)
        #expect(before.segments.count > 3)
        let queries = ["harbour", "storm council", "\"end of story\"", "wagner AND summit", "title:ferry", "grid -energy"]
        let ids1 = try results(tmp.path, queries)
        let scores1 = try queries.map { try scores(tmp.path, $0) }
        try Indexer(directory: tmp.path, options: Indexer.Options()).forceMerge()
        let after = try IndexReader(directory: tmp.path)
        #expect(after.segments.count == 1)
        #expect(after.documentCount == 300)
        #expect(try results(tmp.path, queries) == ids1)
        #expect(try queries.map { try scores(tmp.path, $0) } == scores1)
        _ = try IndexChecker(directory: tmp.path).check()
    }

    @Test func manyDeletionsTriggerARewrite() throws {
        let tmp = TempDirectory()
        for i in 0 ..< 40 { tmp.write("c/a\(i).txt", Self.article(i)) }
        let idx = Indexer(directory: tmp.path + "/i")
        _ = try idx.build(roots: [tmp.path + "/c"])
        for i in 0 ..< 20 { try FileManager.default.removeItem(atPath: tmp.path + "/c/a\(i).txt") }
        let r = try idx.build(roots: [tmp.path + "/c"])
        #expect(r.deletedFiles == 20)
        #expect(r.mergedSegments >= 1)  // every segment holding deleted files is rewritten
        let m = try Manifest.read(from: tmp.path + "/i")
        #expect(m.segments.allSatisfy { $0.deletedCount == 0 })
        #expect(m.documentCount == 20)
        // The source table follows the documents into the merged segment: editing one works.
        tmp.write("c/a25.txt", Self.article(25, version: 2))
        let r2 = try idx.build(roots: [tmp.path + "/c"])
        #expect(r2.changedFiles == 1 && r2.documents == 20)
        #expect(try results(tmp.path + "/i", ["\"version 2\""])[0] == ["a25.txt"])
        #expect(try results(tmp.path + "/i", ["\"story 25 version 0\""])[0].isEmpty)
    }

    /// The segments one build writes (one per worker) become one:
    /// paragraphs shared across them are stored once, results equal an unmerged build, and an
    /// incremental build adds one segment of its own.
    @Test func aBuildLeavesOneSegment() throws {
        let tmp = TempDirectory()
        let shared = "A paragraph every article carries, the wire copy that several sites print word for word."
        for i in 0 ..< 90 { tmp.write("c/a\(i).txt", Self.article(i) + "\n\(shared)\n") }
        var opts = Indexer.Options()
        opts.memoryBudget = 16 * 1024
        opts.workers = 2
        opts.entities = false
        let r = try Indexer(directory: tmp.path + "/one", options: opts).build(roots: [tmp.path + "/c"])
        #expect(r.segments == 1 && r.mergedSegments == 2 && r.documents == 90)
        var split = opts
        split.mergeNewSegments = false
        let s = try Indexer(directory: tmp.path + "/many", options: split).build(roots: [tmp.path + "/c"])
        #expect(s.segments == 2)
        let queries = Self.words + ["\"story 3\"", "\"wire copy\"", "harbour ferry", "\"end of story\""]
        #expect(try results(tmp.path + "/one", queries) == results(tmp.path + "/many", queries))
        #expect(try queries.map { try scores(tmp.path + "/one", $0) } == queries.map { try scores(tmp.path + "/many", $0) })
        var reader = try IndexReader(directory: tmp.path + "/one")
        #expect(reader.segments[0].store.paragraphCount == StoredFieldsTests.distinctParagraphs(reader))
        let many = try IndexReader(directory: tmp.path + "/many")
        #expect(many.segments.map(\.store.paragraphCount).reduce(0, +) > reader.segments[0].store.paragraphCount)
        for d in 0 ..< reader.documentCount { #expect(try reader.document(d) == many.document(d)) }

        for i in 90 ..< 100 { tmp.write("c/a\(i).txt", Self.article(i)) }
        let r2 = try Indexer(directory: tmp.path + "/one", options: opts).build(roots: [tmp.path + "/c"])
        #expect(r2.newFiles == 10 && r2.segments == 2 && r2.documents == 100)
        reader = try IndexReader(directory: tmp.path + "/one")
        #expect(try results(tmp.path + "/one", ["\"story 95\""])[0] == ["a95.txt"])
        _ = try IndexChecker(directory: tmp.path + "/one").check()
    }

    @Test func checkerFindsDamage() throws {
        let tmp = TempDirectory()
        for i in 0 ..< 10 { tmp.write("c/a\(i).txt", Self.article(i)) }
        _ = try Indexer(directory: tmp.path + "/i").build(roots: [tmp.path + "/c"])
        let ok = try IndexChecker(directory: tmp.path + "/i").check()
        #expect(ok.documents == 10 && ok.terms > 20)
        let m = try Manifest.read(from: tmp.path + "/i")
        for file in m.segments[0].files.map(\.name) {
            let path = tmp.path + "/i/" + file
            let original = try FileIO.read(path)
            var bytes = original
            bytes[bytes.count / 2] ^= 0x10
            try FileIO.writeDurably(bytes, to: path)
            do {
                _ = try IndexChecker(directory: tmp.path + "/i").check()
                Issue.record("damage in \(file) not found")
            } catch let e as GleanerError {
                #expect(e.description.contains(file), "error names \(file): \(e)")
            }
            try FileIO.writeDurably(original, to: path)
        }
    }
}

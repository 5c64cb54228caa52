import GleanerTestSupport
import Testing
@testable import GleanerCore

/// The front-coded `.ids` table: round trips across block boundaries, lookups by id, and
/// damaged bytes caught with the file's name.
@Suite struct DocumentIdsTests {
    static let ids: [String] = {
        var out = ["", "a", "ab", "ab", "b", "2023/05/wagner-claims-bakhmut-3fk2.html", "2023/05/wagner-claims-bakhmut-3fk2.html.bak",
                   "2023/05/wagner", "Zürich/東京/🚢.html", String(repeating: "x", count: 300)]
        for i in 0 ..< 50 { out.append("2024/\(i % 12 + 1)/story-\(i * 37 % 101).html") }
        return out
    }()

    static func table(_ ids: [String]) -> [UInt8] {
        var w = DocumentIdsWriter()
        for id in ids { w.add(id) }
        var out = ByteWriter()
        w.write(into: &out)
        return out.bytes
    }

    static func read(_ bytes: [UInt8], docCount: Int, _ body: (DocumentIds) throws -> Void) throws {
        try bytes.withUnsafeBytes { b in
            var r = ByteReader(b, file: "x.ids")
            try body(try DocumentIds(&r, docCount: docCount, file: "x.ids"))
        }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 33, 60])
    func roundTrip(count: Int) throws {
        let ids = Array(Self.ids.prefix(count))
        try Self.read(Self.table(ids), docCount: ids.count) { t in
            for (d, id) in ids.enumerated() { #expect(try t.id(UInt32(d)) == id) }
            var seen: [String] = []
            try t.forEach { _, bytes in seen.append(String(decoding: bytes, as: UTF8.self)); return true }
            #expect(seen == ids)
            try t.verify()
            #expect(throws: GleanerError.self) { try t.id(UInt32(ids.count)) }
        }
    }

    @Test func sharedPrefixesAreStoredOnce() {
        let ids = (0 ..< 64).map { "2023/05/a-long-shared-directory-name/story-\($0).html" }
        #expect(Self.table(ids).count < ids.reduce(0) { $0 + $1.utf8.count } / 3)
    }

    @Test func damagedBytesAreOneLineErrors() throws {
        let ids = Array(Self.ids.prefix(40))
        let good = Self.table(ids)
        // Each byte changed in turn: reading every id and verifying either fails with the file's
        // name or, where the change keeps the table well formed, gives some ids back — never a crash.
        for i in 0 ..< good.count {
            var bad = good
            bad[i] ^= 0x5A
            do {
                try Self.read(bad, docCount: ids.count) { t in
                    for d in 0 ..< ids.count { _ = try t.id(UInt32(d)) }
                    try t.verify()
                }
            } catch let e as GleanerError {
                #expect(e.description.contains("x.ids") && !e.description.contains("\n"))
            }
        }
        // A table cut short.
        #expect(throws: GleanerError.self) {
            try Self.read(Array(good.prefix(good.count - 3)), docCount: ids.count) { t in
                for d in 0 ..< ids.count { _ = try t.id(UInt32(d)) }
                try t.verify()
            }
        }
        // A document count that does not match the table.
        #expect(throws: GleanerError.self) { try Self.read(good, docCount: ids.count + 1) { _ in } }
    }

    @Test func showFindsDocumentsByIdAcrossBlocks() throws {
        let dir = TempDirectory()
        let docs = Self.ids.enumerated().filter { !$0.element.isEmpty && $0.offset != 3 }.map {
            StoredDocument(id: $0.element, path: $0.element, title: "T\($0.offset)", text: Array("text \($0.offset)".utf8))
        }
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        for (i, d) in docs.enumerated() {
            let g = try #require(try reader.globalDocument(id: d.id))
            #expect(try reader.id(g) == d.id)
            let stored = try reader.document(g)
            #expect(stored.id == d.id && stored.path == d.path && stored.title == docs[i].title)
        }
        #expect(try reader.globalDocument(id: "missing") == nil)
        _ = try IndexChecker(directory: dir.path).check()
    }
}

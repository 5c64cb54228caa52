import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Stored fields (format 5): paragraph deduplication, entity references into the facet
/// dictionaries, round trips of awkward texts, merges that drop deleted documents' paragraphs,
/// and damaged bytes.
@Suite struct StoredFieldsTests {
    static func paragraph(_ i: Int) -> String {
        "Paragraph \(i) reports that the harbour authority met on day \(i * 7) to discuss dredging, fees and ferry slots."
    }

    /// Documents whose texts share paragraphs, plus edge cases of the "\n\n" split.
    static var docs: [StoredDocument] {
        var out: [StoredDocument] = []
        out.append(StoredDocument(id: "empty", path: "empty.txt", title: "Nothing", text: []))
        for d in 0 ..< 40 {
            let paras = (0 ..< 6).map { paragraph((d * 3 + $0) % 20) }
            var doc = StoredDocument(id: "d\(d)", path: "d\(d).html", title: "Story \(d)", author: "Reyes", date: "2023-03-14",
                                     site: "Tidewater Times", url: "https://tide.example/\(d)", language: "en",
                                     text: Array(paras.joined(separator: "\n\n").utf8))
            doc.entities = [StoredEntity(field: .place, name: "Rotterdam", count: 2),
                            StoredEntity(field: .person, name: "Ana Reyes \(d % 3)", count: 1),
                            StoredEntity(field: .title, name: "not a facet field", count: 1)]
            out.append(doc)
        }
        // A path equal to the id (stored once), an empty path, and an entity named twice in
        // one field and once in another.
        var same = StoredDocument(id: "same/path.html", path: "same/path.html", title: "Same", text: Array(paragraph(1).utf8))
        same.entities = [StoredEntity(field: .organization, name: "Harbour Board", count: 3),
                         StoredEntity(field: .person, name: "Ana Reyes 1", count: 2),
                         StoredEntity(field: .organization, name: "Harbour Board", count: 1),
                         StoredEntity(field: .place, name: "Harbour Board", count: 1),
                         StoredEntity(field: .organization, name: "Ferry Union", count: 1)]
        out.append(same)
        out.append(StoredDocument(id: "no-path", path: "", title: "No path", text: Array(paragraph(2).utf8)))
        let odd = ["\n\n", "a\n\n\nb", "tail\n\n", "\n\nhead", "one\n\n\n\n\nfive newlines", "Zürich — 東京 — 🚢\n\nZürich — 東京 — 🚢"]
        for (i, t) in odd.enumerated() { out.append(StoredDocument(id: "odd\(i)", path: "odd\(i).txt", title: "Ödd \(i)", text: Array(t.utf8))) }
        // Huge: 3 MB of distinct paragraphs and one 300 KB paragraph with no break.
        let big = (0 ..< 20_000).map { "Line \($0) of the long inquiry transcript, with testimony about the fire." }.joined(separator: "\n\n")
            + "\n\n" + String(repeating: "unbroken-", count: 33_000)
        out.append(StoredDocument(id: "huge", path: "huge.html", title: "Inquiry", text: Array(big.utf8)))
        return out
    }

    @Test func roundTripKeepsEveryFieldAndStoresEachParagraphOnce() throws {
        let dir = TempDirectory()
        let docs = Self.docs
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.segments.count == 1)
        for (i, d) in docs.enumerated() {
            let got = try reader.document(i)
            #expect(got == d, "document \(d.id)")
            #expect(try reader.document(i, entities: false).entities.isEmpty)
        }
        // 20 shared paragraphs, 8 distinct ones of the odd texts, 20,001 of the huge document.
        #expect(reader.segments[0].store.paragraphCount == 20 + 8 + 20_001)
        _ = try IndexChecker(directory: dir.path).check()
    }

    @Test func manyDuplicatesCostOneReferenceEach() throws {
        let dir = TempDirectory()
        let text = Array((0 ..< 10).map { Self.paragraph($0) }.joined(separator: "\n\n").utf8)
        let docs = (0 ..< 2000).map { StoredDocument(id: "w\($0)", path: "w\($0).html", title: "Wire copy", text: text) }
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.segments[0].store.paragraphCount == 10)
        #expect(try reader.document(1999).text == text)
        let storeFile = reader.segments[0].info.files.first { $0.name.hasSuffix(".store") }!
        // 2000 copies of 1.1 KB: stored once, the rest is about 30 bytes of record per document.
        #expect(storeFile.size < 2000 * 40)
    }

    /// Three text files sharing paragraphs; deleting one and merging drops its own paragraph.
    @Test func mergeAfterDeletionDropsUnreferencedParagraphs() throws {
        let corpus = TempDirectory()
        let dir = TempDirectory()
        let a = Self.paragraph(1), b = Self.paragraph(2), c = Self.paragraph(3), d = Self.paragraph(4)
        _ = corpus.write("one.txt", "First headline\n\n\(a)\n\n\(b)\n\n\(c)\n")
        let two = corpus.write("two.txt", "Second headline\n\n\(a)\n\n\(b)\n\n\(d)\n")
        _ = corpus.write("three.txt", "Third headline\n\n\(c)\n")
        var options = Indexer.Options()
        options.workers = 1
        options.entities = false
        _ = try Indexer(directory: dir.path, options: options).build(roots: [corpus.path])
        var reader = try IndexReader(directory: dir.path)
        #expect(reader.segments.count == 1)
        #expect(reader.segments[0].store.paragraphCount == Self.distinctParagraphs(reader))
        let countBefore = reader.segments[0].store.paragraphCount
        let before = try (0 ..< reader.documentCount).map { try reader.document($0) }.filter { !$0.path.hasSuffix("two.txt") }
        FileIO.remove(two)
        _ = try Indexer(directory: dir.path, options: options).build(roots: [corpus.path])
        reader = try IndexReader(directory: dir.path)
        #expect(reader.documentCount == 2)
        #expect(reader.segments.count == 1 && reader.segments[0].deletions == nil, "deleted third merged away")
        #expect(reader.segments[0].store.paragraphCount == Self.distinctParagraphs(reader))
        #expect(reader.segments[0].store.paragraphCount == countBefore - 1, "only two.txt's own paragraph goes")
        let after = try (0 ..< reader.documentCount).map { try reader.document($0) }
        #expect(after == before)
        _ = try IndexChecker(directory: dir.path).check()
    }

    static func distinctParagraphs(_ reader: IndexReader) -> Int {
        var seen = Set<[UInt8]>()
        for i in 0 ..< reader.documentCount {
            (try? reader.document(i).text)?.withUnsafeBytes { ParagraphSplitter.forEach($0) { seen.insert(Array($0)) } }
        }
        return seen.count
    }

    /// A damaged paragraph chunk whose file CRC was patched to match is still caught when read
    /// (zstd frame checksum) with a one-line error naming the file, never a crash.
    @Test func damagedChunkIsReportedNotReturned() throws {
        let dir = TempDirectory()
        let docs = Array(Self.docs.prefix(43))
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let manifest = try Manifest.read(from: dir.path)
        let name = manifest.segments[0].files.first { $0.name.hasSuffix(".store") }!.name
        var bytes = try FileIO.read(dir.path + "/" + name)
        let headerEnd = 4 + 1 + "gleaner.store".utf8.count + 4 + 1 + manifest.segments[0].name.utf8.count
        bytes[headerEnd + (bytes.count - headerEnd) / 2] ^= 0x20
        let crc = CRC32.checksum(Array(bytes[0 ..< bytes.count - 4]))
        for k in 0 ..< 4 { bytes[bytes.count - 4 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        try FileIO.writeDurably(bytes, to: dir.path + "/" + name)
        var m = manifest
        m.segments[0].files = m.segments[0].files.map { f in
            f.name == name ? .init(name: f.name, bytes: bytes) : f
        }
        try m.write(to: dir.path)
        var failures = 0
        do {
            let reader = try IndexReader(directory: dir.path)
            for i in 0 ..< reader.documentCount {
                do {
                    let got = try reader.document(i)
                    #expect(got == docs[i], "damaged bytes returned as text for \(docs[i].id)")
                } catch let e as GleanerError {
                    #expect(e.description.contains(".store"))
                    failures += 1
                }
            }
        } catch let e as GleanerError {
            #expect(e.description.contains(".store"))
            failures += 1
        }
        #expect(failures > 0)
        #expect(throws: GleanerError.self) { _ = try IndexChecker(directory: dir.path).check() }
    }

    /// Documents whose records pass `sampleBytes`: their blocks are compressed against a
    /// dictionary trained on the records, read back exactly; a damaged dictionary byte is a
    /// one-line error naming the file (the frames' checksums), never wrong metadata.
    @Test func recordsCompressAgainstTheirOwnDictionary() throws {
        let dir = TempDirectory()
        let sites = ["Tidewater Times", "Valley Courier", "Harbour Ledger", "Capital Post"]
        let docs: [StoredDocument] = (0 ..< 6000).map { i in
            var d = StoredDocument(id: "2023/\(i % 12 + 1)/story-\(i).html", path: "2023/\(i % 12 + 1)/story-\(i).html",
                                   title: "Story \(i) about the harbour", author: "Reporter \(i % 37)", date: "2023-0\(i % 9 + 1)-1\(i % 10)",
                                   site: sites[i % 4], url: "https://example.org/2023/story-\(i)", language: "en",
                                   text: Array(Self.paragraph(i % 50).utf8))
            d.entities = (0 ..< 8).map { k in
                StoredEntity(field: Field.entityFields[k % 4], name: "Entity \((i * 7 + k * 13) % 400)", count: 8 - k)
            }
            return d
        }
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        let store = reader.segments[0].store
        #expect(store.recordDictionary.count > 1024)
        for i in stride(from: 0, to: docs.count, by: 97) { #expect(try reader.document(i) == docs[i]) }
        _ = try IndexChecker(directory: dir.path).check()

        let manifest = try Manifest.read(from: dir.path)
        let name = manifest.segments[0].files.first { $0.name.hasSuffix(".store") }!.name
        var bytes = try FileIO.read(dir.path + "/" + name)
        let headerEnd = 4 + 1 + "gleaner.store".utf8.count + 4 + 1 + manifest.segments[0].name.utf8.count
        bytes[headerEnd + store.dictionary.count + store.recordDictionary.count / 2] ^= 0x41
        let crc = CRC32.checksum(Array(bytes[0 ..< bytes.count - 4]))
        for k in 0 ..< 4 { bytes[bytes.count - 4 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        try FileIO.writeDurably(bytes, to: dir.path + "/" + name)
        var m = manifest
        m.segments[0].files = m.segments[0].files.map { f in f.name == name ? .init(name: f.name, bytes: bytes) : f }
        try m.write(to: dir.path)
        let damaged = try IndexReader(directory: dir.path)
        for i in stride(from: 0, to: docs.count, by: 97) {
            do {
                #expect(try damaged.document(i) == docs[i])
            } catch let e as GleanerError {
                #expect(e.description.contains(".store") && !e.description.contains("\n"))
            }
        }
    }

    @Test func splitterJoinsBackExactly() {
        for t in ["", "x", "\n", "\n\n", "\n\n\n", "a\n\nb", "a\n\n\n\nb\n\n"] {
            var pieces: [[UInt8]] = []
            Array(t.utf8).withUnsafeBytes { ParagraphSplitter.forEach($0) { pieces.append(Array($0)) } }
            #expect(pieces.isEmpty == t.isEmpty)
            #expect(Array(pieces.joined(separator: [0x0A, 0x0A])) == Array(t.utf8), "\(t.debugDescription)")
        }
    }

    @Test func bitPackedRoundTrip() throws {
        for values in [[UInt32](), [0, 0, 0], [1], [5, 0, 7, 3], (0 ..< 1000).map { UInt32($0 * 7919 % 65_537) }, [UInt32.max, 0, 12]] {
            var w = ByteWriter()
            BitPacked.write(values, into: &w)
            try w.bytes.withUnsafeBytes { buf in
                var r = ByteReader(buf, file: "t")
                let p = try BitPacked(&r, count: values.count)
                #expect((0 ..< values.count).map { p[$0] } == values)
                #expect(r.isAtEnd)
            }
        }
    }
}

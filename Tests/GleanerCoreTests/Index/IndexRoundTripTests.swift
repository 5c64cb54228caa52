import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct IndexRoundTripTests {
    static let docs: [StoredDocument] = [
        StoredDocument(id: "a", path: "a.html", title: "Wagner mercenaries in Bakhmut", date: "2023-01-05",
                       text: Array("Wagner Group mercenaries fought in Bakhmut. Officials said convicts were used as meat shields.".utf8)),
        StoredDocument(id: "b", path: "b.html", title: "Missile test", text: Array("North Korea fired a missile. Japan protested.".utf8)),
        StoredDocument(id: "c", path: "c.txt", title: "Port strike", text: Array("Dock workers in Rotterdam went on strike; shields of police.".utf8)),
    ]

    /// Collects (doc, freq, positions) of a term in every segment, by global doc id.
    func postings(_ reader: IndexReader, _ field: Field, _ word: String) throws -> [(Int, UInt32, [UInt32])] {
        let term = Array(Analyzer().terms(word)[0].term.utf8)
        var out: [(Int, UInt32, [UInt32])] = []
        for (s, seg) in reader.segments.enumerated() {
            guard let it = try seg.postings(field: field, term: term, positions: true) else { continue }
            var buf: [UInt32] = []
            while it.next() != PostingsIterator.noMoreDocs {
                it.positions(into: &buf)
                out.append((reader.docBases[s] + Int(it.doc), it.freq, buf))
            }
        }
        return out
    }

    @Test func writeReopenSamePostings() throws {
        let dir = TempDirectory()
        let report = try Indexer(directory: dir.path).build(documents: Self.docs)
        #expect(report.documents == 3)
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.documentCount == 3)
        let shields = try postings(reader, .body, "shields")
        #expect(shields.map(\.0) == [0, 2])
        #expect(shields[0].1 == 1)
        #expect(shields[0].2 == [13])
        let wagner = try postings(reader, .title, "wagner")
        #expect(wagner.map(\.0) == [0])
        #expect(try postings(reader, .body, "nonexistent").isEmpty)
        let stored = try reader.document(1)
        #expect(stored == Self.docs[1])
        #expect(try reader.document(2).text == Self.docs[2].text)
        #expect(reader.averageLength(.title) == 8.0 / 3.0)
    }

    @Test func manySegmentsAndBlocks() throws {
        let dir = TempDirectory()
        var opts = Indexer.Options()
        opts.memoryBudget = 64 * 1024
        var docs: [StoredDocument] = []
        for i in 0 ..< 3000 {
            let text = "document number \(i) mentions term\(i % 97) and shared words " + String(repeating: "filler\(i % 13) ", count: 20)
            docs.append(StoredDocument(id: "d\(i)", path: "d\(i).txt", title: "Title \(i)", text: Array(text.utf8)))
        }
        _ = try Indexer(directory: dir.path, options: opts).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.segments.count > 1)
        #expect(reader.documentCount == 3000)
        let hits = try postings(reader, .body, "term5")
        #expect(hits.map(\.0) == Array(stride(from: 5, to: 3000, by: 97)))
        #expect(try reader.document(2999).id == "d2999")
        #expect(try reader.document(1234).title == "Title 1234")
    }

    @Test func corruptFileIsDetectedByChecksum() throws {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: Self.docs)
        let manifest = try Manifest.read(from: dir.path)
        let termsFile = dir.path + "/" + manifest.segments[0].files.first { $0.name.hasSuffix(".terms") }!.name
        var bytes = try FileIO.read(termsFile)
        bytes[bytes.count / 2] ^= 0x5A
        try FileIO.writeDurably(bytes, to: termsFile)
        do {
            _ = try IndexReader(directory: dir.path)
            Issue.record("corruption not detected")
        } catch let e as GleanerError {
            #expect(e.description.contains(".terms"))
            #expect(e.description.contains("checksum"))
        }
    }

    @Test func corruptManifestIsDetected() throws {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: Self.docs)
        let path = dir.path + "/MANIFEST"
        var bytes = try FileIO.read(path)
        bytes[5] ^= 0x01
        try FileIO.writeDurably(bytes, to: path)
        #expect(throws: GleanerError.self) { _ = try IndexReader(directory: dir.path) }
    }

    @Test func missingIndexIsAClearError() {
        do {
            _ = try IndexReader(directory: "/nonexistent/gleaner-index")
            Issue.record("no error")
        } catch let e as GleanerError {
            #expect(e.description.contains("no index at /nonexistent/gleaner-index"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func rebuildReplacesOldSegments() throws {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: Self.docs)
        _ = try Indexer(directory: dir.path).build(documents: Array(Self.docs.prefix(1)))
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.manifest.generation == 2)
        #expect(reader.documentCount == 1)
        let files = try FileIO.list(dir.path).filter { $0.hasPrefix("g") }
        #expect(files.allSatisfy { $0.hasPrefix("g2_") })
    }

    @Test func normsQuantisation() {
        for l: UInt32 in [0, 1, 39, 40, 41, 100, 1000, 100_000] {
            let d = FieldNorms.decode(FieldNorms.encode(l))
            #expect(abs(d - Float(l)) <= max(Float(l) * 0.041, 0.5), "length \(l) decoded as \(d)")
        }
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Body units (`UnitTable`, format v5): a paragraph repeated across documents keeps its
/// positions once, phrases match within one paragraph, and merges re-deduplicate units as a
/// fresh build does.
@Suite struct UnitTableTests {
    static let p1 = "The ferry Marigold Star turned back after a fire in the engine room."
    static let p2 = "Harbour officials said the crew acted quickly and nobody was hurt."
    static let p3 = "Engine makers will inspect the vessel before it sails again."

    /// The bytes of a segment file between its header and footer.
    static func payload(_ bytes: [UInt8], _ codec: String, _ segment: String) -> ArraySlice<UInt8> {
        bytes[(4 + 1 + codec.utf8.count + 4 + 1 + segment.utf8.count) ..< (bytes.count - CodecFile.footerLength)]
    }

    static func doc(_ id: String, _ paragraphs: [String]) -> StoredDocument {
        StoredDocument(id: id, path: id, title: "t", text: Array(paragraphs.joined(separator: "\n\n").utf8))
    }

    func search(_ dir: String, _ q: String) throws -> [String: Float] {
        let s = Searcher(reader: try IndexReader(directory: dir))
        var o = Searcher.Options()
        o.limit = 100
        o.collapse = false
        o.match = .any
        var out: [String: Float] = [:]
        for h in try s.search(q, options: o).hits { out[try s.reader.id(h.doc)] = h.score }
        return out
    }

    @Test func repeatedParagraphsShareOneUnit() throws {
        let dir = TempDirectory()
        let docs = [Self.doc("a", [Self.p1, Self.p2]), Self.doc("b", [Self.p2, Self.p3]), Self.doc("c", [Self.p1]),
                    Self.doc("d", [Self.p2, Self.p2]),
                    // A typographic variant analyses the same: the same unit.
                    Self.doc("e", [Self.p1.replacingOccurrences(of: "ferry", with: "\u{201C}ferry\u{201D}")])]
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        let seg = reader.segments[0]
        #expect(seg.units.unitCount == 3)
        var units: [UInt32] = []
        for (d, want) in [[0, 1], [1, 2], [0], [1, 1], [0]].enumerated() {
            #expect(seg.units.units(ofDoc: d, into: &units) && units == want.map(UInt32.init))
        }
        #expect(seg.units.owner(ofUnit: 1) == 0 && seg.units.owner(ofUnit: 2) == 1)
        // Only the owner keeps a unit's positions: "crew" (in p2) has positions in a alone.
        let it = try #require(try seg.postings(field: .body, term: Array("crew".utf8), positions: true))
        var got: [(UInt32, UInt32, Int)] = []
        while it.next() != PostingsIterator.noMoreDocs { got.append((it.doc, it.freq, it.ownCount)) }
        #expect(got.map(\.0) == [0, 1, 3] && got.map(\.1) == [1, 1, 2] && got.map(\.2) == [1, 0, 0])
        _ = try IndexChecker(directory: dir.path).check()

        // A phrase inside p2 matches every document holding p2; d holds it twice.
        let crew = try search(dir.path, "\"crew acted quickly\"")
        #expect(Set(crew.keys) == ["a", "b", "d"])
        // A phrase across the boundary of p1 and p2 (a) or p2 and p3 (b) does not match.
        #expect(try search(dir.path, "\"engine room harbour\"").isEmpty)
        #expect(try search(dir.path, "\"nobody was hurt engine\"~2").isEmpty)
        #expect(Set(try search(dir.path, "\"marigold star\"").keys) == ["a", "c", "e"])
        #expect(Set(try search(dir.path, "\"turned after\"~2").keys) == ["a", "c", "e"])
    }

    @Test func mergeMovesPositionsToTheNewOwner() throws {
        let tmp = TempDirectory()
        var docs: [StoredDocument] = []
        for i in 0 ..< 60 {
            let mine = "Story \(i) adds its own sentence number \(i * 7) about the port."
            docs.append(Self.doc("d\(i)", [[Self.p1, Self.p2, Self.p3][i % 3], mine, i % 4 == 0 ? Self.p2 : Self.p3]))
        }
        let merged = tmp.path + "/merged"
        var opts = Indexer.Options()
        opts.memoryBudget = 1 << 14
        _ = try Indexer(directory: merged, options: opts).build(documents: docs)
        let built = try Manifest.read(from: merged)
        // Delete the owners of the shared paragraphs (the first documents) and a few more.
        var state = BuildState(previous: built)
        state.generation = built.generation + 1
        var live: [StoredDocument] = []
        var global = 0
        for s in built.segments {
            for d in 0 ..< s.docCount {
                if global < 4 || global % 9 == 5 {
                    state.delete(SourceTable.Entry(path: "x", size: 0, mtime: 0, crc32: 0, segment: s.name, firstDoc: d, docCount: 1, problem: ""))
                } else {
                    live.append(docs[global])
                }
                global += 1
            }
        }
        try state.writeDeletions(directory: merged)
        var sources = SourceTable()
        var mergeOpts = opts
        mergeOpts.maxSegments = 1
        _ = try state.merge(directory: merged, options: mergeOpts, sources: &sources)
        try Manifest(generation: state.generation, created: Manifest.now(), segments: state.segments).write(to: merged)
        let fresh = tmp.path + "/fresh"
        _ = try Indexer(directory: fresh).build(documents: live)
        let m = try Manifest.read(from: merged).segments[0], f = try Manifest.read(from: fresh).segments[0]
        for (ext, codec) in [SegmentFiles.units, SegmentFiles.positions, SegmentFiles.postings] {
            #expect(try Self.payload(FileIO.read(merged + "/" + SegmentFiles.fileName(m.name, ext)), codec, m.name)
                == Self.payload(FileIO.read(fresh + "/" + SegmentFiles.fileName(f.name, ext)), codec, f.name), "\(ext)")
        }
        _ = try IndexChecker(directory: merged).check()
        for q in ["\"crew acted quickly\"", "\"engine room\"", "\"inspect the vessel\"~1", "crew vessel"] {
            #expect(try search(merged, q) == search(fresh, q), "\(q)")
        }
        #expect(try SegmentReader(directory: merged, info: m).units.unitCount == live.count + 3)
    }

    @Test func unitTableRoundTrip() throws {
        var rng = SplitMix64(seed: 7)
        var units: [UInt32] = [], starts = [0], lengths: [UInt32] = []
        for _ in 0 ..< 200 {
            for _ in 0 ..< rng.below(6) {
                if lengths.isEmpty || rng.below(3) == 0 {
                    units.append(UInt32(lengths.count))
                    lengths.append(UInt32(1 + rng.below(90)))
                } else {
                    units.append(UInt32(rng.below(lengths.count)))
                }
            }
            starts.append(units.count)
        }
        let bytes = UnitTable.file(segment: "s", docUnits: units, starts: starts, lengths: lengths)
        try bytes.withUnsafeBytes { raw in
            var r = try CodecFile.open(raw, file: "t.units", codec: SegmentFiles.units.1, versions: SegmentFiles.supported,
                                       segment: "s", verifyChecksum: true)
            let t = try UnitTable(&r, docCount: 200)
            #expect(t.unitCount == lengths.count)
            var list: [UInt32] = []
            var inverse = [[UInt32]](repeating: [], count: lengths.count)
            for d in 0 ..< 200 {
                #expect(t.units(ofDoc: d, into: &list) && list == Array(units[starts[d] ..< starts[d + 1]]))
                for u in list { inverse[Int(u)].append(UInt32(d)) }
            }
            for u in 0 ..< lengths.count {
                var docs: [UInt32] = []
                #expect(t.forEachDoc(ofUnit: u) { docs.append($0) } && docs == inverse[u])
                #expect(t.length(ofUnit: u) == lengths[u] && t.owner(ofUnit: u) == inverse[u].first)
            }
            #expect(!t.units(ofDoc: 200, into: &list) && !t.forEachDoc(ofUnit: lengths.count) { _ in } && t.owner(ofUnit: lengths.count) == nil)
            // ownStarts: where each own unit starts, as occurrences says, read up to any own unit.
            var occurrences: [UnitTable.Occurrence] = [], scratch: [UInt32] = [], starts: [UInt32] = []
            for d in 0 ..< 200 {
                #expect(t.occurrences(ofDoc: d, into: &occurrences, scratch: &scratch))
                let own = occurrences.filter(\.own)
                let owned = t.ownedUnits(ofDoc: d)
                #expect(own.map(\.unit) == Array(owned))
                for (k, o) in own.enumerated() {
                    #expect(t.ownStarts(ofDoc: d, through: o.unit, into: &starts) && starts == own[0 ... k].map(\.start))
                }
                #expect(!t.ownStarts(ofDoc: d, through: owned.upperBound, into: &starts))
            }
        }
    }
}

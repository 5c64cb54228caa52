import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// The streaming merge (`SegmentMerger`): a merged index answers exactly as a fresh build of
/// the same live documents.
@Suite struct SegmentMergerTests {
    static let sites = ["northgate", "meridian-daily", "harbour-post"]
    static let people = ["Ana Reyes", "John Kirby", "Lena Vogt", "Omar Haddad"]

    /// Documents with every stored field set, entities, repeated paragraphs (store dedup) and
    /// words common enough to fill several postings blocks.
    static func documents(_ n: Int) -> [StoredDocument] {
        (0 ..< n).map { i in
            let text = IncrementalIndexTests.article(i) + "\nShared wire paragraph number \(i % 7).\n"
            var d = StoredDocument(id: "d\(i)", path: "p/d\(i).html", title: String(text.prefix { $0 != "\n" }),
                                   author: i % 3 == 0 ? "Reyes" : "", date: "2023-0\(1 + i % 9)-1\(i % 10)",
                                   site: sites[i % sites.count], url: "https://www.\(sites[i % sites.count]).com/\(i)",
                                   language: "en", text: Array(text.utf8))
            d.entities = [StoredEntity(field: .person, name: people[i % people.count], count: 1 + i % 2)]
            if i % 5 == 0 { d.entities.append(StoredEntity(field: .place, name: "Bakhmut", count: 2)) }
            return d
        }
    }

    struct Answers: Equatable {
        var ids: [[String]]
        var scores: [[Float]]
        var facets: [String]
    }

    func answers(_ dir: String) throws -> Answers {
        let s = Searcher(reader: try IndexReader(directory: dir))
        let queries = ["harbour", "storm council", "\"end of story\"", "\"story 250\"", "wagner AND summit", "title:ferry",
                       "grid -energy", "person:\"john kirby\"", "place:bakhmut", "site:northgate", "date:2023-03", "shared wire"]
        var a = Answers(ids: [], scores: [], facets: [])
        for q in queries {
            var o = Searcher.Options()
            o.limit = 1000
            o.facets = FacetField.allCases
            let r = try s.search(q, options: o)
            a.ids.append(try r.hits.map { try s.reader.id($0.doc) })
            a.scores.append(r.hits.map(\.score))
            a.facets.append(r.facets.map { "\($0.field):" + $0.values.map { "\($0.value)=\($0.count)" }.joined(separator: ",") }.joined(separator: ";"))
        }
        return a
    }

    @Test func streamingMergeEqualsFreshBuild() throws {
        let tmp = TempDirectory()
        let docs = Self.documents(700)
        let merged = tmp.path + "/merged"
        var opts = Indexer.Options()
        opts.memoryBudget = 1 << 19
        _ = try Indexer(directory: merged, options: opts).build(documents: docs)
        let built = try Manifest.read(from: merged)
        #expect(built.segments.count >= 2)
        #expect(built.segments.contains { $0.docCount > 2 * PostingsWriter.blockSize }, "a source term spans several blocks")

        // Delete every 4th document and a whole run of one segment, then merge everything.
        var state = BuildState(previous: built)
        state.generation = built.generation + 1
        var deleted = Set<String>()
        var global = 0
        for s in built.segments {
            for d in 0 ..< s.docCount {
                if global % 4 == 1 || (s.name == built.segments[1].name && d < 40) {
                    state.delete(SourceTable.Entry(path: "x", size: 0, mtime: 0, crc32: 0, segment: s.name, firstDoc: d, docCount: 1, problem: ""))
                    deleted.insert(docs[global].id)
                }
                global += 1
            }
        }
        try state.writeDeletions(directory: merged)
        let inputs = try state.segments.map { try SegmentReader(directory: merged, info: $0) }
        var sources = SourceTable()
        var mergeOpts = opts
        mergeOpts.maxSegments = 1
        let mergedAway = try state.merge(directory: merged, options: mergeOpts, sources: &sources)
        #expect(mergedAway == built.segments.count)
        #expect(state.segments.count == 1, "one output segment, whatever the memory budget")
        try Manifest(generation: state.generation, created: Manifest.now(), segments: state.segments).write(to: merged)

        let live = docs.filter { !deleted.contains($0.id) }
        let fresh = tmp.path + "/fresh"
        _ = try Indexer(directory: fresh).build(documents: live)

        let m = try Manifest.read(from: merged).segments[0]
        let f = try Manifest.read(from: fresh).segments[0]
        #expect(m.docCount == live.count && m.deletedCount == 0)
        #expect(m.fieldLengthSums == f.fieldLengthSums)
        let mr = try SegmentReader(directory: merged, info: m), fr = try SegmentReader(directory: fresh, info: f)
        #expect(mr.terms.termCount == fr.terms.termCount)
        for d in 0 ..< live.count {
            #expect(try mr.store.document(UInt32(d)) == fr.store.document(UInt32(d)))
            #expect(mr.date(UInt32(d)) == fr.date(UInt32(d)) && mr.simhash(UInt32(d)) == fr.simhash(UInt32(d)))
        }
        #expect(mr.store.paragraphCount == fr.store.paragraphCount, "the merged store dedups as a fresh one")
        // Body units are re-deduplicated and laid out exactly as a fresh build lays them out.
        #expect(mr.units.unitCount == fr.units.unitCount)
        for (ext, codec) in [SegmentFiles.units, SegmentFiles.positions, SegmentFiles.postings] {
            #expect(try UnitTableTests.payload(FileIO.read(merged + "/" + SegmentFiles.fileName(m.name, ext)), codec, m.name)
                == UnitTableTests.payload(FileIO.read(fresh + "/" + SegmentFiles.fileName(f.name, ext)), codec, f.name), "\(ext)")
        }
        let story = try #require(try mr.postings(field: .body, term: Array("stori".utf8), positions: true))
        #expect(story.hasSkipTable, "merged postings span several blocks")
        #expect(try answers(merged) == answers(fresh))
        let check = try IndexChecker(directory: merged).check()
        #expect(check.documents == live.count && check.terms == mr.terms.termCount)

        // Spilling the postings to the files every few hundred bytes, and dropping the sources'
        // mapped pages after every term (the first merge dropped their stored fields' pages
        // too), writes the same files.
        let spilled = tmp.path + "/spilled"
        try FileIO.makeDirectory(spilled)
        let (again, _) = try SegmentMerger(directory: spilled, spillBytes: 300, dropInterval: 1).merge(inputs, name: m.name)
        #expect(again.count == 1 && again[0].files == m.files)
        for file in m.files { #expect(try FileIO.read(spilled + "/" + file.name) == FileIO.read(merged + "/" + file.name), "\(file.name)") }

        // The merge above copied the documents on one thread and merged the postings on
        // another; one thread doing both in turn writes the same bytes.
        let sequential = tmp.path + "/sequential"
        try FileIO.makeDirectory(sequential)
        var oneThread = SegmentMerger(directory: sequential)
        oneThread.parallel = false
        let (alone, aloneMoved) = try oneThread.merge(inputs, name: m.name)
        #expect(alone.count == 1 && alone[0] == m)
        let (_, parallelMoved) = try SegmentMerger(directory: spilled).merge(inputs, name: m.name)
        #expect(aloneMoved == parallelMoved)
        for file in m.files { #expect(try FileIO.read(sequential + "/" + file.name) == FileIO.read(merged + "/" + file.name), "\(file.name)") }
    }

    /// A merge whose stored-fields half, postings half or both fail (here: a folder stands
    /// where the file should be created) throws the failing half's error — the stored fields'
    /// when both fail, as a one-thread merge would — once both halves have stopped, and leaves
    /// the committed index as it was.
    @Test(arguments: [[SegmentFiles.store.0], [SegmentFiles.postings.0], [SegmentFiles.terms.0],
                      [SegmentFiles.postings.0, SegmentFiles.facets.0]])
    func failingHalfThrowsAndLeavesTheIndex(blockedExts: [String]) throws {
        let tmp = TempDirectory()
        var opts = Indexer.Options()
        opts.memoryBudget = 1 << 19
        _ = try Indexer(directory: tmp.path, options: opts).build(documents: Self.documents(700))
        let manifest = try FileIO.read(tmp.path + "/MANIFEST")
        let built = try Manifest.read(from: tmp.path)
        #expect(built.segments.count >= 2)
        let before = try answers(tmp.path)

        var state = BuildState(previous: built)
        state.generation = built.generation + 1
        let name = "g\(state.generation)_0"
        let blocked = blockedExts.map { tmp.path + "/" + SegmentFiles.fileName(name, $0) }
        for path in blocked { try FileIO.makeDirectory(path) }
        var sources = SourceTable()
        var thrown: (any Error)?
        do {
            _ = try state.merge(Set(built.segments.map(\.name)), directory: tmp.path, sources: &sources)
        } catch {
            thrown = error
        }
        let error = try #require(thrown as? GleanerError)
        // Documents are copied before postings are merged, so with both blocked the stored
        // fields' half (which writes `.facets`) reports.
        let expected = blocked.count == 1 ? blocked[0] : blocked[1]
        guard case let .io(path, _, operation) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == expected && operation == "create")
        #expect(!error.description.contains("\n"))
        #expect(try FileIO.read(tmp.path + "/MANIFEST") == manifest)
        #expect(try answers(tmp.path) == before)
    }

    @Test func movedMapsSurvivorsAndDropsDeleted() throws {
        let tmp = TempDirectory()
        _ = try Indexer(directory: tmp.path).build(documents: Self.documents(5))
        let built = try Manifest.read(from: tmp.path)
        var state = BuildState(previous: built)
        state.generation = built.generation + 1
        let s = built.segments[0]
        state.delete(SourceTable.Entry(path: "x", size: 0, mtime: 0, crc32: 0, segment: s.name, firstDoc: 0, docCount: 4, problem: ""))
        try state.writeDeletions(directory: tmp.path)
        let reader = try SegmentReader(directory: tmp.path, info: state.segments[0])
        let (out, moved) = try SegmentMerger(directory: tmp.path).merge([reader], name: "g9_0")
        #expect(out.count == 1 && out[0].docCount == 1)
        #expect(moved[s.name] == [nil, nil, nil, nil, .init(segment: "g9_0", doc: 0)])
    }
}

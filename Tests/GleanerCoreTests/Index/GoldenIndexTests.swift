import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// A tiny index of the current format, committed in Tests/Fixtures/golden-index-v5, built by
/// `Scripts/make-golden-index.sh` (from the repository root: `gleaner index
/// Tests/Fixtures/search-corpus --index Tests/Fixtures/golden-index-v5 --no-entities`, then
/// `write.lock` removed). If a change to the code breaks reading it, the change altered the
/// format: bump `SegmentFiles.formatVersion`, document the new layout and a History line in
/// Docs/FORMAT.md, add golden-index-vN with the script and point this test at it. The previous
/// golden indexes stay only to prove an older index is refused with a clear error and rebuilt
/// by `gleaner index`.
@Suite struct GoldenIndexTests {
    static let path = RepoPaths.fixtures + "/golden-index-v5"
    /// Older formats, by version.
    static let older = [1: RepoPaths.fixtures + "/golden-index-v1", 2: RepoPaths.fixtures + "/golden-index-v2",
                         3: RepoPaths.fixtures + "/golden-index-v3", 4: RepoPaths.fixtures + "/golden-index-v4"]

    @Test(arguments: [1, 2, 3, 4]) func olderFormatIsRefusedWithOneClearLine(version: Int) throws {
        let dir = Self.older[version]!
        for open in [{ _ = try IndexReader(directory: dir) }, { _ = try IndexChecker(directory: dir).check() }] {
            do {
                try open()
                Issue.record("a format \(version) index was opened")
            } catch let e as GleanerError {
                #expect(e.description.contains("format version \(version), older than supported 5"))
                #expect(e.description.contains("gleaner index --full"))
                #expect(!e.description.contains("\n"))
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4]) func indexingOverAnOlderFormatRebuildsIt(version: Int) throws {
        let dir = TempDirectory()
        let copy = dir.path + "/idx"
        try FileManager.default.copyItem(atPath: Self.older[version]!, toPath: copy)
        var options = Indexer.Options()
        options.entities = false
        let report = try Indexer(directory: copy, options: options).build(roots: [RepoPaths.fixtures + "/search-corpus"])
        #expect(report.warnings.contains { $0.contains("index format \(version) is older than 5; rebuilding the whole index") })
        let reader = try IndexReader(directory: copy)
        #expect(reader.manifest.version == SegmentFiles.formatVersion)
        #expect(reader.documentCount == 6)
        #expect(try FileIO.list(copy).allSatisfy { !$0.hasPrefix("g") || reader.manifest.fileNames.contains($0) })
        _ = try IndexChecker(directory: copy).check()
    }

    @Test func goldenIndexOpensAndChecks() throws {
        let reader = try IndexReader(directory: Self.path)
        #expect(reader.manifest.version == 5)
        #expect(reader.documentCount == 6)
        #expect(reader.segments.count == 1)
        #expect(reader.segments[0].terms.termCount == 328)
        let report = try IndexChecker(directory: Self.path).check()
        #expect(report.documents == 6 && report.terms == 328)
    }

    @Test func goldenIndexAnswersAsBefore() throws {
        let searcher = Searcher(reader: try IndexReader(directory: Self.path))
        var o = Searcher.Options()
        o.match = .any
        o.limit = 10
        o.collapse = false
        // The ranking of the time the fixture was made: this test checks the format, not the
        // ranking defaults.
        o.bm25 = BM25Parameters(k1: 0.9, b: 0.4)
        o.bm25.perFieldNormalization = false
        o.fusion.enabled = false
        let hits = try searcher.search("ferry fire", options: o).hits
        #expect(try hits.map { try searcher.reader.id($0.doc) } == [
            "tidewater-times/ferry-fire-forces-marigold-star-back-to-port.html",
            "valley-courier/estuary-ferry-turns-back-after-engine-room-blaze.html",
            "tidewater-times/ferry-crews-vote-on-strike-over-rosters.html",
            "hws-2022-11-20-0440", "hws-2023-09-01-0102", "notes/lighthouse-keepers-log-goes-on-display.txt",
        ])
        let phrase = try searcher.search("\"engine room\"", options: o).hits
        #expect(phrase.count == 2)
        let doc = try searcher.reader.document(hits[0].doc)
        #expect(doc.title == "Ferry fire forces Marigold Star back to port")
        #expect(doc.site == "Tidewater Times")
        #expect(doc.date == "2023-03-14")
    }
}

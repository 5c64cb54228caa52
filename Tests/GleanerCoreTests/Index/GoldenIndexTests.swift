import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// A tiny index of the current format, committed in Tests/Fixtures/golden-index-v2 and built by
/// `Scripts/make-golden-index.sh` (`gleaner index Tests/Fixtures/search-corpus --no-entities`
/// into `Tests/Fixtures/golden-index-v<SegmentFiles.formatVersion>`). If a change to the code
/// breaks reading it, the change altered the format: bump the version, document it in
/// Docs/FORMAT.md's History, and add a new golden index with the script. The v1 index stays
/// only to check that an older format is refused with a clear error and rebuilt by `index`.
@Suite struct GoldenIndexTests {
    static let path = RepoPaths.fixtures + "/golden-index-v2"
    static let oldPath = RepoPaths.fixtures + "/golden-index-v1"

    @Test func olderFormatIsRefusedClearly() throws {
        do {
            _ = try IndexReader(directory: Self.oldPath)
            Issue.record("a v1 index opened")
        } catch let GleanerError.formatTooOld(_, found, supported) {
            #expect(found == 1 && supported.lowerBound == SegmentFiles.formatVersion)
        }
        #expect(throws: GleanerError.self) { try IndexChecker(directory: Self.oldPath).check() }
    }

    @Test func indexingOverAnOlderFormatRebuildsIt() throws {
        let dir = TempDirectory()
        for name in try FileIO.list(Self.oldPath) {
            try FileIO.writeDurably(try FileIO.read(Self.oldPath + "/" + name), to: dir.path + "/" + name)
        }
        var options = Indexer.Options()
        options.entities = false
        let report = try Indexer(directory: dir.path, options: options).build(roots: [RepoPaths.fixtures + "/search-corpus"])
        #expect(report.warnings.contains { $0.contains("older") })
        #expect(report.documents == 6)
        let reader = try IndexReader(directory: dir.path)
        #expect(reader.manifest.version == SegmentFiles.formatVersion)
        #expect(try IndexChecker(directory: dir.path).check().documents == 6)
        #expect(!(try FileIO.list(dir.path)).contains("g1_0.post"))
    }

    @Test func goldenIndexOpensAndChecks() throws {
        let reader = try IndexReader(directory: Self.path)
        #expect(reader.manifest.version == 2)
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

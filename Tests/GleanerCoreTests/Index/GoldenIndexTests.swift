import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// A tiny index of the current format, committed in Tests/Fixtures/golden-index-v1 (built from
/// Tests/Fixtures/search-corpus with `gleaner index … --no-entities`). If a change to the code
/// breaks reading it, the change altered the format: bump the version, keep a reader for the
/// old one or document the break in Docs/FORMAT.md's History, and add a new golden index.
@Suite struct GoldenIndexTests {
    static let path = RepoPaths.fixtures + "/golden-index-v1"

    @Test func goldenIndexOpensAndChecks() throws {
        let reader = try IndexReader(directory: Self.path)
        #expect(reader.manifest.version == 1)
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

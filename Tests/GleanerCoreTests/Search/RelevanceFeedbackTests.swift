import GleanerTestSupport
import Testing
@testable import GleanerCore

/// RM3 pseudo-relevance feedback: which terms it picks and how its ranking is fused.
@Suite struct RelevanceFeedbackTests {
    nonisolated(unsafe) static var keep: [TempDirectory] = []

    static func searcher() throws -> Searcher {
        let dir = TempDirectory()
        keep.append(dir)
        var docs: [(String, String, String)] = [
            ("a", "Ferry fire", "A ferry caught fire near the terminal. Smoke filled the engine room; the report said so."),
            ("b", "Engine room smoke", "Smoke in the engine room of a cargo ship; the crew vented it. The report said so."),
            ("c", "Ferry timetable", "The ferry timetable changes in May. The report said so."),
        ]
        for i in 0 ..< 30 { docs.append(("z\(i)", "Notice \(i)", "Nothing to note today. The report said so.")) }
        _ = try Indexer(directory: dir.path).build(documents: docs.map {
            StoredDocument(id: $0.0, path: $0.0, title: $0.1, date: "", site: "", text: Array($0.2.utf8))
        })
        return Searcher(reader: try IndexReader(directory: dir.path))
    }

    /// The expansion terms RM3 adds for `query`.
    func expansion(_ s: Searcher, _ query: String, _ fb: FeedbackParameters) throws -> Set<String> {
        var o = Searcher.Options()
        o.match = .any
        o.feedback = fb
        var context = Searcher.PrepareContext()
        let prepared = try s.prepare(QueryParser.parse(query), options: o, context: &context, negated: false)
        let first = try s.execute(prepared, k: 10, options: o, counter: nil)
        guard case let .augment(_, extra)? = try s.feedbackQuery(prepared, hits: first.hits, context: context, options: o),
              case let .disjunction(terms) = extra else { return [] }
        return Set(terms.compactMap { if case let .term(t, _, _) = $0 { return String(decoding: t, as: UTF8.self) } else { return nil } })
    }

    @Test func termsInMostDocumentsAreNotExpansions() throws {
        let s = try Self.searcher()
        var fb = FeedbackParameters()
        fb.documents = 2
        fb.terms = 20
        let kept = try expansion(s, "ferry fire", fb)
        #expect(kept.contains("smoke") && kept.contains("engin"))
        // "report" and "said" are in every document: no topic.
        #expect(!kept.contains("report") && !kept.contains("said"))
        fb.maxDocumentFraction = 1
        #expect(try expansion(s, "ferry fire", fb).contains("report"))
    }

    @Test func fusedFeedbackKeepsTheOriginalBestAndAddsNothingUnmatched() throws {
        let s = try Self.searcher()
        var o = Searcher.Options()
        o.match = .any
        o.limit = 10
        let plain = try s.search("ferry fire", options: o)
        o.feedback = FeedbackParameters()
        let fused = try s.search("ferry fire", options: o)
        #expect(fused.hits.first?.doc == plain.hits.first?.doc)
        #expect(Set(fused.hits.map(\.doc)) == Set(plain.hits.map(\.doc)))
        #expect(zip(fused.hits, fused.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func reciprocalRankFusionOfTwoRankings() {
        func hit(_ d: Int) -> SearchHit { SearchHit(doc: d, score: 0, tier: 0) }
        let fused = Searcher.fuseFeedback([hit(1), hit(2), hit(3)], [hit(3), hit(4), hit(1)], weight: 0.5)
        #expect(fused.map(\.doc) == [1, 3, 2, 4])
        // First in both rankings would score 1; here doc 1 is first and third.
        let k = Searcher.feedbackFusionK
        #expect(abs(fused[0].score - (k + 1) / 1.5 * (1 / (k + 1) + 0.5 / (k + 3))) < 1e-6)
        #expect(Searcher.fuseFeedback([hit(7)], [hit(7)], weight: 0.3).first.map { abs($0.score - 1) < 1e-6 } == true)
    }
}

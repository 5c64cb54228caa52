import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Replays every input `Scripts/fuzz.sh` ever found crashing (Tests/Fixtures/fuzz-regressions):
/// `html-*` through extraction, `query-*` through the parser and the searcher.
@Suite struct FuzzRegressionTests {
    static var inputs: [String] {
        let dir = RepoPaths.fixtures + "/fuzz-regressions"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    @Test func everyKeptCrashInputNowRuns() throws {
        #expect(!Self.inputs.isEmpty, "the regression folder should hold the inputs fuzzing found")
        let tmp = TempDirectory()
        var docs: [StoredDocument] = []
        for i in 0 ..< 10 {
            docs.append(StoredDocument(id: "d\(i)", path: "d\(i)", title: "wagner group \(i)", text: Array("meat shields north korea \(i)".utf8)))
        }
        _ = try Indexer(directory: tmp.path).build(documents: docs)
        let searcher = Searcher(reader: try IndexReader(directory: tmp.path))
        for path in Self.inputs {
            let bytes = try FileIO.read(path)
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("html-") {
                if let article = try? ArticleExtractor().extract(html: bytes, path: name) {
                    #expect(article.body.withUnsafeBufferPointer { PageEncoding.isValidUTF8($0) })
                }
            } else if name.hasPrefix("query-"), let q = try? QueryParser.parse(String(decoding: bytes, as: UTF8.self)) {
                _ = try? searcher.search(q)
            }
        }
    }
}

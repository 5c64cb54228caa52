import Foundation
import Testing
@testable import GleanerCore

/// Regression floor on the shared extraction dev set (../shared/bench/extraction/dev), scored
/// like score.py (4-gram shingles over word tokens, precision and recall averaged over pages).
/// Skips cleanly when the shared folder is absent; Scripts/eval-extraction.sh gives exact figures.
@Suite struct ExtractDevSetTests {
    static let devFolder: String? = {
        // Tests/GleanerCoreTests/Extract/ExtractDevSetTests.swift → repository root is four levels up.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 4 { url.deleteLastPathComponent() }
        let dev = url.deletingLastPathComponent().appendingPathComponent("shared/bench/extraction/dev").path
        return FileManager.default.fileExists(atPath: dev + "/html") ? dev : nil
    }()

    static func tokens(_ s: String) -> [Substring] {
        s.split { !($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func shingles(_ t: [Substring]) -> [String: Int] {
        var out: [String: Int] = [:]
        if t.isEmpty { return out }
        if t.count < 4 { out[t.joined(separator: " "), default: 0] += 1; return out }
        for i in 0 ... t.count - 4 { out[t[i ..< i + 4].joined(separator: " "), default: 0] += 1 }
        return out
    }

    @Test(.enabled(if: devFolder != nil, "../shared/bench/extraction/dev is not present"))
    func devSetF1StaysAboveFloor() throws {
        let dev = try #require(ExtractDevSetTests.devFolder)
        let names = try FileManager.default.contentsOfDirectory(atPath: dev + "/html").filter { $0.hasSuffix(".html") }.sorted()
        var precisions: [Double] = [], recalls: [Double] = []
        for name in names {
            let id = String(name.dropLast(5))
            let html = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dev + "/html/" + name)))
            let truth = try String(decoding: Data(contentsOf: URL(fileURLWithPath: dev + "/expected/" + id + ".txt")), as: UTF8.self)
            let predicted = (try? ArticleExtractor().extract(html: html, path: name).text) ?? ""
            let t = ExtractDevSetTests.shingles(ExtractDevSetTests.tokens(truth)), p = ExtractDevSetTests.shingles(ExtractDevSetTests.tokens(predicted))
            var tp = 0
            for (k, n) in p { tp += min(n, t[k] ?? 0) }
            let fp = p.values.reduce(0, +) - tp, fn = t.values.reduce(0, +) - tp
            if fp == 0 && fn == 0 { precisions.append(1); recalls.append(1); continue }
            if tp + fp > 0 { precisions.append(Double(tp) / Double(tp + fp)) }
            if tp + fn > 0 { recalls.append(Double(tp) / Double(tp + fn)) }
        }
        let p = precisions.reduce(0, +) / Double(max(precisions.count, 1))
        let r = recalls.reduce(0, +) / Double(max(recalls.count, 1))
        let f1 = 2 * p * r / max(p + r, 1e-9)
        #expect(f1 >= 0.97, "dev F1 \(f1) (precision \(p), recall \(r)) fell below the 0.97 floor")
    }
}

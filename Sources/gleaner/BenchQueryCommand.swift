import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner bench-query`: in-process query latency over a query file (after a warm-up pass).
struct BenchQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-query",
        abstract: "Benchmark helper: query latency (p50/p95/mean) over a file of queries, in-process.",
        shouldDisplay: false
    )

    @Option(help: "Index folder.") var index: String = "Index"
    @Option(help: "Queries: one per line, `text`, `id<TAB>text` or `category<TAB>text`.") var queries: String
    @Option(help: "Results per query.") var limit: Int = 10
    @Option(help: "Passes over the query set (after one warm-up pass).") var passes: Int = 3
    @Option(help: "How words combine: default, all, any.") var match: String = "default"
    @Option(help: "Also list the N slowest queries (median over the passes).") var slowest: Int = 0
    @Option(help: "Documents fused with query likelihood (default: the search default).") var fusionDepth: Int?
    @Option(help: "Documents re-ranked by proximity (default: the search default).") var rerankDepth: Int?
    @Flag(help: "Fold near-duplicates, as `gleaner search` does by default.") var collapse = false

    func run() throws {
        do {
            let reader = try IndexReader(directory: index)
            let searcher = Searcher(reader: reader)
            let lines = String(decoding: try FileIO.read(queries), as: UTF8.self).split(separator: "\n")
            var parsed: [(category: String, query: Query)] = []
            var texts: [String] = []
            for l in lines {
                let parts = l.split(separator: "\t", maxSplits: 1)
                let text = String(parts.count == 2 ? parts[1] : parts[0])
                let category = parts.count == 2 ? String(parts[0]) : "all"
                if let q = try? QueryParser.parse(text) { parsed.append((category, q)); texts.append(text) }
            }
            var options = Searcher.Options()
            options.limit = limit
            options.match = Searcher.MatchMode(rawValue: match) ?? .tiered
            if let fusionDepth { options.fusion.depth = max(0, fusionDepth) }
            if let rerankDepth { options.proximity.rerankDepth = max(0, rerankDepth) }
            options.collapse = collapse
            for (_, q) in parsed { _ = try searcher.search(q, options: options) }
            var times: [Double] = []
            var byCategory: [String: [Double]] = [:]
            var byQuery = [[Double]](repeating: [], count: parsed.count)
            for _ in 0 ..< max(passes, 1) {
                for (i, (c, q)) in parsed.enumerated() {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let r = try searcher.search(q, options: options)
                    for h in r.hits { _ = try reader.id(h.doc) }
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                    times.append(ms)
                    byCategory[c, default: []].append(ms)
                    byQuery[i].append(ms)
                }
            }
            func pct(_ xs: [Double], _ p: Double) -> Double {
                let s = xs.sorted()
                return s[min(s.count - 1, Int(Double(s.count - 1) * p))]
            }
            let mean = times.reduce(0, +) / Double(times.count)
            print(String(format: "queries: %d x %d passes, %d docs: p50 %.3f ms, p95 %.3f ms, mean %.3f ms",
                         parsed.count, passes, reader.documentCount, pct(times, 0.5), pct(times, 0.95), mean))
            for c in byCategory.keys.sorted() {
                let xs = byCategory[c]!
                print(String(format: "  %-10@ p50 %.3f ms  p95 %.3f ms  mean %.3f ms", c as NSString, pct(xs, 0.5), pct(xs, 0.95),
                             xs.reduce(0, +) / Double(xs.count)))
            }
            let medians = byQuery.map { pct($0, 0.5) }
            for i in medians.indices.sorted(by: { medians[$0] > medians[$1] }).prefix(max(slowest, 0)) {
                print(String(format: "  slow %.3f ms  %@ %@", medians[i], parsed[i].category as NSString, texts[i] as NSString))
            }
        } catch { CLIErrors.exit(for: error) }
    }
}

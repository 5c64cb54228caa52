import Foundation
import GleanerCore

/// Batch mode of `gleaner search --queries FILE`: runs every query and writes a TREC run
/// (`qid Q0 docid rank score gleaner`) or JSON lines, for evaluation and benchmarks.
struct BatchSearch {
    let searcher: Searcher
    let options: Searcher.Options
    let format: BatchFormat

    /// Reads `id<TAB>text` lines, or JSON lines with `_id`/`id` and `text`/`query`.
    static func readQueries(_ path: String) throws -> [(id: String, text: String)] {
        let bytes = try FileIO.read(path)
        var out: [(String, String)] = []
        for (n, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.isEmpty || l.hasPrefix("#") { continue }
            if l.hasPrefix("{") {
                guard let obj = try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any] else {
                    throw GleanerError.parse(path: "\(path):\(n + 1)", reason: "malformed JSON line")
                }
                let id = (obj["_id"] ?? obj["id"]).map { "\($0)" } ?? "\(n + 1)"
                let text = (obj["text"] ?? obj["query"]) as? String ?? ""
                out.append((id, text))
            } else if let tab = l.firstIndex(of: "\t") {
                out.append((String(l[..<tab]), String(l[l.index(after: tab)...])))
            } else {
                out.append(("\(n + 1)", l))
            }
        }
        return out
    }

    func run(file: String) throws {
        let queries = try BatchSearch.readQueries(file)
        var out = [UInt8]()
        out.reserveCapacity(1 << 20)
        for q in queries {
            let results: Searcher.Results
            do { results = try searcher.search(BatchSearch.plain(q.text), options: options) } catch let e as GleanerError {
                FileHandleOutput.stderr("gleaner: query \(q.id): \(e.description)\n")
                continue
            }
            if format == .json {
                var w = JSONWriter()
                w.beginObject()
                w.field("qid", q.id)
                w.field("total", results.total)
                w.key("hits")
                w.beginArray()
                for h in results.hits { w.beginObject(); w.field("id", try searcher.reader.id(h.doc)); w.field("score", Double(h.score)); w.endObject() }
                w.endArray()
                w.endObject()
                w.newline()
                out.append(contentsOf: w.bytes)
            } else {
                for (rank, h) in results.hits.enumerated() {
                    let id = try searcher.reader.id(h.doc)
                    out.append(contentsOf: Array("\(q.id) Q0 \(id) \(rank + 1) \(String(format: "%.6f", h.score)) gleaner\n".utf8))
                }
            }
        }
        FileHandle.standardOutput.write(Data(out))
    }

    /// Benchmark query files hold natural-language text, not query syntax: quote characters and
    /// operators are neutralised so every query runs as a bag of words.
    static func plain(_ text: String) -> Query {
        var clauses: [Query.Clause] = []
        for w in text.split(whereSeparator: { $0.isWhitespace }) {
            clauses.append(.init(.should, .term(String(w), scope: .all)))
        }
        return clauses.count == 1 ? clauses[0].query : .boolean(clauses, .sequence)
    }
}

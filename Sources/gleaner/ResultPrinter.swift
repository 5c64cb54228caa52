import Foundation
import GleanerCore

/// Formats a result page for people (ranked list with snippets, "Did you mean", facets) or
/// scripts (JSON).
struct ResultPrinter {
    let reader: IndexReader
    let results: Searcher.Results
    let analyzer = Analyzer()

    func snippet(_ doc: StoredDocument) -> Snippet {
        SnippetBuilder().build(text: doc.text, terms: results.highlightTerms, analyzer: analyzer)
    }

    func human(query: String, bold: Bool, offset: Int) throws -> String {
        let atLeast = results.totalIsExact ? "" : "at least "
        var out = "\(atLeast)\(results.total) result\(results.total == 1 ? "" : "s") for \(query)\n"
        if let s = results.suggestion { out += "Did you mean: \(s)\n" }
        for (i, hit) in results.hits.enumerated() {
            let doc = try reader.document(hit.doc, entities: false)
            let title = doc.title.isEmpty ? doc.id : doc.title
            out += "\n\(offset + i + 1). \(bold ? "\u{1B}[1m\(title)\u{1B}[0m" : title)\n"
            var meta = [doc.path == doc.id ? doc.path : "\(doc.path) (\(doc.id))"]
            if !doc.date.isEmpty { meta.append(doc.date) }
            if !doc.site.isEmpty { meta.append(doc.site) }
            meta.append(String(format: "score %.3f", hit.score))
            out += "   " + meta.joined(separator: " · ") + "\n"
            let s = snippet(doc)
            if !s.text.isEmpty {
                out += "   " + (bold ? s.marked(open: "\u{1B}[1m", close: "\u{1B}[0m") : s.text) + "\n"
            }
            let similar = i < results.similar.count ? results.similar[i] : []
            if !similar.isEmpty {
                let ids = try similar.prefix(3).map { try reader.id($0) }.joined(separator: ", ")
                out += "   \(similar.count) similar: \(ids)\(similar.count > 3 ? ", …" : "")\n"
            }
        }
        if !results.facets.isEmpty {
            out += "\nFacets\n"
            for (field, values) in results.facets {
                let list = values.isEmpty ? "—" : values.map { "\($0.value) (\($0.count))" }.joined(separator: ", ")
                out += "  \(field.rawValue): \(list)\n"
            }
        }
        return out
    }

    func json(query: String) throws -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("query", query)
        w.field("total", results.total)
        w.field("totalExact", results.totalIsExact)
        w.field("suggestion", results.suggestion)
        w.key("hits")
        w.beginArray()
        for (i, hit) in results.hits.enumerated() {
            let doc = try reader.document(hit.doc, entities: false)
            let s = snippet(doc)
            w.beginObject()
            w.field("id", doc.id)
            w.field("title", doc.title)
            w.field("path", doc.path)
            w.field("date", doc.date.isEmpty ? nil : doc.date)
            w.field("score", Double(hit.score))
            w.field("snippet", s.text)
            w.key("highlights")
            w.beginArray()
            for h in s.highlights { w.beginArray(); w.value(h.lowerBound); w.value(h.upperBound); w.endArray() }
            w.endArray()
            w.field("author", doc.author.isEmpty ? nil : doc.author)
            w.field("site", doc.site.isEmpty ? nil : doc.site)
            w.field("url", doc.url.isEmpty ? nil : doc.url)
            w.key("similar")
            w.beginArray()
            for d in i < results.similar.count ? results.similar[i] : [] { w.value(try reader.id(d)) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        if !results.facets.isEmpty {
            w.key("facets")
            w.beginObject()
            for (field, values) in results.facets {
                w.key(field.rawValue)
                w.beginArray()
                for v in values { w.beginObject(); w.field("value", v.value); w.field("count", v.count); w.endObject() }
                w.endArray()
            }
            w.endObject()
        }
        w.endObject()
        w.newline()
        return w.bytes
    }
}

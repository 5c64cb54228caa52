import Testing
@testable import GleanerCore

@Test func extractScratch() throws {
    let html = "<html><head><title>T</title></head><body><div class='x'><p>Hello there, this is a long paragraph of text, with commas, and more.</p><p>Second paragraph is here and it is long enough to count.</p></div></body></html>"
    let doc = try HTMLDocument(bytes: Array(html.utf8).withUnsafeBufferPointer { UnsafeBufferPointer(start: UnsafeMutablePointer(mutating: $0.baseAddress!), count: $0.count) }, path: "x")
    var w = PageWalker()
    w.walk(doc.root!)
    print(w.model.nodes.map { "\($0.tag) p=\($0.parent) end=\($0.end) kind=\($0.kind.rawValue)" })
    print(w.model.blocks.map { String(decoding: w.model.bytes($0), as: UTF8.self) })
    let a = try ArticleExtractor().extract(html: Array(html.utf8), path: "x")
    print(a.text)
}

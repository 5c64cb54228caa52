import CLibXML2

/// Finds the article in a page: metadata plus the body text, without boilerplate.
///
/// The Extract folder answers "here is a page, give me its article". Pipeline, one parse per page:
/// 1. `HTMLDocument` parses with libxml2 (encoding chosen by `PageEncoding`);
/// 2. `PageWalker` walks the tree once, iteratively, into a `PageModel` (elements, text blocks,
///    one text arena) and feeds `MetadataReader`;
/// 3. `ContentSelector` scores containers and picks the article (plus continuing siblings), first
///    with boilerplate subtrees excluded, then, if that finds too little, with only hidden ones;
/// 4. inside the selection, boilerplate elements (`Boilerplate`) and boilerplate blocks
///    (`BoilerplateText`: cross-links, bylines, datelines, captions, notices) are dropped;
/// 5. the kept blocks are joined with blank lines.
/// Cost: O(nodes + text bytes) after parsing.
public struct ArticleExtractor: Sendable {
    public init() {}

    /// Below this many body bytes the strict pass is retried without class-based exclusion.
    static let minimumBodyBytes = 500

    /// Extracts the article of an HTML page. Throws `GleanerError.parse` for empty, binary or unparsable input.
    public func extract(html: UnsafeBufferPointer<UInt8>, path: String) throws -> Article {
        let document = try HTMLDocument(bytes: html, path: path)
        return extract(document: document)
    }

    public func extract(html: [UInt8], path: String) throws -> Article {
        try html.withUnsafeBufferPointer { try extract(html: $0, path: path) }
    }

    public func extract(document: HTMLDocument) -> Article {
        var cache: [UInt64: BoilerplateKind] = [:]
        return extract(document: document, classCache: &cache)
    }

    /// Extracts the article of an HTML page, reusing and extending `classCache` (the kinds of
    /// class and id values, which repeat from page to page of a site; one per thread).
    func extract(html: [UInt8], path: String, classCache: inout [UInt64: BoilerplateKind]) throws -> Article {
        let document = try html.withUnsafeBufferPointer { try HTMLDocument(bytes: $0, path: path) }
        return extract(document: document, classCache: &classCache)
    }

    /// Past this many entries a kept class cache is emptied (memory stays bounded on pages
    /// whose ids are all different).
    static let classCacheLimit = 1 << 16

    func extract(document: HTMLDocument, classCache: inout [UInt64: BoilerplateKind]) -> Article {
        guard let root = document.root else { return Article() }
        var walker = PageWalker()
        if classCache.count > ArticleExtractor.classCacheLimit { classCache.removeAll(keepingCapacity: true) }
        swap(&walker.classCache, &classCache)
        walker.walk(root)
        swap(&walker.classCache, &classCache)
        var model = walker.model
        model.aggregate()
        let meta = walker.meta
        let title = meta.title

        var body = extractBody(model, title: title, strict: true)
        if body.count < ArticleExtractor.minimumBodyBytes {
            let relaxed = extractBody(model, title: title, strict: false)
            if relaxed.count > body.count { body = relaxed }
        }
        if let declared = meta.declaredArticleBody, declared.utf8.count > 2 * max(body.count, 200) {
            var builder = TextBuilder()
            for para in declared.split(separator: "\n", omittingEmptySubsequences: true) { builder.appendBlock(Array(para.utf8)) }
            body = builder.bytes
        }
        return Article(title: title, author: meta.author, date: meta.date, siteName: meta.siteName,
                       url: meta.url, language: meta.lang, body: PageEncoding.repairUTF8(body))
    }

    /// Selects and cleans the article blocks; `strict` excludes boilerplate subtrees from scoring.
    func extractBody(_ model: PageModel, title: String, strict: Bool) -> [UInt8] {
        let excluded = ArticleExtractor.exclusions(model, strict: strict)
        guard let selection = ContentSelector(model: model, excluded: excluded).select() else { return [] }
        var cleaner = BlockCleaner(model: model, title: title)
        for r in selection.roots { cleaner.emit(root: r) }
        return cleaner.finish()
    }

    /// Which nodes are left out of scoring: hidden ones always; in strict mode every element a
    /// boilerplate rule names (unless it is the page's declared `articleBody`). O(nodes).
    static func exclusions(_ model: PageModel, strict: Bool) -> [Bool] {
        let nodes = model.nodes
        var out = [Bool](repeating: false, count: nodes.count)
        let pageText = nodes.first.map { Int($0.textBytes) } ?? 0
        for i in 0 ..< nodes.count {
            let n = nodes[i]
            if n.parent >= 0 && out[Int(n.parent)] { out[i] = true; continue }
            if n.kind.contains(.articleBody) { continue }
            // Hidden by markup: out, unless it holds most of the page (revealed by script later).
            if n.kind.contains(.hidden) && Int(n.textBytes) * 2 < pageText { out[i] = true; continue }
            // Like readability's "unlikely candidates": a name that also says article/content/main wins.
            if strict && !n.kind.intersection(.removable).isEmpty && !n.kind.contains(.positive) && n.tag != .body && n.tag != .html {
                out[i] = true
            }
        }
        return out
    }
}

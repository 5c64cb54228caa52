import CLibXML2

extension ArticleExtractor {
    /// A human-readable account of how the body of `html` was chosen: the selected containers
    /// with their scores, then every block with the element path and why it was kept or dropped.
    /// For `gleaner extract --explain`; not part of indexing.
    public func explain(html: [UInt8], path: String) throws -> String {
        let document = try html.withUnsafeBufferPointer { try HTMLDocument(bytes: $0, path: path) }
        guard let root = document.root else { return "no root\n" }
        var walker = PageWalker()
        walker.walk(root)
        var model = walker.model
        model.aggregate()
        var out = "title: \(walker.meta.title)\n"
        for strict in [true, false] {
            let excluded = ArticleExtractor.exclusions(model, strict: strict)
            guard let selection = ContentSelector(model: model, excluded: excluded).select() else {
                out += "strict=\(strict): no selection; \(model.blocks.count) blocks\n"
                if let b = model.blocks.first(where: { $0.count > 100 }) {
                    var i = b.owner
                    while i >= 0 { out += "    anc " + describe(model, i) + " excl=\(excluded[Int(i)]) text=\(model.nodes[Int(i)].textBytes)\n"; i = model.nodes[Int(i)].parent }
                }
                for b in model.blocks.prefix(400) where b.count > 25 {
                    out += "  <\(b.tag)> flags=\(b.flags.rawValue) excl=\(excluded[Int(b.owner)]) \(String(decoding: model.bytes(b).prefix(80), as: UTF8.self))\n"
                }
                continue
            }
            out += "strict=\(strict) topScore=\(Int(selection.topScore)) roots:\n"
            for r in selection.roots { out += "  " + describe(model, r) + " text=\(model.nodes[Int(r)].textBytes)\n" }
            let cleaner = BlockCleaner(model: model, title: walker.meta.title)
            for (bi, b) in model.blocks.enumerated() {
                let inside = selection.roots.contains { model.isInside(b.owner, $0) }
                var verdict = inside ? "KEEP" : "out "
                if inside {
                    var i = Int(b.owner)
                    var removedBy: Int32? = nil
                    while let r = selection.roots.first(where: { model.isInside(Int32(i), $0) }), i != Int(r) {
                        if cleaner.shouldRemove(i, root: Int(r)) { removedBy = Int32(i) }
                        i = Int(model.nodes[i].parent)
                    }
                    if let rb = removedBy { verdict = "rm(\(describe(model, rb)))" } else if !cleaner.keep(b) { verdict = "drop" }
                }
                if excluded[Int(b.owner)] { verdict += " [excl]" }
                let text = String(decoding: model.bytes(b).prefix(90), as: UTF8.self)
                out += "\(bi) \(verdict) <\(b.tag)> ld=\(Int(b.linkDensity * 100)) \(text)\n"
            }
            if !strict { break }
        }
        return out
    }

    func describe(_ model: PageModel, _ i: Int32) -> String {
        let n = model.nodes[Int(i)]
        let cls = DOM.attribute(n.ptr, "class") ?? ""
        let id = DOM.attribute(n.ptr, "id") ?? ""
        return "#\(i)<\(n.tag) class=\"\(cls.prefix(60))\" id=\"\(id)\" kind=\(String(n.kind.rawValue, radix: 16))>"
    }
}

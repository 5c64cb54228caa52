/// Writes the kept blocks of a selected container: drops boilerplate elements inside it and
/// boilerplate blocks (headline, bylines, datelines, captions, cross-links, notices).
///
/// Works on `PageModel` ranges only; O(nodes + blocks) of the container.
struct BlockCleaner {
    let model: PageModel
    let titleBytes: [UInt8]
    var builder = TextBuilder()

    init(model: PageModel, title: String) {
        self.model = model
        self.titleBytes = TextBuilder.collapse(Array(title.utf8))
    }

    /// Appends the article blocks under node `root`.
    mutating func emit(root: Int32) {
        let r = Int(root)
        let nodes = model.nodes
        let end = Int(nodes[r].end)
        var removed = [Bool](repeating: false, count: end - r)
        if r + 1 < end {
            for i in r + 1 ..< end {
                let p = Int(nodes[i].parent)
                if p > r && removed[p - r] { removed[i - r] = true; continue }
                if shouldRemove(i, root: r) { removed[i - r] = true }
            }
        }
        for bi in Int(nodes[r].firstBlock) ..< Int(nodes[r].blockEnd) {
            let b = model.blocks[bi]
            if removed[Int(b.owner) - r] { continue }
            if keep(b) { builder.appendCollapsed(model.bytes(b)) }
        }
    }

    /// Whether element `i` (strictly inside the container) is left out with its subtree.
    func shouldRemove(_ i: Int, root: Int) -> Bool {
        let n = model.nodes[i]
        if n.kind.contains(.articleBody) { return false }
        if n.kind.contains(.hidden) { return true }
        let rootText = Int(model.nodes[root].textBytes)
        if !n.kind.intersection(.removable).isEmpty {
            // A flagged element holding most of the container is the article itself, misnamed.
            if Int(n.textBytes) * 10 < rootText * 6 { return true }
        }
        if n.textBytes > 0 {
            let ld = n.linkDensity
            switch n.tag {
            case .ul, .ol, .dl, .table, .nav, .menu:
                if ld > 0.5 { return true }
            case .div, .section, .aside, .form, .header, .footer:
                if ld > 0.6 && n.textBytes < 2000 { return true }
            default:
                break
            }
        }
        return false
    }

    /// Whether a block inside the container is article text.
    func keep(_ b: TextBlock) -> Bool {
        if b.tag == .h1 { return false }
        let t = model.bytes(b)
        if t.elementsEqual(titleBytes) { return false }
        if b.flags.contains(.figure) { return false }
        // Mostly-link blocks are cross-links, unless long enough to be a linked summary sentence.
        let ld = b.linkDensity
        if ld > 0.75 || (ld > 0.5 && b.count < 100) { return false }
        if BoilerplateText.isBoilerplate(t) || BoilerplateText.isByline(t) || BoilerplateText.isDateline(t) { return false }
        return true
    }
}

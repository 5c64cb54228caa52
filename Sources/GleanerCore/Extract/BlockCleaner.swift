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
        var inRelatedTail = false
        var afterLinkedHeading = false
        for bi in Int(nodes[r].firstBlock) ..< Int(nodes[r].blockEnd) {
            let b = model.blocks[bi]
            // A block whose owner lies outside the container (possible on mangled markup) is not part of it.
            let o = Int(b.owner) - r
            if o < 0 || o >= removed.count || removed[o] { continue }
            let t = model.bytes(b)
            // After "More stories" / "Related" headers: the list of links and teasers that follows.
            if inRelatedTail {
                if b.flags.contains(.listItem) || b.tag.isHeading || b.linkDensity > 0.3 || (t.count < 120 && !BlockCleaner.isSentence(t)) { continue }
                inRelatedTail = false
            }
            // A teaser: a short summary right under a fully linked heading.
            if afterLinkedHeading && t.count < 200 && !b.tag.isHeading {
                afterLinkedHeading = false
                continue
            }
            afterLinkedHeading = (b.tag == .h4 || b.tag == .h5 || b.tag == .h6) && b.linkDensity > 0.9
            if BoilerplateText.isRelatedHeader(t) { inRelatedTail = true; continue }
            if keep(b) { kept.append(bi) }
        }
    }

    /// Kept block indices, in document order.
    var kept: [Int] = []

    /// Drops trailing author bios and writes the kept blocks.
    mutating func finish() -> [UInt8] {
        var n = kept.count
        while n > 1 && BoilerplateText.isAuthorBio(model.bytes(model.blocks[kept[n - 1]])) && kept.count - n < 2 { n -= 1 }
        for bi in kept.prefix(n) { builder.appendCollapsed(model.bytes(model.blocks[bi])) }
        return builder.bytes
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

    /// Ends like a sentence (". ! ?" possibly inside closing quotes) and has at least six words.
    static func isSentence(_ t: ArraySlice<UInt8>) -> Bool {
        var end = t.endIndex
        // Skip closing quotes: ASCII " and ' and U+201D / U+2019 (E2 80 9D / E2 80 99).
        while end > t.startIndex {
            let c = t[end - 1]
            if c == 0x22 || c == 0x27 || c == 0x29 { end -= 1; continue }
            if end - t.startIndex >= 3 && t[end - 3] == 0xE2 && t[end - 2] == 0x80 && (c == 0x9D || c == 0x99) { end -= 3; continue }
            break
        }
        guard end > t.startIndex else { return false }
        let last = t[end - 1]
        guard last == 0x2E || last == 0x21 || last == 0x3F else { return false }
        return ByteText.wordCount(t) >= 6
    }

    /// Whether a block inside the container is article text.
    func keep(_ b: TextBlock) -> Bool {
        if b.tag == .h1 { return false }
        let t = model.bytes(b)
        if t.elementsEqual(titleBytes) { return false }
        if b.flags.contains(.figure) { return false }
        // Mostly-link blocks are cross-links, unless long enough to be a linked summary sentence.
        let ld = b.linkDensity
        if ld > 0.75 || (ld > 0.5 && b.count < 100 && !BlockCleaner.isSentence(t)) { return false }
        if BoilerplateText.isBoilerplate(t) || BoilerplateText.isByline(t) || BoilerplateText.isDateline(t)
            || BoilerplateText.isCreditPromoOrContact(t) { return false }
        return true
    }
}

import CLibXML2

/// One visible element of the page, in document (pre-)order: its subtree is `index ..< end`
/// and its text blocks are `firstBlock ..< blockEnd`, so "is inside" is a range check.
struct PageNode {
    var parent: Int32
    var end: Int32 = 0
    var tag: Tag
    var kind: BoilerplateKind
    var firstBlock: Int32
    var blockEnd: Int32 = 0
    /// Visible text bytes in the subtree, and how many of them are link text.
    var textBytes: Int32 = 0
    var linkBytes: Int32 = 0
    var ptr: xmlNodePtr

    var linkDensity: Double { textBytes == 0 ? 0 : Double(linkBytes) / Double(textBytes) }
}

/// Where a block of text sits: inside which kinds of elements.
struct BlockFlags: OptionSet {
    let rawValue: UInt16
    static let heading = BlockFlags(rawValue: 1 << 0)
    static let listItem = BlockFlags(rawValue: 1 << 1)
    static let quote = BlockFlags(rawValue: 1 << 2)
    static let figure = BlockFlags(rawValue: 1 << 3)
    static let tableCell = BlockFlags(rawValue: 1 << 4)
    static let pre = BlockFlags(rawValue: 1 << 5)
    /// The block ended at a `<br>` rather than at the end of its element.
    static let brokenByBR = BlockFlags(rawValue: 1 << 6)
}

/// One run of visible text between block boundaries (a paragraph, heading, list item or cell).
struct TextBlock {
    /// The innermost block-level element holding the text.
    var owner: Int32
    var start: Int32
    var count: Int32
    var linkBytes: Int32
    /// The owner's tag, or the innermost heading tag when the text sits inside one.
    var tag: Tag
    var flags: BlockFlags

    var linkDensity: Double { count == 0 ? 0 : Double(linkBytes) / Double(count) }
}

/// The page reduced to what extraction needs: elements, text blocks and one text arena.
///
/// Built by `PageWalker` in one iterative pass over the libxml2 tree; everything after works on
/// these arrays. Memory: O(elements + visible text bytes).
struct PageModel {
    var nodes: [PageNode] = []
    var blocks: [TextBlock] = []
    /// Visible text, white space already collapsed; blocks are ranges of it.
    var text: [UInt8] = []

    func bytes(_ b: TextBlock) -> ArraySlice<UInt8> { text[Int(b.start) ..< Int(b.start + b.count)] }

    /// Whether node `i` lies inside the subtree of node `ancestor` (or is it).
    @inline(__always)
    func isInside(_ i: Int32, _ ancestor: Int32) -> Bool { i >= ancestor && i < nodes[Int(ancestor)].end }

    /// The text of node `i`'s subtree, blocks joined with spaces.
    func textOf(_ i: Int32) -> [UInt8] {
        let n = nodes[Int(i)]
        var out: [UInt8] = []
        for bi in Int(n.firstBlock) ..< Int(n.blockEnd) {
            if !out.isEmpty { out.append(0x20) }
            out.append(contentsOf: bytes(blocks[bi]))
        }
        return out
    }

    /// Sums each element's own text into its ancestors. Children follow parents in pre-order,
    /// so one reverse pass suffices. O(nodes + blocks).
    mutating func aggregate() {
        for b in blocks {
            nodes[Int(b.owner)].textBytes += b.count
            nodes[Int(b.owner)].linkBytes += b.linkBytes
        }
        var i = nodes.count - 1
        while i > 0 {
            let p = Int(nodes[i].parent)
            if p >= 0 {
                nodes[p].textBytes += nodes[i].textBytes
                nodes[p].linkBytes += nodes[i].linkBytes
            }
            i -= 1
        }
    }
}

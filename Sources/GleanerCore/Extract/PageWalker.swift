import CLibXML2

/// Builds a `PageModel` and feeds `MetadataReader` in a single iterative walk of the DOM.
///
/// The walk keeps its own stack, so 10,000-deep nesting costs heap, not call stack. Text is
/// copied once into the arena with white space collapsed; class/id/role values are matched as
/// bytes (`Boilerplate.kind(ofClass:)`). O(nodes + text bytes).
struct PageWalker {
    var model = PageModel()
    var meta = MetadataReader()

    private struct Frame {
        var ptr: xmlNodePtr
        var index: Int32
        var tag: Tag
        var isBlock: Bool
    }

    private var openBlocks: [Int32] = []
    private var blockStart = 0
    private var blockLinks = 0
    private var pendingSpace = false
    private var linkDepth = 0
    private var headingDepth = 0
    private var headingTag = Tag.other
    private var listItemDepth = 0
    private var quoteDepth = 0
    private var figureDepth = 0
    private var cellDepth = 0
    private var preDepth = 0
    private var scratch: [UInt8] = []
    /// Kinds of class/id values seen (`Boilerplate.kind(ofClass:scratch:cache:)`); the caller
    /// may hand in the cache of earlier pages and take it back after the walk.
    var classCache: [UInt64: BoilerplateKind] = [:]

    init() {}

    /// Walks the tree under `root` (normally `<html>`).
    mutating func walk(_ root: xmlNodePtr) {
        var stack: [Frame] = []
        var node = root
        while true {
            if let frame = enter(node) {
                if let child = node.pointee.children {
                    stack.append(frame)
                    node = child
                    continue
                }
                exit(frame)
            }
            // Advance to the next node in document order, closing finished elements.
            while true {
                if stack.isEmpty { flush(); return }
                if let next = node.pointee.next { node = next; break }
                let top = stack.removeLast()
                exit(top)
                node = top.ptr
            }
        }
    }

    /// Handles the start of a node; returns a frame when its children should be visited.
    private mutating func enter(_ node: xmlNodePtr) -> Frame? {
        let type = node.pointee.type
        if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
            if let c = node.pointee.content { appendText(c) }
            return nil
        }
        guard type == XML_ELEMENT_NODE else { return nil }
        let tag = Tag.of(node)
        if tag.isSkipped {
            switch tag {
            case .head: meta.collectHead(node)
            case .meta, .link, .script, .title: meta.visit(node, tag)
            default: break
            }
            return nil
        }
        var kind = Boilerplate.kind(of: tag)
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name {
                switch n[0] | 0x20 {
                case 0x63: // c
                    if DOM.nameEquals(n, "class") { kind.formUnion(Boilerplate.kind(ofClass: DOM.valueBytes(a), scratch: &scratch, cache: &classCache)) }
                case 0x69: // i
                    if DOM.nameEquals(n, "id") {
                        kind.formUnion(Boilerplate.kind(ofClass: DOM.valueBytes(a), scratch: &scratch, cache: &classCache))
                    } else if DOM.nameEquals(n, "itemprop") {
                        let v = DOM.valueBytes(a)
                        if ByteText.equalsLowered(v, "articlebody") { kind.insert(.articleBody) } else { meta.itemprop(v, node: node) }
                    }
                case 0x72: // r
                    if DOM.nameEquals(n, "role") { kind.formUnion(Boilerplate.kind(ofRole: DOM.valueBytes(a))) }
                case 0x73: // s
                    if DOM.nameEquals(n, "style"), Boilerplate.styleHides(DOM.valueBytes(a)) { kind.insert(.hidden) }
                case 0x68: // h
                    if DOM.nameEquals(n, "hidden") { kind.insert(.hidden) }
                case 0x61: // a
                    if DOM.nameEquals(n, "aria-hidden"), ByteText.equalsLowered(DOM.valueBytes(a), "true") { kind.insert(.hidden) }
                default:
                    break
                }
            }
            attr = a.pointee.next
        }
        switch tag {
        case .html, .time, .a, .h1: meta.visit(node, tag)
        default: break
        }
        // The first element named as a byline that reads "By Name…" gives the author when no
        // metadata does.
        if kind.contains(.byline) && meta.bylineAuthor == nil { meta.bylineAuthor = MetadataReader.author(fromByline: DOM.text(node)) }

        let index = Int32(model.nodes.count)
        // An inline element named as boilerplate (a caption <span> inside a <p>) becomes its own
        // block, so that the clean-up can drop it without dropping the paragraph.
        let isBlock = tag.isBlock || !kind.intersection(BoilerplateKind.removable.union(.hidden)).isEmpty
        if tag == .br {
            flush(brokenByBR: true)  // the text before a <br> is one line of its enclosing block
        } else if isBlock {
            flush()
        } else if tag.isCell {
            pendingSpace = true  // cells of a row are one line, one space apart
        }
        model.nodes.append(PageNode(parent: openParent, tag: tag, kind: kind, firstBlock: Int32(model.blocks.count), ptr: node))
        currentParent.append(index)
        if isBlock { openBlocks.append(index) }
        switch tag {
        case .a: linkDepth += 1
        case .h1, .h2, .h3, .h4, .h5, .h6:
            headingDepth += 1
            if headingDepth == 1 { headingTag = tag }
        case .li, .dd, .dt: listItemDepth += 1
        case .blockquote: quoteDepth += 1
        case .figure, .figcaption: figureDepth += 1
        case .td, .th: cellDepth += 1
        case .pre: preDepth += 1
        default: break
        }
        return Frame(ptr: node, index: index, tag: tag, isBlock: isBlock)
    }

    private var currentParent: [Int32] = []
    private var openParent: Int32 { currentParent.last ?? -1 }

    private mutating func exit(_ frame: Frame) {
        let tag = frame.tag
        if frame.isBlock && tag != .br { flush() }
        switch tag {
        case .a: linkDepth -= 1
        case .h1, .h2, .h3, .h4, .h5, .h6: headingDepth -= 1
        case .li, .dd, .dt: listItemDepth -= 1
        case .blockquote: quoteDepth -= 1
        case .figure, .figcaption: figureDepth -= 1
        case .td, .th: cellDepth -= 1
        case .pre: preDepth -= 1
        default: break
        }
        if frame.isBlock { openBlocks.removeLast() }
        currentParent.removeLast()
        let i = Int(frame.index)
        model.nodes[i].end = Int32(model.nodes.count)
        model.nodes[i].blockEnd = Int32(model.blocks.count)
    }

    /// Closes the current block of text, owned by the innermost open block element.
    private mutating func flush(brokenByBR: Bool = false) {
        let count = model.text.count - blockStart
        if count > 0, let owner = openBlocks.last {
            var flags: BlockFlags = brokenByBR ? .brokenByBR : []
            if headingDepth > 0 { flags.insert(.heading) }
            if listItemDepth > 0 { flags.insert(.listItem) }
            if quoteDepth > 0 { flags.insert(.quote) }
            if figureDepth > 0 { flags.insert(.figure) }
            if cellDepth > 0 { flags.insert(.tableCell) }
            if preDepth > 0 { flags.insert(.pre) }
            let tag = headingDepth > 0 ? headingTag : model.nodes[Int(owner)].tag
            model.blocks.append(TextBlock(owner: owner, start: Int32(blockStart), count: Int32(count),
                                          linkBytes: Int32(min(blockLinks, count)), tag: tag, flags: flags))
        }
        blockStart = model.text.count
        blockLinks = 0
        pendingSpace = false
    }

    /// Appends a NUL-terminated UTF-8 text node, collapsing white space (ASCII, U+00A0, thin and
    /// narrow no-break spaces) to single spaces; never a leading space in a block. Runs of
    /// other bytes are copied whole.
    private mutating func appendText(_ p: UnsafePointer<UInt8>) {
        var i = 0
        let inLink = linkDepth > 0
        while true {
            let b = p[i]
            if b == 0 { return }
            let space = PageWalker.spaceLength(p, i)
            if space > 0 { pendingSpace = true; i += space; continue }
            if pendingSpace {
                if model.text.count > blockStart {
                    model.text.append(0x20)
                    if inLink { blockLinks += 1 }
                }
                pendingSpace = false
            }
            // A word, and every further word after exactly one ASCII space (which collapsing
            // keeps as it is): one append for the run.
            var j = i + 1
            while true {
                while p[j] != 0 && PageWalker.spaceLength(p, j) == 0 { j += 1 }
                guard p[j] == 0x20, p[j + 1] != 0, PageWalker.spaceLength(p, j + 1) == 0 else { break }
                j += 2
            }
            model.text.append(contentsOf: UnsafeBufferPointer(start: p + i, count: j - i))
            if inLink { blockLinks += j - i }
            i = j
        }
    }

    /// The length of the white space character at `p[i]` (0 when it is none; `p` is
    /// NUL-terminated, so reading past a lead byte that is not NUL stays inside it).
    @inline(__always)
    private static func spaceLength(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C { return 1 }
        if b == 0xC2 && p[i + 1] == 0xA0 { return 2 }
        if b == 0xE2 && p[i + 1] == 0x80 {
            let c = p[i + 2]
            if c == 0x89 || c == 0xAF || c == 0x82 || c == 0x83 || c == 0xA8 || c == 0xA9 { return 3 }
        }
        return 0
    }
}

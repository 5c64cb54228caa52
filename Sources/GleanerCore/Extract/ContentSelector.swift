/// Chooses the element (plus continuing siblings) that holds the article, readability-style.
///
/// Every prose-like block (≥ 25 bytes, mostly not links, outside boilerplate) votes for its
/// ancestors with a score of 1 + commas + length/100 (at most 3), divided by distance. Elements start
/// from a tag prior (div +5, lists −3, headings −5) and a class prior (content/article +25,
/// boilerplate −25); the final score is discounted by link density. The winner may climb to a parent
/// that scores nearly as well, then siblings that look like more of the same are added.
/// O(blocks × 5 + nodes).
struct ContentSelector {
    let model: PageModel
    /// Nodes removed before scoring (their text does not vote). Indexed like `model.nodes`.
    let excluded: [Bool]

    init(model: PageModel, excluded: [Bool]) {
        self.model = model
        self.excluded = excluded
    }

    /// The selection: the chosen container and the siblings that continue it, in document order.
    struct Selection {
        var roots: [Int32]
        var topScore: Double
    }

    static func tagPrior(_ tag: Tag) -> Double {
        switch tag {
        case .div, .article, .main, .section: return 5
        case .pre, .td, .blockquote: return 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: return -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: return -5
        default: return 0
        }
    }

    static func classPrior(_ kind: BoilerplateKind) -> Double {
        var w = 0.0
        if !kind.intersection(.removable).isEmpty { w -= 25 }
        if kind.contains(.positive) { w += 25 }
        if kind.contains(.articleBody) { w += 50 }
        return w
    }

    /// A winner with less than this share of its parent's prose climbs to the parent.
    static let fragmentRatio = 0.5

    func select() -> Selection? {
        let nodes = model.nodes
        var score = [Double](repeating: .nan, count: nodes.count)
        // Bytes of prose-like text per subtree, for the climbing rule below.
        var prose = [Int32](repeating: 0, count: nodes.count)
        func touch(_ i: Int) {
            if score[i].isNaN { score[i] = ContentSelector.tagPrior(nodes[i].tag) + ContentSelector.classPrior(nodes[i].kind) }
        }
        for b in model.blocks {
            let owner = Int(b.owner)
            if excluded[owner] || b.flags.contains(.heading) || b.count < 25 { continue }
            let ld = b.linkDensity
            if ld > 0.5 { continue }
            prose[owner] += b.count
            var commas = 0
            for c in model.bytes(b) where c == 0x2C { commas += 1 }
            let s = (1 + Double(commas) + min(Double(b.count) / 100, 3))
            var level = 0
            var p = Int(nodes[owner].parent)
            // A block directly in a container (div text) votes like a paragraph of that container.
            if !(b.tag == .p || b.tag == .pre || b.tag == .tr || b.tag == .li || b.tag == .blockquote) { p = owner }
            while p >= 0 && level < 5 {
                touch(p)
                let divider = level == 0 ? 1.0 : (level == 1 ? 2.0 : Double(level) * 3)
                score[p] += s / divider
                p = Int(nodes[p].parent)
                level += 1
            }
        }
        var k = nodes.count - 1
        while k > 0 {
            let p = Int(nodes[k].parent)
            if p >= 0 { prose[p] += prose[k] }
            k -= 1
        }
        var best = -1
        var bestScore = 0.0
        var bodyIndex = -1
        for i in 0 ..< nodes.count where !score[i].isNaN {
            let t = nodes[i].tag
            if t == .body && bodyIndex < 0 { bodyIndex = i }
            if t == .html || t == .body { continue }
            let f = score[i] * (1 - nodes[i].linkDensity)
            score[i] = f
            if f > bestScore { bestScore = f; best = i }
        }
        // A bare page whose prose sits directly in <body> (no container): the body is the article.
        if best < 0 && bodyIndex >= 0 { best = bodyIndex; bestScore = score[bodyIndex] }
        guard best >= 0 else { return nil }

        // Climb while the parent holds the same text (a wrapper) or scores nearly as well.
        var top = best
        var lastScore = bestScore
        while true {
            let p = Int(nodes[top].parent)
            if p < 0 || nodes[p].tag == .body || nodes[p].tag == .html { break }
            if nodes[p].textBytes == nodes[top].textBytes { top = p; continue }
            // The winner holds only a fragment of the prose around it (one paragraph per card).
            if Double(prose[top]) < Double(prose[p]) * ContentSelector.fragmentRatio && nodes[p].linkDensity < 0.35 {
                top = p; lastScore = max(lastScore, score[p].isNaN ? 0 : score[p]); continue
            }
            let ps = score[p].isNaN ? 0 : score[p]
            if ps < bestScore / 3 { break }
            if ps > lastScore { top = p; lastScore = ps; continue }
            break
        }

        // Siblings that continue the article.
        let parent = nodes[top].parent
        var roots: [Int32] = []
        if parent < 0 { return Selection(roots: [Int32(top)], topScore: bestScore) }
        let threshold = max(10, bestScore * 0.2)
        var c = Int(parent) + 1
        let end = Int(nodes[Int(parent)].end)
        while c < end {
            defer { c = Int(nodes[c].end) }
            if c == top { roots.append(Int32(c)); continue }
            if excluded[c] { continue }
            let n = nodes[c]
            var s = score[c].isNaN ? 0 : score[c]
            if n.kind == nodes[top].kind && !n.kind.isEmpty { s += bestScore * 0.2 }
            if s >= threshold { roots.append(Int32(c)); continue }
            if n.tag == .p {
                let len = Int(n.textBytes)
                let ld = n.linkDensity
                if len > 80 && ld < 0.25 { roots.append(Int32(c)); continue }
                if len > 0 && len <= 80 && ld == 0 {
                    let t = model.textOf(Int32(c))
                    if t.last == 0x2E { roots.append(Int32(c)) }
                }
            }
        }
        return Selection(roots: roots, topScore: bestScore)
    }
}

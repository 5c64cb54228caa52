/// What a class, id or role value says an element is. A bit set: one value can say several things.
struct BoilerplateKind: OptionSet, Hashable {
    let rawValue: UInt32

    static let comments = BoilerplateKind(rawValue: 1 << 0)
    static let share = BoilerplateKind(rawValue: 1 << 1)
    static let related = BoilerplateKind(rawValue: 1 << 2)
    static let newsletter = BoilerplateKind(rawValue: 1 << 3)
    static let cookie = BoilerplateKind(rawValue: 1 << 4)
    static let paywall = BoilerplateKind(rawValue: 1 << 5)
    static let bio = BoilerplateKind(rawValue: 1 << 6)
    static let byline = BoilerplateKind(rawValue: 1 << 7)
    static let caption = BoilerplateKind(rawValue: 1 << 8)
    static let ad = BoilerplateKind(rawValue: 1 << 9)
    static let navigation = BoilerplateKind(rawValue: 1 << 10)
    static let tags = BoilerplateKind(rawValue: 1 << 11)
    /// Hidden by the `hidden` attribute, `aria-hidden="true"` or an inline `display:none` style.
    static let hidden = BoilerplateKind(rawValue: 1 << 12)
    static let sidebar = BoilerplateKind(rawValue: 1 << 13)
    static let pageHeader = BoilerplateKind(rawValue: 1 << 14)
    static let pageFooter = BoilerplateKind(rawValue: 1 << 15)
    static let headline = BoilerplateKind(rawValue: 1 << 16)
    /// A class such as `hidden` or `sr-only` (styling may still show it, so weaker than `hidden`).
    static let hiddenClass = BoilerplateKind(rawValue: 1 << 17)
    /// An embedded post (tweet, Instagram): part of the story even when named "social".
    static let embed = BoilerplateKind(rawValue: 1 << 26)
    /// Not boilerplate: names that say "article text lives here" (content, article, story, body…).
    static let positive = BoilerplateKind(rawValue: 1 << 24)
    /// Schema.org `articleBody`: the page's own statement of where the article is.
    static let articleBody = BoilerplateKind(rawValue: 1 << 25)

    /// Every kind that removes an element from the article.
    static let removable = BoilerplateKind(rawValue: (1 << 24) - 1)
}

/// Matches lower-cased class/id bytes against a fixed list of patterns in one pass.
///
/// Patterns are grouped by first byte, so the cost per input byte is a table load plus the few
/// patterns sharing that byte; no String, no allocation. A `.word` pattern must be bounded by
/// non-letters on both sides ("ad" matches `top-ad` but not `header`).
struct ClassPatternSet {
    enum Mode { case substring, word }
    struct Pattern {
        var bytes: [UInt8]
        var mode: Mode
        var kind: BoilerplateKind
    }

    private let patterns: [Pattern]
    private let byFirstByte: [[Int]]

    init(_ list: [(String, Mode, BoilerplateKind)]) {
        patterns = list.map { Pattern(bytes: Array($0.0.utf8), mode: $0.1, kind: $0.2) }
        var table = [[Int]](repeating: [], count: 256)
        for (i, p) in patterns.enumerated() { table[Int(p.bytes[0])].append(i) }
        byFirstByte = table
    }

    /// The union of the kinds of every pattern found in `value` (already lower-cased). O(n·k), k small.
    func match(_ value: UnsafeBufferPointer<UInt8>) -> BoilerplateKind {
        var found = BoilerplateKind()
        let n = value.count
        var i = 0
        while i < n {
            let candidates = byFirstByte[Int(value[i])]
            if !candidates.isEmpty {
                for pi in candidates {
                    let p = patterns[pi]
                    let m = p.bytes.count
                    if i + m > n || found.contains(p.kind) { continue }
                    var ok = true
                    var k = 1
                    while k < m { if value[i + k] != p.bytes[k] { ok = false; break }; k += 1 }
                    if !ok { continue }
                    if p.mode == .word {
                        if i > 0 && ClassPatternSet.isLetter(value[i - 1]) { continue }
                        if i + m < n && ClassPatternSet.isLetter(value[i + m]) { continue }
                    }
                    found.formUnion(p.kind)
                }
            }
            i += 1
        }
        if found.contains(.embed) { found.subtract(.share) }
        return found
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
}

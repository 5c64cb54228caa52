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
/// Patterns are stored flat (one byte pool, offsets grouped by first byte), so the cost per input
/// byte is a table load plus the few patterns sharing that byte; no String, no ARC traffic, no
/// allocation. A `.word` pattern must be bounded by non-letters on both sides ("ad" matches
/// `top-ad` but not `header`).
struct ClassPatternSet: Sendable {
    enum Mode: Sendable { case substring, word }

    private let pool: [UInt8]
    private let starts: [Int32]
    private let lengths: [Int32]
    private let isWord: [Bool]
    private let kinds: [UInt32]
    /// Pattern indices ordered by first byte; `bucket[b] ..< bucket[b + 1]` are those starting with b.
    private let order: [Int32]
    private let bucket: [Int32]

    init(_ list: [(String, Mode, BoilerplateKind)]) {
        var pool: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = [], isWord: [Bool] = [], kinds: [UInt32] = []
        for (text, mode, kind) in list {
            starts.append(Int32(pool.count))
            pool.append(contentsOf: text.utf8)
            lengths.append(Int32(text.utf8.count))
            isWord.append(mode == .word)
            kinds.append(kind.rawValue)
        }
        let sorted = (0 ..< list.count).sorted { pool[Int(starts[$0])] < pool[Int(starts[$1])] }
        var bucket = [Int32](repeating: 0, count: 257)
        for i in sorted { bucket[Int(pool[Int(starts[i])]) + 1] += 1 }
        for b in 0 ..< 256 { bucket[b + 1] += bucket[b] }
        self.pool = pool
        self.starts = starts
        self.lengths = lengths
        self.isWord = isWord
        self.kinds = kinds
        self.order = sorted.map { Int32($0) }
        self.bucket = bucket
    }

    /// The union of the kinds of every pattern found in `value` (already lower-cased). O(n·k), k small.
    func match(_ value: UnsafeBufferPointer<UInt8>) -> BoilerplateKind {
        var found: UInt32 = 0
        let n = value.count
        pool.withUnsafeBufferPointer { pool in
        bucket.withUnsafeBufferPointer { bucket in
        order.withUnsafeBufferPointer { order in
            var i = 0
            while i < n {
                let first = Int(value[i])
                var j = Int(bucket[first])
                let end = Int(bucket[first + 1])
                while j < end {
                    let pi = Int(order[j])
                    j += 1
                    let kind = kinds[pi]
                    if found & kind == kind { continue }
                    let m = Int(lengths[pi])
                    if i + m > n { continue }
                    let start = Int(starts[pi])
                    var k = 1
                    while k < m && value[i + k] == pool[start + k] { k += 1 }
                    if k < m { continue }
                    if isWord[pi] {
                        if i > 0 && ClassPatternSet.isLetter(value[i - 1]) { continue }
                        if i + m < n && ClassPatternSet.isLetter(value[i + m]) { continue }
                    }
                    found |= kind
                }
                i += 1
            }
        }
        }
        }
        var result = BoilerplateKind(rawValue: found)
        if result.contains(.embed) { result.subtract([.share, .sidebar]) }
        return result
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
}

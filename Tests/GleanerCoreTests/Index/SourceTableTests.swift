import Testing
@testable import GleanerCore

@Suite struct SourceTableTests {
    /// The table's path order, compared in place, is the byte order of the paths' UTF-8 (the
    /// order of `Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))`): prefixes first,
    /// non-ASCII by bytes (a decomposed "é" before the composed one), the empty path first.
    @Test func pathOrderIsUTF8ByteOrder() {
        let paths = ["", "a", "ab", "a/b", "a-b", "b", "Z", "site/2023/a.html", "site/2023/a.html.bak",
                     "caf\u{E9}.html", "cafe\u{301}.html", "\u{1F600}.md", "na\u{EF}ve/x", "A", "a b"]
        var rng = SplitMix64(seed: 7)
        var more: [String] = []
        for _ in 0 ..< 200 {
            let n = Int(rng.next() % 6)
            more.append(String((0 ..< n).map { _ in ["a", "b", "/", "\u{E9}", "e", "\u{301}", "Z"][Int(rng.next() % 7)] }.joined()))
        }
        let all = paths + more
        for a in all {
            for b in all {
                #expect(SourceTable.precedes(Array(a.utf8), Array(b.utf8)) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), "\(a) vs \(b)")
            }
        }
    }
}

import Testing
@testable import GleanerCore

@Suite struct TermHashTableTests {
    @Test func internsAndSorts() {
        var t = TermHashTable(capacity: 2)
        var ids: [String: Int] = [:]
        let words = (0 ..< 5000).map { "w\($0 * 7919 % 5000)" } + ["b", "a", "ab", ""]
        for w in words {
            var b = Array(w.utf8)
            let (id, _) = b.withUnsafeMutableBufferPointer { t.intern(UnsafeBufferPointer($0)) }
            if let old = ids[w] { #expect(old == id) } else { ids[w] = id }
        }
        #expect(t.count == ids.count)
        let sorted = t.sortedIds().map { String(decoding: t.key($0), as: UTF8.self) }
        #expect(sorted == ids.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        t.removeAll()
        #expect(t.count == 0)
    }
}

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

    /// `removeAll` empties every slot whether it re-probes each key (a sparse table, after one
    /// large document) or fills the slots (a dense one): afterwards every key is new again and
    /// gets the ids of a fresh table.
    @Test func removeAllLeavesAnEmptyTableSparseOrDense() {
        var t = TermHashTable(capacity: 2)
        func intern(_ w: String) -> (id: Int, isNew: Bool) {
            var b = Array(w.utf8)
            return b.withUnsafeMutableBufferPointer { t.intern(UnsafeBufferPointer($0)) }
        }
        func find(_ w: String) -> Int? { Array(w.utf8).withUnsafeBufferPointer { t.find($0) } }
        // Grow the table with many keys, then use it for a few (sparse), then for many (dense).
        for i in 0 ..< 20000 { _ = intern("big\(i)") }
        for round in 0 ..< 3 {
            t.removeAll()
            #expect(t.count == 0)
            #expect(find("big1") == nil && find("w0") == nil)
            let n = round == 1 ? 20000 : 50
            for i in 0 ..< n {
                let (id, isNew) = intern("w\(i)")
                #expect(isNew && id == i)
            }
            for i in 0 ..< n { #expect(find("w\(i)") == i) }
            #expect(find("big1") == nil)
        }
    }
}

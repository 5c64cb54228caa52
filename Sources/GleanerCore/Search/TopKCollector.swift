/// One ranked result: global doc id, score and words-matched tier.
public struct SearchHit: Sendable, Equatable {
    public var doc: Int
    public var score: Float
    /// Number of top-level query clauses matched (0 when tiering is off).
    public var tier: Int
    /// Primary sort key, compared before the tier (the day for date sorts; 0 for relevance).
    public var key: Int32 = 0

    public init(doc: Int, score: Float, tier: Int, key: Int32 = 0) {
        self.doc = doc
        self.score = score
        self.tier = tier
        self.key = key
    }
}

/// Keeps the best `k` hits in a binary min-heap ordered by (key, tier, score, lower doc id
/// first). O(log k) per collected document, O(k) memory.
struct TopKCollector {
    let k: Int
    private(set) var heap: [SearchHit] = []
    private(set) var total = 0

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(min(k, 4096))
    }

    /// Whether `a` ranks below `b`.
    @inline(__always)
    static func worse(_ a: SearchHit, _ b: SearchHit) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.tier != b.tier { return a.tier < b.tier }
        if a.score != b.score { return a.score < b.score }
        return a.doc > b.doc
    }

    /// The lowest-ranked hit kept, once `k` hits are held (the entry threshold).
    var minimum: SearchHit? { k > 0 && heap.count == k ? heap[0] : nil }

    mutating func collect(_ hit: SearchHit) {
        total += 1
        guard k > 0 else { return }
        if heap.count < k {
            heap.append(hit)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if TopKCollector.worse(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
            }
        } else if TopKCollector.worse(heap[0], hit) {
            heap[0] = hit
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && TopKCollector.worse(heap[l], heap[m]) { m = l }
                if r < heap.count && TopKCollector.worse(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
    }

    /// The hits, best first.
    func sorted() -> [SearchHit] { heap.sorted { TopKCollector.worse($1, $0) } }
}

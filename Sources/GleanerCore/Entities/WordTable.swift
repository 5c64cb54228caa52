/// A per-document map from word hashes (`NERFeatures.Atoms.word`) to small values, for the
/// tagger's document-level counts: open addressing with linear probing over a power-of-two
/// table at most half full, Fibonacci hashing of the (already hashed) key, and a list of the
/// slots in use so that `reset` costs O(entries), not O(capacity). Cheaper than `Dictionary`,
/// which re-hashes every key with SipHash. Per-thread scratch state, never shared.
struct WordTable<Value> {
    private var keys: [UInt64] = []
    private var values: [Value] = []
    private var used: [Int] = []
    private var shift: UInt64 = 64
    private var mask = -1
    /// The value of a key not yet inserted.
    let zero: Value

    init(zero: Value) {
        self.zero = zero
    }

    /// Number of keys inserted since the last `reset`.
    var count: Int { used.count }

    /// Empties the table and makes room for `expected` keys without growing.
    mutating func reset(expected: Int) {
        for s in used { keys[s] = 0 }
        used.removeAll(keepingCapacity: true)
        var capacity = 16
        while capacity < 2 * expected { capacity <<= 1 }
        if keys.count < capacity {
            keys = [UInt64](repeating: 0, count: capacity)
            values = [Value](repeating: zero, count: capacity)
        }
        // Only the first `capacity` slots: a small document stays in a few cache lines even
        // after a long one grew the arrays.
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    private static func slotKey(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    /// The slot of `key`, inserted with `zero` when absent. The table must have been `reset`
    /// for at least as many keys as are inserted. O(1) expected.
    @inline(__always)
    mutating func slot(_ key: UInt64) -> Int {
        let k = WordTable.slotKey(key)
        var s = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let x = keys[s]
            if x == k { return s }
            if x == 0 {
                keys[s] = k
                values[s] = zero
                used.append(s)
                return s
            }
            s = (s &+ 1) & mask
        }
    }

    /// The value of `key`, or `zero` when absent. O(1) expected.
    @inline(__always)
    func value(_ key: UInt64) -> Value {
        let k = WordTable.slotKey(key)
        guard mask > 0 else { return zero }
        var s = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let x = keys[s]
            if x == k { return values[s] }
            if x == 0 { return zero }
            s = (s &+ 1) & mask
        }
    }

    /// The value in slot `s` (from `slot(_:)`).
    @inline(__always)
    subscript(slot s: Int) -> Value {
        get { values[s] }
        set { values[s] = newValue }
    }
}

/// A map from `ParagraphKey` to a paragraph id, for `StoredFieldsWriter`: open addressing with
/// linear probing on the key's first hash, which is already uniformly mixed, so a lookup costs
/// no further hashing (a `Dictionary` runs SipHash over the key's 24 bytes on every lookup).
///
/// Memory: 28 bytes per entry plus 4 bytes per slot (at most half the slots are used). Lookup
/// and insertion are O(1) expected; growing rehashes every entry (amortised O(1)).
struct ParagraphTable {
    /// Per slot: 1 + the index of its entry in `keys`/`values`, or 0 when empty.
    private var slots: [UInt32]
    private var mask: Int
    private var keys: [ParagraphKey] = []
    private var values: [UInt32] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    /// The value stored for `key`, if any.
    subscript(key: ParagraphKey) -> UInt32? {
        var i = Int(truncatingIfNeeded: key.h1) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            let e = Int(s - 1)
            if keys[e] == key { return values[e] }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `key`, which must not be in the table yet.
    mutating func insertNew(_ key: ParagraphKey, _ value: UInt32) {
        if 2 * (keys.count + 1) > slots.count { grow() }
        keys.append(key)
        values.append(value)
        place(keys.count - 1)
    }

    private mutating func place(_ e: Int) {
        var i = Int(truncatingIfNeeded: keys[e].h1) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = UInt32(e + 1)
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in keys.indices { place(e) }
    }
}

/// An open-addressing hash set of byte strings that hands out dense ids (0, 1, 2, …).
///
/// Keys live in one byte arena, so interning a term allocates nothing once capacity is reached.
/// Used per document by the inverter and per segment by the segment writer. Insert and lookup
/// are O(key length) expected; `removeAll` keeps capacity for reuse.
public struct TermHashTable {
    @usableFromInline var arena: [UInt8] = []
    @usableFromInline var starts: [UInt32] = [0]
    @usableFromInline var hashes: [UInt32] = []
    @usableFromInline var slots: [Int32]
    @usableFromInline var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of distinct keys.
    public var count: Int { hashes.count }

    /// Approximate heap bytes held (for flush decisions).
    public var memoryBytes: Int { arena.capacity + starts.capacity * 4 + hashes.capacity * 4 + slots.count * 4 }

    /// The bytes of key `id`, valid until the next mutation.
    @inlinable
    public func key(_ id: Int) -> ArraySlice<UInt8> { arena[Int(starts[id]) ..< Int(starts[id + 1])] }

    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    /// Returns the id of `bytes`, adding it when new.
    @inlinable
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let h = TermHashTable.hash(bytes)
        var slot = Int(h) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == h && equals(id, bytes) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        slots[slot] = Int32(id)
        hashes.append(h)
        arena.append(contentsOf: bytes)
        starts.append(UInt32(arena.count))
        if hashes.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of `bytes`, or nil.
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = TermHashTable.hash(bytes)
        var slot = Int(h) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { return nil }
            if hashes[id] == h && equals(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    @inlinable
    func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        guard e - s == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            memcmp(a.baseAddress! + s, bytes.baseAddress!, bytes.count) == 0
        }
    }

    @usableFromInline
    mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0 ..< hashes.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// Forgets every key, keeping the allocated capacity.
    public mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        if hashes.count > 0 {
            for i in 0 ..< slots.count { slots[i] = -1 }
        }
        hashes.removeAll(keepingCapacity: true)
    }

    /// Ids sorted by key bytes (unsigned lexicographic). O(n log n) comparisons.
    public func sortedIds() -> [Int] {
        arena.withUnsafeBufferPointer { a in
            (0 ..< count).sorted { x, y in
                let xs = Int(starts[x]), xe = Int(starts[x + 1]), ys = Int(starts[y]), ye = Int(starts[y + 1])
                let n = min(xe - xs, ye - ys)
                let c = n == 0 ? 0 : memcmp(a.baseAddress! + xs, a.baseAddress! + ys, n)
                return c != 0 ? c < 0 : (xe - xs) < (ye - ys)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

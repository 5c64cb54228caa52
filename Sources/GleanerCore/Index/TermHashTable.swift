/// An open-addressing hash set of byte strings that hands out dense ids (0, 1, 2, …).
///
/// Keys live in one byte arena, so interning a term allocates nothing once capacity is reached.
/// Used per document by the inverter and per segment by the segment writer. Insert and lookup
/// are O(key length) expected; `removeAll` keeps capacity for reuse.
public struct TermHashTable {
    @usableFromInline var arena: [UInt8] = []
    @usableFromInline var starts: [UInt32] = [0]
    @usableFromInline var hashes: [UInt32] = []
    /// Per slot: `hash << 32 | id`, or `empty`. Keeping the hash in the slot avoids touching
    /// `hashes` and the arena on most mismatches (the table is memory-latency bound).
    @usableFromInline var slots: [UInt64]
    @usableFromInline static let empty = UInt64.max
    @usableFromInline var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = TermHashTable.emptySlots(size)
        mask = size - 1
    }

    /// Number of distinct keys.
    public var count: Int { hashes.count }

    /// Approximate heap bytes held (for flush decisions).
    public var memoryBytes: Int { arena.capacity + starts.capacity * 4 + hashes.capacity * 4 + slots.count * 8 }

    /// The bytes of key `id`, valid until the next mutation.
    @inlinable
    public func key(_ id: Int) -> ArraySlice<UInt8> { arena[Int(starts[id]) ..< Int(starts[id + 1])] }

    /// Calls `body` with the bytes of key `id`.
    @inlinable
    public func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s ..< e])) }
    }

    /// Copies key `id` into `out` (which must hold it) and returns its length.
    @inlinable
    public func copyKey(_ id: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        precondition(e - s <= out.count, "key longer than the buffer")
        _ = arena.withUnsafeBufferPointer { a in
            UnsafeMutableBufferPointer(rebasing: out[0 ..< e - s]).update(fromContentsOf: UnsafeBufferPointer(rebasing: a[s ..< e]))
        }
        return e - s
    }

    /// A fast multiplicative hash over 8-byte words (terms are short: usually one round).
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let raw = UnsafeRawBufferPointer(bytes)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < raw.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count { tail |= UInt64(raw[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 31
        }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Returns the id of `bytes`, adding it when new.
    @inlinable
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        intern(bytes, hash: TermHashTable.hash(bytes))
    }

    /// Reads, without changing anything, the memory that `intern(bytes, hash: h)` will read
    /// first: the key's home slot and, when the slot holds the same hash, the stored key's
    /// bounds and first byte. Returns a value for the caller to keep (so the loads stay).
    ///
    /// A large table is memory-latency bound: touching a batch of keys first lets their cache
    /// misses overlap (the loads are independent), and interning them afterwards hits the cache.
    @inlinable
    public func touch(hash h: UInt32) -> UInt64 {
        let v = slots[Int(h) & mask]
        guard v != TermHashTable.empty, UInt32(truncatingIfNeeded: v >> 32) == h else { return v }
        let s = Int(starts[Int(v & 0xFFFF_FFFF)])
        return s < arena.count ? v &+ UInt64(arena[s]) : v
    }

    /// `touch(hash:)`, and the id of the key in the home slot when its hash is `h` (the id
    /// `intern` will most likely return; `Int.max` when none), so that the caller can touch
    /// its own per-id data in the same batch.
    @inlinable
    public func probe(hash h: UInt32) -> (touched: UInt64, candidate: Int) {
        let v = slots[Int(h) & mask]
        guard v != TermHashTable.empty, UInt32(truncatingIfNeeded: v >> 32) == h else { return (v, Int.max) }
        let id = Int(v & 0xFFFF_FFFF)
        let s = Int(starts[id])
        return (s < arena.count ? v &+ UInt64(arena[s]) : v, id)
    }

    /// `intern(bytes)` with its hash, `TermHashTable.hash(bytes)`, computed already.
    @inlinable
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (id: Int, isNew: Bool) {
        var slot = Int(h) & mask
        while true {
            let v = slots[slot]
            if v == TermHashTable.empty { break }
            if UInt32(truncatingIfNeeded: v >> 32) == h && equals(Int(v & 0xFFFF_FFFF), bytes) { return (Int(v & 0xFFFF_FFFF), false) }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        slots[slot] = UInt64(h) << 32 | UInt64(id)
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
            let v = slots[slot]
            if v == TermHashTable.empty { return nil }
            if UInt32(truncatingIfNeeded: v >> 32) == h && equals(Int(v & 0xFFFF_FFFF), bytes) { return Int(v & 0xFFFF_FFFF) }
            slot = (slot + 1) & mask
        }
    }

    @inlinable @inline(__always)
    func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        guard e - s == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var i = 0
            while i < bytes.count {
                if a[s + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// `size` empty slots; a segment's table (megabytes, probed at random) is advised onto huge
    /// pages before it is filled (`HugePages`; the contents are the same either way).
    @usableFromInline
    static func emptySlots(_ size: Int) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: size) { buf, n in
            HugePages.advise(buf)
            buf.initialize(repeating: TermHashTable.empty)
            n = size
        }
    }

    @usableFromInline
    mutating func grow() {
        let size = slots.count * 2
        slots = TermHashTable.emptySlots(size)
        mask = size - 1
        for id in 0 ..< hashes.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] != TermHashTable.empty { slot = (slot + 1) & mask }
            slots[slot] = UInt64(hashes[id]) << 32 | UInt64(id)
        }
    }

    /// Forgets every key, keeping the allocated capacity. O(keys) when the table is sparse
    /// (each key's slot is found again and emptied: a table grown by one large document costs
    /// the next, small ones nothing extra), else one fill of the slots.
    public mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        if hashes.count > 0 {
            let mask = self.mask
            hashes.withUnsafeBufferPointer { hashes in
                slots.withUnsafeMutableBufferPointer { slots in
                    if hashes.count * 8 < slots.count {
                        // Probe for each key's own entry, stepping over slots already emptied.
                        for id in 0 ..< hashes.count {
                            let entry = UInt64(hashes[id]) << 32 | UInt64(id)
                            var slot = Int(hashes[id]) & mask
                            while slots[slot] != entry { slot = (slot + 1) & mask }
                            slots[slot] = TermHashTable.empty
                        }
                    } else {
                        slots.update(repeating: TermHashTable.empty)
                    }
                }
            }
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

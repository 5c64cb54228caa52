#if canImport(Glibc)
import Glibc
#endif

/// A direct-mapped cache of Snowball stems for one worker: the words of news text recur from
/// document to document, and a cache line read is cheaper than running the stemmer again.
///
/// Each slot is one 64-byte cache line: word length, stem length, the word (≤ 31 bytes) and its
/// stem (≤ 31 bytes). A word maps to one slot by its hash; a different word there is simply
/// replaced. Longer words and stems bypass the cache. A stem is a pure function of its word, so
/// the cache changes no output. Memory: `slotCount` × 64 bytes, allocated once; `free()` it.
struct StemCache {
    static let slotCount = 1 << 15
    static let maxBytes = 31
    private let slots: UnsafeMutableRawPointer
    private let mask = UInt32(StemCache.slotCount - 1)

    init() {
        // 2 MB, probed at random: aligned to a huge page and advised onto one (`HugePages`).
        slots = UnsafeMutableRawPointer.allocate(byteCount: StemCache.slotCount * 64, alignment: HugePages.size)
        HugePages.advise(slots, byteCount: StemCache.slotCount * 64)
        slots.initializeMemory(as: UInt8.self, repeating: 0, count: StemCache.slotCount * 64)
    }

    func free() { slots.deallocate() }

    /// The slot of a word with hash `h` (`TermHashTable.hash` of the word).
    @inline(__always)
    private func slot(_ h: UInt32) -> UnsafeMutablePointer<UInt8> {
        (slots + Int(h & mask) * 64).assumingMemoryBound(to: UInt8.self)
    }

    /// Reads the slot of hash `h` (so that a batch of lookups overlaps its cache misses);
    /// returns a byte for the caller to keep.
    @inline(__always)
    func touch(hash h: UInt32) -> UInt8 { slot(h)[0] }

    /// Calls `body` with the stem of `word` (hash `h`), from the cache or from `stemmer`.
    @inline(__always)
    func stem<R>(_ word: UnsafeBufferPointer<UInt8>, hash h: UInt32, _ stemmer: Stemmer,
                          _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard word.count <= StemCache.maxBytes, word.count > 0 else { return stemmer.stem(word, body) }
        let s = slot(h)
        if Int(s[0]) == word.count && memcmp(s + 2, word.baseAddress!, word.count) == 0 {
            return body(UnsafeBufferPointer(start: s + 33, count: Int(s[1])))
        }
        return stemmer.stem(word) { stem in
            if stem.count <= StemCache.maxBytes {
                s[0] = UInt8(word.count)
                s[1] = UInt8(stem.count)
                (s + 2).update(from: word.baseAddress!, count: word.count)
                if stem.count > 0 { (s + 33).update(from: stem.baseAddress!, count: stem.count) }
            }
            return body(stem)
        }
    }
}

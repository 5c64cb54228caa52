#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large, randomly read table with 2 MB pages (Linux transparent
/// huge pages, `madvise` mode): the tagger probes its 8 MB weight table and its lexicon at
/// random, and with 4 KB pages nearly every probe also misses the TLB. Advice only: where the
/// kernel has no huge page to give, or on other systems, nothing changes (the bytes never do).
enum HugePages {
    /// The huge page size on x86-64 and most arm64 kernels.
    static let size = 2 << 20

    /// Advises the whole huge pages inside `byteCount` bytes at `start`. Call it before the
    /// memory is first written (the kernel picks the page size when it first maps a page), on
    /// memory of one allocation; a span that holds no whole aligned huge page is left alone.
    static func advise(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= size else { return }
        let lo = (Int(bitPattern: start) + size - 1) & ~(size - 1)
        let hi = (Int(bitPattern: start) + byteCount) & ~(size - 1)
        guard hi > lo, let p = UnsafeMutableRawPointer(bitPattern: lo) else { return }
        _ = madvise(p, hi - lo, MADV_HUGEPAGE)
        #endif
    }

    /// `advise` over the memory of an uninitialised buffer (see there).
    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        advise(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: buffer.count * MemoryLayout<T>.stride)
    }
}

/// A fixed-size table of trivial values on memory of its own, aligned to a huge page when it
/// is one or larger and advised onto huge pages (`HugePages`), so that the whole table, not
/// just the huge pages inside a heap block, is covered. Written once by the initialiser's
/// closure, read-only after: share it across threads. Frees its memory on deinit.
final class HugePageTable<Element: BitwiseCopyable>: @unchecked Sendable {
    let count: Int
    private let base: UnsafeMutablePointer<Element>

    /// `count` elements, which `initialize` must all write (it gets uninitialised memory).
    init(count: Int, initialize: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let bytes = max(count * MemoryLayout<Element>.stride, 1)
        let alignment = bytes >= HugePages.size ? HugePages.size : max(MemoryLayout<Element>.alignment, 16)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
        HugePages.advise(raw, byteCount: bytes)
        self.count = count
        base = raw.bindMemory(to: Element.self, capacity: max(count, 1))
        initialize(UnsafeMutableBufferPointer(start: base, count: count))
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    @inline(__always)
    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "HugePageTable index out of range")
        return base[i]
    }

    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

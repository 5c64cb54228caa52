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

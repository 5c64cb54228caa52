#if canImport(Glibc)
/// glibc's `malloc_trim` (declared in `malloc.h`, which the Glibc module does not export).
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Gives freed heap memory back to the system. glibc keeps what worker threads freed in their
/// own arenas; a build calls this between its parallel phase and its merge, so the merge's
/// buffers do not add to the workers' high-water mark. A no-op elsewhere.
enum HeapTrim {
    static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

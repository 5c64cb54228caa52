#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file; unmapped when the last reference goes away.
///
/// Index readers hold one per file and decode straight from the mapping (no copies).
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "open") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GleanerError.io(path: path, errno: errno, operation: "stat") }
        let size = Int(st.st_size)
        if size == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw GleanerError.io(path: path, errno: errno, operation: "mmap") }
        mapping = p
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    /// Drops the mapping's pages from this process's resident set; the kernel's page cache keeps
    /// them and the next read faults them back in. Streaming readers (merges) call it on what
    /// they have read, so a merge's resident memory does not grow with its inputs.
    public func dropResidentPages() {
        #if canImport(Glibc)
        if let mapping { _ = madvise(mapping, bytes.count, Int32(MADV_DONTNEED)) }
        #endif
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
}

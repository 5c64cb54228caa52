#if canImport(Glibc)
import Glibc
#endif

/// The index's writer lock: `flock` on `write.lock`, so only one build runs per index.
///
/// The kernel drops the lock when the process dies, so a killed build never leaves a stale lock.
public final class IndexLock {
    private let fd: Int32

    /// Takes the lock without waiting; throws `GleanerError.locked` if another process holds it.
    public init(directory: String) throws {
        let path = directory + "/write.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "open") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            close(fd)
            if e == EWOULDBLOCK { throw GleanerError.locked(path: directory) }
            throw GleanerError.io(path: path, errno: e, operation: "flock")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

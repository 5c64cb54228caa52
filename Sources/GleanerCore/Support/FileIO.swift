import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers with errors that name the path: whole-file reads, durable writes
/// (write, fsync) and the write-temp-then-rename commit used for every index file.
public enum FileIO {
    /// Reads a whole regular file. Throws `GleanerError.io` naming `path`.
    public static func read(_ path: String, limit: Int = Int.max) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "open") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GleanerError.io(path: path, errno: errno, operation: "stat") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw GleanerError.io(path: path, errno: EISDIR, operation: "read") }
        let expected = Int(st.st_size)
        if expected > limit { throw GleanerError.parse(path: path, reason: "file is \(expected) bytes, over the \(limit)-byte limit") }
        // Read the size fstat gave straight into uninitialised storage (no zero fill, no
        // growth), then probe in small pieces for bytes written since (a file that grew).
        var out = try [UInt8](unsafeUninitializedCapacity: max(expected, 0)) { buf, count in
            while count < buf.count {
                let n = Glibc.read(fd, buf.baseAddress! + count, buf.count - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GleanerError.io(path: path, errno: errno, operation: "read")
                }
                if n == 0 { break }
                count += n
            }
        }
        if out.count < expected { return out }
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { probe in
            while true {
                let n = Glibc.read(fd, probe.baseAddress!, probe.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GleanerError.io(path: path, errno: errno, operation: "read")
                }
                if n == 0 { break }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: probe[0 ..< n]))
                if out.count > limit { throw GleanerError.parse(path: path, reason: "file is over the \(limit)-byte limit") }
            }
        }
        return out
    }

    /// Fault injection for tests: when the environment variable `GLEANER_FAULT_WRITE_LIMIT` is
    /// set to N, writes fail with ENOSPC ("No space left on device") once N bytes have been
    /// written by this process — a simulated full disk.
    static let writeLimit: Int? = ProcessInfo.processInfo.environment["GLEANER_FAULT_WRITE_LIMIT"].flatMap { Int($0) }
    nonisolated(unsafe) static var bytesWritten = 0
    static let writeLock = NSLock()

    static func chargeWrite(_ n: Int, path: String) throws {
        guard let limit = writeLimit else { return }
        writeLock.lock()
        defer { writeLock.unlock() }
        bytesWritten += n
        if bytesWritten > limit { throw GleanerError.io(path: path, errno: ENOSPC, operation: "write") }
    }

    /// Writes `bytes` to `path` (created or truncated) and fsyncs it.
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        try chargeWrite(bytes.count, path: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "create") }
        defer { close(fd) }
        try writeAll(bytes, fd: fd, path: path)
        guard fsync(fd) == 0 else { throw GleanerError.io(path: path, errno: errno, operation: "fsync") }
    }

    /// Writes `bytes` to `path` (created or truncated) without fsync or a temporary file, for
    /// derived, re-creatable output (extracted text, fuzz inputs, a build's scratch segments).
    public static func writeUnsynced(_ bytes: [UInt8], to path: String) throws {
        try chargeWrite(bytes.count, path: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "create") }
        defer { close(fd) }
        try writeAll(bytes, fd: fd, path: path)
    }

    static func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws {
        var written = 0
        try bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GleanerError.io(path: path, errno: errno, operation: "write")
                }
                written += n
            }
        }
    }

    /// Atomically replaces `path` with `bytes`: writes `path.tmp`, fsyncs, renames, fsyncs the folder.
    public static func replaceAtomically(_ bytes: [UInt8], at path: String) throws {
        let tmp = path + ".tmp"
        try writeDurably(bytes, to: tmp)
        guard rename(tmp, path) == 0 else { throw GleanerError.io(path: path, errno: errno, operation: "rename") }
        syncDirectory(of: path)
    }

    /// fsyncs the folder holding `path`, so a rename survives a crash. Best effort.
    public static func syncDirectory(of path: String) {
        let dir = parent(of: path)
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// The folder part of a path ("." when there is none).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates a folder and its parents; succeeds when it exists.
    public static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw GleanerError.io(path: path, errno: ENOTDIR, operation: "mkdir")
        }
        let p = parent(of: path)
        if p != path && p != "." && p != "/" { try makeDirectory(p) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw GleanerError.io(path: path, errno: errno, operation: "mkdir")
        }
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Names in a folder (without "." and ".."), unsorted.
    public static func list(_ dir: String) throws -> [String] {
        guard let d = opendir(dir) else { throw GleanerError.io(path: dir, errno: errno, operation: "opendir") }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func remove(_ path: String) { unlink(path) }
}

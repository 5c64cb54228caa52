#if canImport(Glibc)
import Glibc
#endif

/// Writes a file sequentially, piece by piece, keeping its size and running CRC-32, and fsyncs
/// it at the end: for index files too large to build in memory first (a merge's postings).
/// Honours `FileIO`'s write fault injection like `FileIO.writeDurably`.
final class DurableFileWriter {
    let path: String
    private let fd: Int32
    private(set) var size = 0
    private(set) var crc: UInt32 = 0

    /// Creates (or truncates) `path`.
    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GleanerError.io(path: path, errno: errno, operation: "create") }
    }

    deinit { close(fd) }

    func append(_ bytes: [UInt8]) throws {
        try FileIO.chargeWrite(bytes.count, path: path)
        try FileIO.writeAll(bytes, fd: fd, path: path)
        crc = bytes.withUnsafeBytes { CRC32.checksum($0, seed: crc) }
        size += bytes.count
    }

    /// Flushes the file to disk.
    func sync() throws {
        guard fsync(fd) == 0 else { throw GleanerError.io(path: path, errno: errno, operation: "fsync") }
    }
}

/// Every error Gleaner's library reports; the CLI turns each case into one line and an exit code.
///
/// Cases are stable: later layers add cases, never rename them.
public enum GleanerError: Error, Sendable, CustomStringConvertible {
    /// A file of the index failed a structural or checksum check.
    case corruptIndex(file: String, reason: String)
    /// A file of the index was written by an older format than this build reads.
    case formatTooOld(file: String, found: Int, supported: ClosedRange<Int>)
    /// A file of the index was written by a newer format than this build reads.
    case formatTooNew(file: String, found: Int, supported: ClosedRange<Int>)
    /// An operating-system call on `path` failed with `errno`.
    case io(path: String, errno: Int32, operation: String)
    /// An input document could not be parsed.
    case parse(path: String, reason: String)
    /// A query could not be parsed; `position` is the 1-based character column.
    case query(position: Int, reason: String)
    /// No index exists at `path`.
    case noIndex(path: String)
    /// Another process holds the index's write lock.
    case locked(path: String)
    /// A command-line argument or option value is not usable.
    case usage(String)
    /// The operation ran but could not do its job (e.g. no document could be indexed).
    case failed(String)

    public var description: String {
        switch self {
        case let .corruptIndex(file, reason):
            return "corrupt index file \(file): \(reason)"
        case let .formatTooOld(file, found, supported):
            return "index file \(file) has format version \(found), older than supported \(supported.lowerBound)...\(supported.upperBound); rebuild with `gleaner index --full`"
        case let .formatTooNew(file, found, supported):
            return "index file \(file) has format version \(found), newer than supported \(supported.lowerBound)...\(supported.upperBound); upgrade gleaner"
        case let .io(path, errno, operation):
            return "\(path): \(operation) failed: \(String(cString: strerror(errno)))"
        case let .parse(path, reason):
            return "\(path): \(reason)"
        case let .query(position, reason):
            return "query error at column \(position): \(reason)"
        case let .noIndex(path):
            return "no index at \(path); create one with `gleaner index CORPUS --index \(path)`"
        case let .locked(path):
            return "index \(path) is locked by another gleaner process"
        case let .usage(message), let .failed(message):
            return message
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

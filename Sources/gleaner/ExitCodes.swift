import ArgumentParser
import GleanerCore
#if canImport(Glibc)
import Glibc
#endif

/// The one place that turns library errors into a one-line message on stderr and an exit code:
/// 0 ok, 1 error, 2 usage or bad query, 75 index locked.
enum CLIErrors {
    static func exit(for error: Error) -> Never {
        let (message, code): (String, Int32)
        switch error {
        case let e as GleanerError:
            switch e {
            case .query, .usage: code = 2
            case .locked: code = 75
            default: code = 1
            }
            message = e.description
        default:
            message = "\(error)"
            code = 1
        }
        FileHandleOutput.stderr("gleaner: \(message)\n")
        Glibc.exit(code)
    }
}

/// Unbuffered writes to the standard streams.
enum FileHandleOutput {
    static func stderr(_ s: String) {
        var bytes = Array(s.utf8)
        bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}

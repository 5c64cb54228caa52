import Foundation
import GleanerCore

/// A fresh folder under the system temp dir, removed when the value is deinitialised.
public final class TempDirectory: Sendable {
    public let path: String

    public init(_ label: String = "gleaner-test") {
        let base = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` (UTF-8) at `relative`, creating folders.
    @discardableResult
    public func write(_ relative: String, _ contents: String) -> String {
        write(relative, bytes: Array(contents.utf8))
    }

    @discardableResult
    public func write(_ relative: String, bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }
}

/// Paths of the repository, found from this source file (tests run from any folder).
public enum RepoPaths {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var corpus: String { root + "/Corpus" }
    public static var fixtures: String { root + "/Tests/Fixtures" }
    /// `../shared` beside the repository, when it exists.
    public static var shared: String? {
        let p = (root as NSString).deletingLastPathComponent + "/shared"
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }
}

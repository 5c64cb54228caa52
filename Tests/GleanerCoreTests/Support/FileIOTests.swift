import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct FileIOTests {
    /// Whole-file reads return exactly the bytes, whatever the size relative to the read
    /// pieces (empty, one byte, exactly 4 KB, an odd size past it).
    @Test func readsWholeFilesOfAnySize() throws {
        let tmp = TempDirectory()
        for (i, n) in [0, 1, 4096, 4097, 123_457].enumerated() {
            let bytes = (0 ..< n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = tmp.path + "/f\(i)"
            try FileIO.writeDurably(bytes, to: path)
            #expect(try FileIO.read(path) == bytes, "\(n) bytes")
            #expect(try FileIO.read(path, limit: n) == bytes, "\(n) bytes at a limit of \(n)")
        }
    }

    /// A file over the limit, a folder and a missing file are errors, not crashes.
    @Test func limitFolderAndMissingFileAreErrors() throws {
        let tmp = TempDirectory()
        let path = tmp.path + "/big"
        try FileIO.writeDurably([UInt8](repeating: 1, count: 10_000), to: path)
        #expect(throws: GleanerError.self) { try FileIO.read(path, limit: 9_999) }
        #expect(throws: GleanerError.self) { try FileIO.read(tmp.path) }
        #expect(throws: GleanerError.self) { try FileIO.read(tmp.path + "/missing") }
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct DurableFileWriterTests {
    @Test func piecesMakeTheFileAndItsChecksum() throws {
        let tmp = TempDirectory()
        let path = tmp.path + "/f.bin"
        let pieces: [[UInt8]] = [Array("header".utf8), [], Array(0 ... 255), Array(repeating: 7, count: 100_000)]
        let w = try DurableFileWriter(path: path)
        for p in pieces { try w.append(p) }
        try w.sync()
        let all = pieces.flatMap { $0 }
        #expect(try FileIO.read(path) == all)
        #expect(w.size == all.count && w.crc == CRC32.checksum(all))
    }

    @Test func missingFolderIsAnError() {
        #expect(throws: GleanerError.self) { try DurableFileWriter(path: "/nonexistent-gleaner-dir/f.bin") }
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// `gleaner check`: the manifest's per-file CRC is the one the file's footer carries, so a file
/// that is well formed on its own but is not the one the commit wrote is caught.
@Suite struct IndexCheckerTests {
    static func build(_ dir: TempDirectory) throws {
        let docs = (0 ..< 12).map { i in
            StoredDocument(id: "d\(i)", path: "d\(i).txt", title: "Ferry report \(i)",
                           text: Array("The harbour ferry ran \(i) times on day \(i * 3), the port office said.".utf8))
        }
        _ = try Indexer(directory: dir.path).build(documents: docs)
    }

    @Test func manifestRecordsEachFilesFooterChecksum() throws {
        let dir = TempDirectory()
        try Self.build(dir)
        let manifest = try Manifest.read(from: dir.path)
        let entries = manifest.segments.flatMap(\.files)
        #expect(!entries.isEmpty)
        for e in entries {
            let bytes = try FileIO.read(dir.path + "/" + e.name)
            let footer = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            #expect(e.crc32 == footer, "\(e.name)")
        }
        // Whole-file CRCs of footer-terminated files are all the same value; the entries are not.
        #expect(Set(entries.map(\.crc32)).count == entries.count)
        _ = try IndexChecker(directory: dir.path).check()
    }

    @Test func selfConsistentButForeignFileIsReported() throws {
        let dir = TempDirectory()
        try Self.build(dir)
        let manifest = try Manifest.read(from: dir.path)
        let name = manifest.segments[0].files.first { $0.name.hasSuffix(".norms") }!.name
        var bytes = try FileIO.read(dir.path + "/" + name)
        // Change one byte before the footer and give the file a footer that matches it.
        bytes[bytes.count - 9] ^= 0x01
        let crc = CRC32.checksum(Array(bytes[0 ..< bytes.count - 4]))
        for k in 0 ..< 4 { bytes[bytes.count - 4 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        try FileIO.writeDurably(bytes, to: dir.path + "/" + name)
        do {
            _ = try IndexChecker(directory: dir.path).check()
            Issue.record("a file the manifest did not commit passed the check")
        } catch let e as GleanerError {
            #expect(e.description.contains(name) && e.description.contains("manifest says"))
            #expect(!e.description.contains("\n"))
        }
    }
}

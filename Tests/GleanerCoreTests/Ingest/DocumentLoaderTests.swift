import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

@Suite struct DocumentLoaderTests {
    @Test func fileDeletedBetweenListingAndReadingIsAProblemNotACrash() throws {
        let dir = TempDirectory()
        dir.write("c/gone.html", "<html><body><p>Soon gone.</p></body></html>")
        var walker = CorpusWalker(roots: [dir.path + "/c"])
        let files = try walker.files()
        #expect(files.count == 1)
        try FileManager.default.removeItem(atPath: files[0].path)
        let r = DocumentLoader().load(files[0])
        #expect(r.documents.isEmpty)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.path == files[0].path)
        #expect(r.problems.first?.reason.contains("No such file or directory") == true)
    }

    @Test func unreadableFileIsReported() throws {
        guard getuid() != 0 else { return }  // root reads everything: nothing to test
        let dir = TempDirectory()
        let path = dir.write("c/locked.txt", "Title\n\nText.\n")
        chmod(path, 0)
        let r = DocumentLoader().load(CorpusFile(path: path, relativePath: "locked.txt", kind: .text, size: 10, mtime: 0))
        #expect(r.problems.first?.reason.contains("Permission denied") == true)
    }

    @Test func unchangedContentIsNotParsedAgain() throws {
        let dir = TempDirectory()
        let path = dir.write("c/a.txt", "Title\n\nBody text.\n")
        let file = CorpusFile(path: path, relativePath: "a.txt", kind: .text, size: 18, mtime: 0)
        let first = DocumentLoader().load(file)
        #expect(first.documents.count == 1 && !first.unchanged)
        let again = DocumentLoader().load(file, unlessCRC: first.crc32)
        #expect(again.unchanged && again.documents.isEmpty)
    }
}

import Testing
@testable import GleanerCore

/// Plain-text and Markdown articles: headline, paragraphs, bio and comment-form residue.
@Suite struct ExtractPlainTextReaderTests {
    func read(_ s: String, markdown: Bool = false) -> Article {
        PlainTextReader().read(Array(s.utf8), path: "a.txt", markdown: markdown)
    }

    @Test func firstLineIsTheTitleAndParagraphsAreKept() {
        let a = read("River park to grow\n\nThe council voted on Tuesday.\nIt was close.\n\nWork starts next year.\n")
        #expect(a.title == "River park to grow")
        #expect(a.text == "The council voted on Tuesday. It was close.\n\nWork starts next year.")
    }

    @Test func trailingAuthorBioIsDropped() {
        let a = read("Title\n\nFirst paragraph of the story.\n\nSecond paragraph of the story.\n\nJane Doe is a reporter for The Daily Example based in Springfield.\n")
        #expect(a.text == "First paragraph of the story.\n\nSecond paragraph of the story.")
    }

    @Test func commentFormResidueIsCutOff() {
        let a = read("Title\n\nThe story itself.\n\nLeave a Reply\n\nPlease enter your comment!\n\nPlease enter your name here\n")
        #expect(a.text == "The story itself.")
    }

    @Test func markdownMarkupIsStripped() {
        let a = read("# River park\n\n## Background\n\nThe **council** voted.\n\n- first point\n", markdown: true)
        #expect(a.title == "River park")
        #expect(a.text == "Background\n\nThe council voted.\n\nfirst point")
    }

    @Test func bomAndInvalidBytesAreHandled() {
        let a = PlainTextReader().read([0xEF, 0xBB, 0xBF] + Array("Title\n\nCaf".utf8) + [0xE9] + Array(" text.\n".utf8), path: "a.txt")
        #expect(a.title == "Title")
        #expect(a.body.withUnsafeBufferPointer { PageEncoding.isValidUTF8($0) })
    }
}

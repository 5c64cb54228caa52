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

    @Test func crlfFilesKeepTheirParagraphsAndLoseTheirResidue() {
        let text = "Ferry timetable changes\r\n\r\nThe ferry will sail at dawn.\r\nIt returns at dusk.\r\n\r\n"
            + "Crews were told on Friday.\r\n\r\nAnna Berg is a reporter for the Coast Courier based in Bergen.\r\n"
            + "Leave a Reply\r\nPlease enter your comment!\r\nPlease enter your name here\r\n"
        let a = read(text)
        #expect(a.title == "Ferry timetable changes")
        #expect(a.text == "The ferry will sail at dawn. It returns at dusk.\n\nCrews were told on Friday.")
    }

    @Test func residueLinesInsideAParagraphEndTheArticle() {
        let a = read("Title\n\nBody text here.\nShare this:\nFacebook\nPost Comment\n")
        #expect(a.text == "Body text here.")
    }

    @Test func markdownFrontMatterBecomesMetadata() {
        let md = "---\nlayout: post\ntitle: \"Grids are the bottleneck\"\nauthor: Jonas Feld\ndate: 2023-10-19\n---\n\n# Grids are the bottleneck\n\nLines take a decade to build.\n"
        let a = read(md, markdown: true)
        #expect(a.title == "Grids are the bottleneck")
        #expect(a.author == "Jonas Feld")
        #expect(a.date == "2023-10-19")
        #expect(a.text == "Lines take a decade to build.")
    }
}

import Testing
@testable import GleanerCore

/// Inputs that must not crash or hang: deep nesting, empty and binary files, truncated and huge pages.
@Suite struct ExtractRobustnessTests {
    typealias F = ExtractFixtures

    @Test func deeplyNestedDivsDoNotOverflowTheStack() throws {
        let depth = 10_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + F.proseHTML
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let a = try F.extract(html)
        #expect(a.text.contains(F.paragraphs[0]))
        // The DOM text helper is iterative too.
        let doc = try Array(html.utf8).withUnsafeBufferPointer { try HTMLDocument(bytes: $0, path: "deep.html") }
        #expect(DOM.text(doc.root!).contains(F.paragraphs[2]))
    }

    @Test func unclosedNestingIsSafe() throws {
        let html = "<html><body>" + String(repeating: "<div><span><b>", count: 5_000) + F.proseHTML
        let a = try F.extract(html)
        #expect(a.text.contains(F.paragraphs[1]))
    }

    /// Text nodes are copied a run of words at a time (words joined by one ASCII space); any
    /// other white space (several spaces, tabs, newlines, no-break and thin spaces) still
    /// collapses to one space, inside links too.
    @Test func whitespaceCollapsesAcrossWordRuns() throws {
        let messy = "Harbour  pilots\tsaid the\u{A0}ferry <a href=\"/x\">slots were   cut</a> on\u{2009}Friday ,\nand  again today."
        let html = F.page(inside: "<p>\(messy)</p>")
        let a = try F.extract(html)
        #expect(a.text.contains("Harbour pilots said the ferry slots were cut on Friday , and again today."))
    }

    @Test func emptyInputIsAParseError() {
        #expect { try F.extract(bytes: []) } throws: { error in
            guard case let GleanerError.parse(path, reason) = error else { return false }
            return path == "test.html" && reason.contains("empty")
        }
    }

    @Test func binaryInputIsAParseError() {
        let binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        #expect { try F.extract(bytes: binary) } throws: { error in
            guard case let GleanerError.parse(_, reason) = error else { return false }
            return reason.contains("binary")
        }
    }

    @Test func whitespaceOnlyInputIsAParseError() {
        #expect(throws: GleanerError.self) { try F.extract("   \n\t  ") }
    }

    @Test func truncatedHTMLStillYieldsText() throws {
        let full = F.page()
        let cut = String(full.prefix(full.count * 2 / 3))
        let a = try F.extract(cut)
        #expect(a.text.contains(F.paragraphs[0]))
    }

    @Test func pageWithoutArticleGivesEmptyBodyNotACrash() throws {
        let a = try F.extract("<html><body><nav><a href=/>Home</a></nav></body></html>")
        #expect(a.body.isEmpty)
    }

    @Test func largePageIsExtracted() throws {
        // ~8 MB of markup: many boilerplate blocks around one article (50 MB pages work the same way,
        // but take too long for a debug-build unit test).
        let filler = String(repeating: "<div class=\"promo\"><a href=\"/x\">Other story headline here</a></div>\n", count: 100_000)
        let html = "<html><body>" + filler + "<article>" + F.proseHTML + "</article>" + filler + "</body></html>"
        let a = try F.extract(html)
        #expect(a.text == F.paragraphs.joined(separator: "\n\n"))
    }

    @Test func outputIsAlwaysValidUTF8() throws {
        var bytes = Array(F.page().utf8)
        bytes.insert(contentsOf: [0xC3, 0x28, 0xE2, 0x82], at: bytes.count / 2)  // broken sequences mid-article
        let a = try F.extract(bytes: bytes)
        #expect(a.body.withUnsafeBufferPointer { PageEncoding.isValidUTF8($0) })
    }
}

import Foundation
import Testing
@testable import GleanerCore

/// Each metadata source on its own, then the precedence between them.
@Suite struct ExtractMetadataTests {
    typealias F = ExtractFixtures

    /// A page whose only metadata is `head` (plus the given body markup before the prose).
    func page(head: String, title: String = "", h1: String = "", body: String = "") -> String {
        """
        <html><head><title>\(title)</title>\(head)</head><body>\(h1.isEmpty ? "" : "<h1>\(h1)</h1>")\(body)
        <div class="content">\(F.proseHTML)</div></body></html>
        """
    }

    @Test func ogTitle() throws {
        let a = try F.extract(page(head: #"<meta property="og:title" content="Council backs river park">"#, title: "Home"))
        #expect(a.title == "Council backs river park")
    }

    @Test func h1PreferredWhenItAgreesWithOgTitle() throws {
        let a = try F.extract(page(head: #"<meta property="og:title" content="Council backs river park - Daily Example">"#,
                                   h1: "Council backs river park plan"))
        #expect(a.title == "Council backs river park plan")
    }

    @Test func titleSuffixIsStripped() throws {
        #expect(try F.extract(page(head: "", title: "Council backs river park | The Daily Example")).title == "Council backs river park")
        #expect(try F.extract(page(head: "", title: "Council backs river park - Daily Example")).title == "Council backs river park")
        #expect(try F.extract(page(head: "", title: "Council backs river park \u{2014} Example News")).title == "Council backs river park")
    }

    @Test func jsonLD() throws {
        let ld = """
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Example"},
        {"@type":"NewsArticle","headline":"Park vote passes","datePublished":"2019-11-19T08:30:00Z",
         "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
         "publisher":{"@type":"Organization","name":"The Daily Example"},"inLanguage":"en-GB"}]}</script>
        """
        let a = try F.extract(page(head: ld))
        #expect(a.title == "Park vote passes")
        #expect(a.date == "2019-11-19")
        #expect(a.author == "Jane Doe, John Roe")
        #expect(a.siteName == "The Daily Example")
    }

    @Test func malformedJSONLDIsIgnored() throws {
        let a = try F.extract(page(head: #"<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>"#, title: "Fallback title"))
        #expect(a.title == "Fallback title")
        #expect(a.text.contains(F.paragraphs[0]))
    }

    @Test func articlePublishedTime() throws {
        let a = try F.extract(page(head: #"<meta property="article:published_time" content="2023-03-14T10:00:00+01:00">"#))
        #expect(a.date == "2023-03-14")
    }

    @Test func timeElement() throws {
        let a = try F.extract(page(head: "", body: #"<time datetime="2021-07-04T12:00">July 4</time>"#))
        #expect(a.date == "2021-07-04")
        let b = try F.extract(page(head: "", body: "<time>14 March 2023</time>"))
        #expect(b.date == "2023-03-14")
    }

    @Test func dateFromURL() throws {
        let a = try F.extract(page(head: #"<link rel="canonical" href="https://example.com/2019/11/18/park-vote/">"#))
        #expect(a.date == "2019-11-18")
        #expect(a.url == "https://example.com/2019/11/18/park-vote/")
    }

    @Test func authorSiteAndLanguage() throws {
        let head = #"<meta name="author" content="By Jane Doe"><meta property="og:site_name" content="The Daily Example">"#
        let html = page(head: head).replacingOccurrences(of: "<html>", with: #"<html lang="en-US">"#)
        let a = try F.extract(html)
        #expect(a.author == "Jane Doe")
        #expect(a.siteName == "The Daily Example")
        #expect(a.language == "en")
    }

    @Test func dateParserFormats() {
        #expect(DateParser.isoDate("2019-11-19T08:30:00Z") == "2019-11-19")
        #expect(DateParser.isoDate("2019/11/19") == "2019-11-19")
        #expect(DateParser.isoDate("March 14, 2023") == "2023-03-14")
        #expect(DateParser.isoDate("Tue, 19 Nov 2019 07:32") == "2019-11-19")
        #expect(DateParser.isoDate("yesterday") == nil)
        #expect(DateParser.dateInURL("https://x.com/news/2019-11-18-park/") == "2019-11-18")
        #expect(DateParser.dateInURL("https://x.com/news/park/") == nil)
    }

    @Test func jsonLDArticleBodyRescuesScriptOnlyPages() throws {
        let body = F.paragraphs.joined(separator: "\\n")
        let html = """
        <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","articleBody":"\(body)"}</script></head>
        <body><div id="app">Loading…</div></body></html>
        """
        let a = try F.extract(html)
        #expect(a.text == F.paragraphs.joined(separator: "\n\n"))
    }
}

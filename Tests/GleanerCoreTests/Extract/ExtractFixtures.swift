@testable import GleanerCore

/// Small inline pages for the extraction tests.
enum ExtractFixtures {
    /// Three paragraphs of plain article prose, long enough to win the content scoring.
    static let paragraphs = [
        "The city council voted on Tuesday to expand the river park, ending a debate that had run for three years, divided two neighbourhoods and filled every public meeting since the spring.",
        "Supporters said the plan would add walking paths, a small library and a playground, while opponents warned that parking, traffic and maintenance costs would grow faster than the budget.",
        "Work is expected to begin next summer, and the first section, near the old mill, should open to the public before the end of the following year, officials said.",
    ]

    static var proseHTML: String { paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n") }

    /// A page with a header, navigation, the article (`inside` placed after the prose) and a footer.
    static func page(head: String = "", beforeProse: String = "", inside: String = "", afterArticle: String = "") -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>River park to grow | The Daily Example</title>\(head)</head>
        <body>
        <header class="site-header"><a href="/">The Daily Example</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
        <main><article>
        <h1>River park to grow after council vote</h1>
        \(beforeProse)
        <div class="article-body">
        \(proseHTML)
        \(inside)
        </div>
        </article>
        \(afterArticle)
        </main>
        <footer><p>Copyright The Daily Example. All rights reserved. Contact us. Privacy policy.</p></footer>
        </body></html>
        """
    }

    static func extract(_ html: String) throws -> Article {
        try ArticleExtractor().extract(html: Array(html.utf8), path: "test.html")
    }

    static func extract(bytes: [UInt8]) throws -> Article {
        try ArticleExtractor().extract(html: bytes, path: "test.html")
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// The sample corpus comes out clean, page by page: every expected body sentence (including
/// in-body sub-headings and the last paragraph) is there, every boilerplate string of the page
/// (comment form, reader comments, author bio, related headlines, share bar, newsletter and
/// cookie notices, "Read more" lines) is gone, and headline, date, author and site are right.
/// Expectations: Tests/Fixtures/corpus-expectations.json.
@Suite struct ExtractCorpusTests {
    struct Expectation: Decodable {
        var path: String
        var id: String?
        var title: String
        var author: String?
        var date: String?
        var site: String?
        var mustContain: [String]
        var mustNotContain: [String]
    }

    static let expectations: [Expectation] = {
        let data = FileManager.default.contents(atPath: RepoPaths.fixtures + "/corpus-expectations.json")!
        return try! JSONDecoder().decode([Expectation].self, from: data)
    }()

    /// Documents of the corpus by id (relative path, or the JSON id).
    static let documents: [String: StoredDocument] = {
        var walker = CorpusWalker(roots: [RepoPaths.corpus])
        var out: [String: StoredDocument] = [:]
        let loader = DocumentLoader()
        for f in (try? walker.files()) ?? [] {
            for d in loader.load(f).documents { out[d.id] = d }
        }
        return out
    }()

    @Test(arguments: expectations.map(\.path).enumerated().map { $0.offset })
    func pageComesOutClean(_ index: Int) throws {
        let e = Self.expectations[index]
        let id = e.id ?? e.path
        let doc = try #require(Self.documents[id], "no document \(id)")
        let text = String(decoding: doc.text, as: UTF8.self)
        for s in e.mustContain { #expect(text.contains(s), "\(id): body lost “\(s.prefix(60))”") }
        for s in e.mustNotContain { #expect(!text.contains(s), "\(id): boilerplate kept “\(s.prefix(60))”") }
        #expect(doc.title == e.title, "\(id)")
        if let date = e.date { #expect(doc.date == date, "\(id)") }
        if let author = e.author { #expect(doc.author == author, "\(id)") }
        // JSON records carry no site name of their own; pages do.
        if let site = e.site, e.id == nil { #expect(doc.site == site, "\(id)") }
    }

    @Test func bylineNames() {
        #expect(MetadataReader.author(fromByline: "By Anna Reyes, Continental Press") == "Anna Reyes")
        #expect(MetadataReader.author(fromByline: "By Marloes de Wit | 14 March 2023") == "Marloes de Wit")
        #expect(MetadataReader.author(fromByline: "By Ruth Carrick and Owen Fairley") == "Ruth Carrick and Owen Fairley")
        #expect(MetadataReader.author(fromByline: "Published 14 March 2023") == nil)
        #expect(MetadataReader.author(fromByline: "By the end of the week the port reopened") == nil)
    }
}

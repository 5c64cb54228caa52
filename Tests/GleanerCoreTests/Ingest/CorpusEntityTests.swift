import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Issue 4's "Done when" on the sample `Corpus/`: extraction + `EntityAnnotator` (the shipped
/// model) give each article the people, organisations and places that
/// `Tests/Fixtures/corpus-expectations.json` lists, short forms merged, and none of the
/// boilerplate-only names (author bios, site names, commenters).
///
/// The tagger is not perfect, so recall is asserted with thresholds set a margin below what
/// it achieves today (per type, overall and per article): a regression fails, an improvement
/// passes. Figures when the thresholds were set (two model versions): person 80/81, org
/// 63–68/90, place 173–178/193, lowest article 0.64–0.71.
@Suite(.serialized) struct CorpusEntityTests {
    struct Expectation {
        var id: String
        var entities: [String: [String]]
        var notEntities: [String]
    }

    struct Annotated {
        var expectation: Expectation
        var document: StoredDocument
    }

    /// Every expected document, loaded and annotated once for the whole suite.
    static let corpus: [Annotated] = {
        let data = FileManager.default.contents(atPath: RepoPaths.fixtures + "/corpus-expectations.json")!
        let list = try! JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        var annotator = EntityAnnotator.makeDefault()!
        let loader = DocumentLoader()
        var loaded: [String: [StoredDocument]] = [:]
        var out: [Annotated] = []
        for item in list {
            let path = item["path"] as! String
            let e = Expectation(id: item["id"] as? String ?? path, entities: item["entities"] as? [String: [String]] ?? [:],
                                notEntities: item["notEntities"] as? [String] ?? [])
            if loaded[path] == nil {
                let full = RepoPaths.corpus + "/" + path
                let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
                let file = CorpusFile(path: full, relativePath: path, kind: CorpusFile.kind(forName: path)!, size: size, mtime: 0)
                loaded[path] = loader.load(file).documents
            }
            guard var doc = loaded[path]!.first(where: { $0.id == e.id }) else { fatalError("no document \(e.id) in \(path)") }
            annotator.annotate(&doc)
            out.append(Annotated(expectation: e, document: doc))
        }
        return out
    }()

    static let fields: [(String, Field)] = [("person", .person), ("org", .organization), ("place", .place)]

    func names(_ d: StoredDocument, _ field: Field) -> Set<String> {
        Set(d.entities.filter { $0.field == field }.map { $0.name.lowercased() })
    }

    /// Boilerplate names that reach the facets because extraction keeps them in the body, by
    /// document id; empty since plain-text files lose their comment residue and bios and
    /// Markdown front matter is read as metadata. Add an entry only with an open issue.
    static let knownExtractionLeaks: [String: Set<String>] = [:]

    @Test func corpusHasEveryExpectedDocument() {
        #expect(Self.corpus.count == 26)
        #expect(Self.corpus.allSatisfy { !$0.document.text.isEmpty })
    }

    @Test func expectedPeopleOrganisationsAndPlacesAreFacets() {
        var found: [String: Int] = [:], total: [String: Int] = [:]
        for a in Self.corpus {
            var hit = 0, all = 0
            var missing: [String] = []
            for (label, field) in Self.fields {
                let have = names(a.document, field)
                for n in a.expectation.entities[label] ?? [] {
                    total[label, default: 0] += 1
                    all += 1
                    if have.contains(n.lowercased()) {
                        found[label, default: 0] += 1
                        hit += 1
                    } else {
                        missing.append("\(label):\(n)")
                    }
                }
            }
            // Every article keeps most of its entities (lowest today: 0.64–0.71).
            let recall = all == 0 ? 1 : Double(hit) / Double(all)
            #expect(recall >= 0.5, "\(a.expectation.id): recall \(hit)/\(all), missing \(missing)")
            // People are the tagger's strongest type: at most one missed per article.
            let people = a.expectation.entities["person"] ?? []
            let missedPeople = people.filter { !names(a.document, .person).contains($0.lowercased()) }
            #expect(missedPeople.count <= 1, "\(a.expectation.id): people missing \(missedPeople)")
        }
        func r(_ t: String) -> Double { Double(found[t] ?? 0) / Double(max(1, total[t] ?? 0)) }
        #expect(total["person"] == 81 && total["org"] == 90 && total["place"] == 193)
        #expect(r("person") >= 0.95, "person recall \(found["person"] ?? 0)/\(total["person"] ?? 0)")
        #expect(r("org") >= 0.65, "org recall \(found["org"] ?? 0)/\(total["org"] ?? 0)")
        #expect(r("place") >= 0.85, "place recall \(found["place"] ?? 0)/\(total["place"] ?? 0)")
        let overall = Double(found.values.reduce(0, +)) / Double(total.values.reduce(0, +))
        print("corpus entity recall: " + ["person", "org", "place"].map { "\($0) \(found[$0] ?? 0)/\(total[$0] ?? 0)" }.joined(separator: ", "))
        #expect(overall >= 0.85, "overall recall \(overall)")
    }

    @Test func shortFormsAreMergedIntoTheFullName() {
        var checked = 0
        for a in Self.corpus {
            let all = Set(a.document.entities.map { $0.name.lowercased() })
            for (label, _) in Self.fields {
                for full in a.expectation.entities[label] ?? [] where all.contains(full.lowercased()) {
                    let words = full.lowercased().split(separator: " ").map(String.init)
                    guard words.count > 1 else { continue }
                    // A person's surname ("Prigozhin", "Kirby"); an organisation's first word
                    // when the rest is a designator ("Wagner" of "Wagner Group").
                    var short: [String] = []
                    if label == "person" && words.count == 2 { short.append(words[1]) }
                    if label == "org" && words.count == 2 && DocumentEntityResolver.organizationWords.contains(words[1]) { short.append(words[0]) }
                    for s in short {
                        checked += 1
                        #expect(!all.contains(s), "\(a.expectation.id): '\(s)' is a facet beside '\(full)'")
                    }
                }
            }
        }
        #expect(checked >= 60)
        // The named cases of the issue, in the articles that use both spellings.
        let prigozhin = Self.corpus.filter { names($0.document, .person).contains("yevgeny prigozhin") }
        #expect(prigozhin.count >= 6)
        for a in prigozhin {
            let all = Set(a.document.entities.map { $0.name.lowercased() })
            #expect(!all.contains("prigozhin") && !all.contains("wagner") && !all.contains("kirby"), "\(a.expectation.id)")
        }
    }

    @Test func boilerplateNamesAreNotFacets() {
        var checked = 0
        for a in Self.corpus {
            let all = Set(a.document.entities.map { $0.name.lowercased() })
            let known = Self.knownExtractionLeaks[a.expectation.id] ?? []
            for n in a.expectation.notEntities {
                checked += 1
                if known.contains(n) {
                    withKnownIssue("extraction keeps \(n) in \(a.expectation.id)", isIntermittent: true) {
                        #expect(!all.contains(n.lowercased()))
                    }
                } else {
                    #expect(!all.contains(n.lowercased()), "\(a.expectation.id): boilerplate name '\(n)' is a facet")
                }
            }
            // The site's own name never describes the story.
            let site = EntityAnnotator.ownName(a.document.site)
            if !site.isEmpty { #expect(!a.document.entities.contains { EntityAnnotator.ownName($0.name) == site }, "\(a.expectation.id)") }
        }
        #expect(checked == 131)
    }

    @Test func siteAndAuthorNamesAreFilteredFromFacets() {
        var doc = StoredDocument(id: "x", path: "x", author: "Anna Reyes", site: "The Harbour Ledger")
        doc.text = Array("x".utf8)
        let found = [DocumentEntity(name: "Harbour Ledger", type: .organization, count: 1),
                     DocumentEntity(name: "Anna Reyes", type: .person, count: 1),
                     DocumentEntity(name: "Continental Press", type: .organization, count: 2)]
        #expect(EntityAnnotator.facets(found, of: doc) == [StoredEntity(field: .organization, name: "Continental Press", count: 2)])
    }
}

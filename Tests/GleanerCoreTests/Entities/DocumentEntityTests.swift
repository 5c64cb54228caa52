import Testing
@testable import GleanerCore

@Suite struct EntitiesDocumentTests {
    /// Body mentions from (text, type) pairs laid out one after another in a fake body.
    func mentions(_ items: [(String, EntityType)]) -> ([EntityMention], [UInt8]) {
        var body: [UInt8] = []
        var out: [EntityMention] = []
        for (i, (text, type)) in items.enumerated() {
            let s = body.count
            body += Array(text.utf8)
            out.append(EntityMention(text: text, type: type, start: s, end: body.count, sentence: i))
            body += Array(" said. ".utf8)
        }
        return (out, body)
    }

    func resolve(_ items: [(String, EntityType)], title: [(String, EntityType)] = []) -> [DocumentEntity] {
        let (m, body) = mentions(items)
        let t = title.map { EntityMention(text: $0.0, type: $0.1, start: 0, end: 0, sentence: 0) }
        return DocumentEntityResolver.resolve(title: t, body: m, bodyText: body)
    }

    @Test func shortFormsMergeIntoTheFullName() {
        let e = resolve([("John Kirby", .person), ("Kirby", .organization), ("Kirby", .person),
                         ("Yevgeny Prigozhin", .person), ("Prigozhin", .person),
                         ("Wagner Group", .organization), ("Wagner", .organization), ("Wagner", .person)])
        #expect(e.count == 3)
        let byName = Dictionary(uniqueKeysWithValues: e.map { ($0.name, $0) })
        #expect(byName["John Kirby"]?.count == 3 && byName["John Kirby"]?.type == .person)
        #expect(byName["Yevgeny Prigozhin"]?.count == 2)
        #expect(byName["Wagner Group"]?.count == 3 && byName["Wagner Group"]?.type == .organization)
        #expect(byName["John Kirby"]?.aliases == ["Kirby"])
        #expect(byName["John Kirby"]?.offsets.count == 3)
    }

    @Test func ambiguousShortFormsStayApart() {
        let e = resolve([("Kim Jong Un", .person), ("Kim Yo Jong", .person), ("Kim", .person)])
        #expect(Set(e.map(\.name)) == ["Kim Jong Un", "Kim Yo Jong", "Kim"])
    }

    @Test func placeIsNotMergedIntoAnOrganisationNamedAfterIt() {
        let e = resolve([("Shropshire Council", .organization), ("Shropshire", .place), ("Shropshire", .place)])
        #expect(Set(e.map(\.name)) == ["Shropshire Council", "Shropshire"])
        #expect(e.first { $0.name == "Shropshire" }?.type == .place)
    }

    @Test func acronymsCountForTheLongForm() {
        let e = resolve([("North Atlantic Treaty Organization", .organization), ("NATO", .organization), ("NATO", .organization),
                         ("International Energy Agency", .organization), ("IEA", .organization)])
        #expect(e.count == 2)
        #expect(e[0].name == "North Atlantic Treaty Organization" && e[0].count == 3 && e[0].aliases == ["NATO"])
        #expect(e[1].name == "International Energy Agency" && e[1].count == 2)
    }

    @Test func acronymInParenthesesPicksTheNameBeforeIt() {
        var body = Array("The Atlantic Energy Association (AEA) and the American Economic Association met. AEA said.".utf8)
        func m(_ text: String, _ from: Int = 0) -> EntityMention {
            let s = String(decoding: body, as: UTF8.self)
            let r = s.range(of: text, range: s.index(s.startIndex, offsetBy: from)..<s.endIndex)!
            let start = s.utf8.distance(from: s.startIndex, to: r.lowerBound)
            return EntityMention(text: text, type: .organization, start: start, end: start + text.utf8.count, sentence: 0)
        }
        let ms = [m("Atlantic Energy Association"), m("AEA"), m("American Economic Association"), m("AEA", 60)]
        let e = DocumentEntityResolver.resolve(title: [], body: ms, bodyText: body)
        #expect(e.first { $0.name == "Atlantic Energy Association" }?.count == 3)
        body = []
    }

    @Test func majorityTypeWins() {
        let e = resolve([("Bakhmut", .place), ("Bakhmut", .organization), ("Bakhmut", .place)])
        #expect(e.count == 1 && e[0].type == .place && e[0].count == 3)
    }

    @Test func headlineOnlyEntitiesAreDropped() {
        let e = resolve([("Yevgeny Prigozhin", .person), ("Bakhmut", .place)],
                        title: [("Prigozhin", .person), ("Bakhmut", .place), ("Zelensky", .person), ("Says", .organization)])
        #expect(Set(e.map(\.name)) == ["Yevgeny Prigozhin", "Bakhmut"])
        #expect(e.allSatisfy { $0.inTitle && $0.count == 2 })
    }

    @Test func mentionCleaningStripsTheQuotesAndPossessive() {
        func clean(_ text: String, _ span: Range<Int>) -> String? {
            var t = NERTokenizer()
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { b in
                t.tokenize(b)
                return t.tokens.withUnsafeBufferPointer { MentionCleaner.clean(b, $0, span, type: .organization, sentence: 0)?.text }
            }
        }
        #expect(clean("the Wagner Group's fighters", 0..<4) == "Wagner Group")
        #expect(clean("The “Wagner  Group” said", 0..<5) == "Wagner Group")
        #expect(clean("Kirby’s remarks", 0..<2) == "Kirby")
        #expect(clean("the U.S. said", 0..<2) == "U.S.")
        #expect(clean("the , said", 0..<2) == nil)
    }

    @Test func corpusCanonicaliserPicksOneSpelling() {
        var c = EntityCanonicalizer()
        c.add([DocumentEntity(name: "Wagner Group", type: .organization, count: 3, aliases: ["Wagner"])])
        c.add([DocumentEntity(name: "Wagner group", type: .organization, count: 1)])
        c.add([DocumentEntity(name: "Wagner Group", type: .organization, count: 2)])
        c.add([DocumentEntity(name: "Wagner", type: .organization, count: 2)])
        c.add([DocumentEntity(name: "Kirby", type: .person, count: 1), DocumentEntity(name: "John Kirby", type: .person, count: 4)])
        c.add([DocumentEntity(name: "NATO", type: .organization, count: 1)])
        c.add([DocumentEntity(name: "North Atlantic Treaty Organization", type: .organization, count: 2, aliases: ["NATO"])])
        c.add([DocumentEntity(name: "Kim Jong Un", type: .person, count: 1), DocumentEntity(name: "Kim Yo Jong", type: .person, count: 1),
               DocumentEntity(name: "Kim", type: .person, count: 1)])
        let map = c.build()
        #expect(map.canonical("wagner group", type: .organization) == "Wagner Group")
        #expect(map.canonical("Wagner", type: .organization) == "Wagner Group")
        #expect(map.canonical("Kirby", type: .person) == "John Kirby")
        #expect(map.canonical("NATO", type: .organization) == "North Atlantic Treaty Organization")
        #expect(map.canonical("Kim", type: .person) == "Kim")
        #expect(map.canonical("Unknown Name", type: .place) == "Unknown Name")
    }
}

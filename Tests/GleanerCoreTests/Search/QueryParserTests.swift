import Testing
@testable import GleanerCore

@Suite struct QueryParserTests {
    func parse(_ s: String) throws -> Query { try QueryParser.parse(s) }

    func errorColumn(_ s: String) -> (Int, String)? {
        do { _ = try QueryParser.parse(s); return nil } catch let GleanerError.query(position, reason) {
            return (position, reason)
        } catch { return nil }
    }

    @Test func wordsAreASequence() throws {
        #expect(try parse("wagner") == .term("wagner", scope: .all))
        #expect(try parse("wagner group") == .boolean([.init(.should, .term("wagner", scope: .all)), .init(.should, .term("group", scope: .all))], .sequence))
    }

    @Test func phrasesAndSlop() throws {
        #expect(try parse("\"meat shields\"") == .phrase(["meat", "shields"], scope: .all, slop: 0))
        #expect(try parse("\"north korea\"~3") == .phrase(["north", "korea"], scope: .all, slop: 3))
    }

    @Test func booleanOperators() throws {
        let q = try parse("wagner AND bakhmut")
        #expect(q == .boolean([.init(.must, .term("wagner", scope: .all)), .init(.must, .term("bakhmut", scope: .all))], .and))
        let o = try parse("korea OR japan")
        #expect(o == .boolean([.init(.should, .term("korea", scope: .all)), .init(.should, .term("japan", scope: .all))], .or))
        let n = try parse("missile NOT japan")
        #expect(n == .boolean([.init(.should, .term("missile", scope: .all)), .init(.mustNot, .term("japan", scope: .all))], .sequence))
        let m = try parse("+missile -japan korea")
        #expect(m == .boolean([.init(.must, .term("missile", scope: .all)), .init(.mustNot, .term("japan", scope: .all)),
                               .init(.should, .term("korea", scope: .all))], .sequence))
    }

    @Test func orBindsTighterThanJuxtaposition() throws {
        let q = try parse("missile korea OR japan")
        #expect(q == .boolean([.init(.should, .term("missile", scope: .all)),
                               .init(.should, .boolean([.init(.should, .term("korea", scope: .all)), .init(.should, .term("japan", scope: .all))], .or))], .sequence))
    }

    @Test func parenthesesAndFields() throws {
        let q = try parse("title:(korea japan) body:\"test launch\"")
        #expect(q == .boolean([
            .init(.should, .boolean([.init(.should, .term("korea", scope: .title)), .init(.should, .term("japan", scope: .title))], .sequence)),
            .init(.should, .phrase(["test", "launch"], scope: .body, slop: 0)),
        ], .sequence))
        #expect(try parse("title:wagner") == .term("wagner", scope: .title))
    }

    @Test func lowercaseOperatorsAreWords() throws {
        #expect(try parse("rock and roll") == .boolean([.init(.should, .term("rock", scope: .all)), .init(.should, .term("and", scope: .all)),
                                                       .init(.should, .term("roll", scope: .all))], .sequence))
    }

    @Test func hyphenInsideAWordIsNotExclusion() throws {
        #expect(try parse("well-known") == .term("well-known", scope: .all))
    }

    @Test func errorsPointAtTheColumn() {
        #expect(errorColumn("wagner \"meat shields")?.0 == 8)
        #expect(errorColumn("(wagner group")?.0 == 1)
        #expect(errorColumn("wagner group)")?.0 == 13)
        #expect(errorColumn("foo:bar")?.0 == 1)
        #expect(errorColumn("foo:bar")?.1.contains("unknown field 'foo'") == true)
        #expect(errorColumn("")?.1 == "empty query")
        #expect(errorColumn("   ")?.1 == "empty query")
        #expect(errorColumn("wagner AND")?.0 == 8)
        #expect(errorColumn("OR wagner")?.0 == 1)
        #expect(errorColumn("-wagner")?.1.contains("only excludes") == true)
        #expect(errorColumn("()")?.1 == "empty parentheses")
        #expect(errorColumn("\"a b\"~x")?.0 == 6)
    }
}

import Testing
@testable import GleanerCore

/// The syntax elements added for issue 6: prefix*, fuzzy~, fields and filters, and the
/// columns their errors point at.
@Suite struct QueryParserSyntaxTests {
    func parse(_ s: String) throws -> Query { try QueryParser.parse(s) }

    func error(_ s: String) -> (column: Int, reason: String)? {
        do { _ = try QueryParser.parse(s); return nil } catch let GleanerError.query(position, reason) {
            return (position, reason)
        } catch { return nil }
    }

    @Test func prefixWords() throws {
        #expect(try parse("mercen*") == .prefix("mercen", scope: .all))
        #expect(try parse("title:bakh*") == .prefix("bakh", scope: .title))
        #expect(try parse("wagner mercen*") == .boolean([.init(.should, .term("wagner", scope: .all)),
                                                         .init(.should, .prefix("mercen", scope: .all))], .sequence))
        #expect(try parse("-mercen* wagner") == .boolean([.init(.mustNot, .prefix("mercen", scope: .all)),
                                                          .init(.should, .term("wagner", scope: .all))], .sequence))
    }

    @Test func fuzzyWords() throws {
        // No digit: 2 edits from five letters on, else 1.
        #expect(try parse("wagnr~") == .fuzzy("wagnr", scope: .all, maxEdits: 2))
        #expect(try parse("kim~") == .fuzzy("kim", scope: .all, maxEdits: 1))
        #expect(try parse("wagnr~1") == .fuzzy("wagnr", scope: .all, maxEdits: 1))
        #expect(try parse("wagnr~2") == .fuzzy("wagnr", scope: .all, maxEdits: 2))
        #expect(try parse("person:kirbi~1") == .fuzzy("kirbi", scope: .field(.person), maxEdits: 1))
        #expect(try parse("title:(wagnr~ bakh*)") == .boolean([.init(.should, .fuzzy("wagnr", scope: .title, maxEdits: 2)),
                                                               .init(.should, .prefix("bakh", scope: .title))], .sequence))
    }

    @Test func fieldsAndFilters() throws {
        #expect(try parse("site:northgate") == .term("northgate", scope: .field(.site)))
        #expect(try parse("author:reyes") == .term("reyes", scope: .field(.author)))
        #expect(try parse("lang:en") == .term("en", scope: .field(.language)))
        #expect(try parse("person:\"john kirby\"") == .phrase(["john", "kirby"], scope: .field(.person), slop: 0))
        #expect(try parse("org:wagner") == .term("wagner", scope: .field(.organization)))
        #expect(try parse("place:bakhmut") == .term("bakhmut", scope: .field(.place)))
        #expect(try parse("entity:kirby") == .term("kirby", scope: FieldScope(Field.entityFields)))
        let march = CalendarDay.days(year: 2023, month: 3, day: 1)
        #expect(try parse("date:2023-01..2023-03") == .dateRange(from: CalendarDay.days(year: 2023, month: 1, day: 1),
                                                                 to: CalendarDay.days(year: 2023, month: 3, day: 31)))
        #expect(try parse("date:>=2023-03-01") == .dateRange(from: march, to: Int32.max))
        #expect(try parse("date:<2023-03-01") == .dateRange(from: Int32.min + 1, to: march - 1))
    }

    @Test func newSyntaxErrorsPointAtTheColumn() {
        #expect(error("wagnr~x")?.column == 7)
        #expect(error("wagnr~x")?.reason.contains("edit distance of 1 or 2") == true)
        #expect(error("bakhmut wagnr~3")?.column == 15)
        #expect(error("~2")?.column == 1)
        #expect(error("wag*ner")?.column == 4)
        #expect(error("wag*ner")?.reason.contains("end of a word") == true)
        #expect(error("wagner *")?.column == 8)
        #expect(error("title:wag*ner")?.column == 10)
        #expect(error("wagner foo:bar")?.column == 8)
        #expect(error("date:2023-13")?.reason.contains("is not a date") == true)
        #expect(error("date:2023-04..2023-01")?.reason == "date range ends before it starts")
        #expect(error("\"north korea\"~x")?.column == 14)
        #expect(error("(wagner OR")?.column == 9)
    }
}

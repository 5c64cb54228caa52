/// Parses the search language into a `Query`.
///
/// Grammar (lowest precedence first; `AND`, `OR`, `NOT` only in capitals):
/// ```
/// sequence := or+                      juxtaposition: ruled by --match
/// or       := and ("OR" and)*
/// and      := unary ("AND" unary)*
/// unary    := ("NOT" | "-" | "+") unary | primary
/// primary  := "(" sequence ")" | FIELD ":" (word | phrase | "(" sequence ")") | phrase | word
/// phrase   := '"' words '"' ("~" digits)?
/// word     := letters | letters "*" (prefix) | letters "~" ("1" | "2")? (fuzzy)
/// ```
/// Errors name the 1-based column: unbalanced quotes or parentheses, unknown fields, operators
/// without operands, empty queries, queries with only excluded words.
public struct QueryParser {
    /// Field names accepted before a colon.
    public static let fields: [String: FieldScope] = [
        "title": .title, "body": .body, "text": .body, "site": .field(.site), "author": .field(.author),
        "lang": .field(.language), "language": .field(.language), "person": .field(.person),
        "org": .field(.organization), "organization": .field(.organization), "place": .field(.place),
        "location": .field(.place), "entity": FieldScope(Field.entityFields),
    ]

    /// Names accepted before a colon: the fields plus `date`.
    static func isKnownField(_ name: String) -> Bool { fields[name] != nil || name == "date" }

    enum Tok: Equatable {
        case word(String), phrase([String], slop: Int), prefix(String), fuzzy(String, maxEdits: Int)
        case open, close, and, or, not, minus, plus, field(String)
    }

    var toks: [(tok: Tok, col: Int)] = []
    var i = 0

    public init() {}

    /// Parses `text`; throws `GleanerError.query(position:reason:)`.
    public static func parse(_ text: String) throws -> Query {
        var p = QueryParser()
        p.toks = try QueryParser.lex(text)
        guard !p.toks.isEmpty else { throw GleanerError.query(position: 1, reason: "empty query") }
        let q = try p.sequence(topLevel: true)
        if p.i < p.toks.count {
            throw GleanerError.query(position: p.toks[p.i].col, reason: "unmatched ')'")
        }
        try QueryParser.requirePositive(q, column: 1)
        return q
    }

    static func requirePositive(_ q: Query, column: Int) throws {
        if case let .boolean(clauses, _) = q, !clauses.isEmpty, clauses.allSatisfy({ $0.occur == .mustNot }) {
            throw GleanerError.query(position: column, reason: "the query only excludes words; add a word to search for")
        }
    }

    static func lex(_ text: String) throws -> [(tok: Tok, col: Int)] {
        let s = Array(text.unicodeScalars)
        var out: [(Tok, Int)] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        while i < s.count {
            let c = s[i]
            let col = i + 1
            if isSpace(c) { i += 1; continue }
            if c == "(" { out.append((.open, col)); i += 1; continue }
            if c == ")" { out.append((.close, col)); i += 1; continue }
            if c == "\"" || c == "\u{201C}" || c == "\u{201D}" {
                var j = i + 1
                while j < s.count && s[j] != "\"" && s[j] != "\u{201C}" && s[j] != "\u{201D}" { j += 1 }
                guard j < s.count else { throw GleanerError.query(position: col, reason: "unbalanced quote: no closing '\"'") }
                let inner = String(String.UnicodeScalarView(s[(i + 1) ..< j]))
                let words = inner.split(whereSeparator: { $0.isWhitespace }).map(String.init)
                j += 1
                var slop = 0
                if j < s.count && s[j] == "~" {
                    var k = j + 1
                    var digits = ""
                    while k < s.count, s[k].properties.numericType != nil, let d = Int(String(s[k])) { digits += String(d); k += 1 }
                    guard let v = Int(digits), v <= 100 else {
                        throw GleanerError.query(position: j + 1, reason: "'~' after a phrase needs a distance from 0 to 100")
                    }
                    slop = v
                    j = k
                }
                if words.isEmpty { throw GleanerError.query(position: col, reason: "empty phrase") }
                out.append((.phrase(words, slop: slop), col))
                i = j
                continue
            }
            if (c == "-" || c == "+") && i + 1 < s.count && !isSpace(s[i + 1]) && (out.isEmpty || i == 0 || isSpace(s[i - 1]) || s[i - 1] == "(") {
                out.append((c == "-" ? .minus : .plus, col))
                i += 1
                continue
            }
            // A word runs to white space, a parenthesis or a quote.
            var j = i
            while j < s.count && !isSpace(s[j]) && s[j] != "(" && s[j] != ")" && s[j] != "\"" { j += 1 }
            let word = String(String.UnicodeScalarView(s[i ..< j]))
            i = j
            if word == "AND" { out.append((.and, col)); continue }
            if word == "OR" { out.append((.or, col)); continue }
            if word == "NOT" { out.append((.not, col)); continue }
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                let name = String(word[..<colon])
                let rest = String(word[word.index(after: colon)...])
                if name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) {
                    guard QueryParser.isKnownField(name.lowercased()) else {
                        let known = (Array(QueryParser.fields.keys) + ["date"]).sorted().joined(separator: ", ")
                        throw GleanerError.query(position: col, reason: "unknown field '\(name)' (known: \(known))")
                    }
                    out.append((.field(name.lowercased()), col))
                    if !rest.isEmpty { out.append((try wordToken(rest, column: col + name.count + 1), col + name.count + 1)) }
                    continue
                }
            }
            out.append((try wordToken(word, column: col), col))
        }
        return out
    }

    /// Classifies a bare word: `prefix*`, `fuzzy~`/`fuzzy~N`, or a plain word. `column` is the
    /// word's first column, for errors.
    static func wordToken(_ word: String, column: Int) throws -> Tok {
        let scalars = Array(word.unicodeScalars)
        if let star = scalars.firstIndex(of: "*") {
            guard star == scalars.count - 1 else {
                throw GleanerError.query(position: column + star, reason: "'*' is only allowed at the end of a word (prefix*)")
            }
            guard star > 0 else { throw GleanerError.query(position: column, reason: "'*' needs the start of a word before it") }
            return .prefix(String(String.UnicodeScalarView(scalars[..<star])))
        }
        if let tilde = scalars.lastIndex(of: "~") {
            guard tilde > 0 else { throw GleanerError.query(position: column, reason: "'~' needs a word before it") }
            let base = String(String.UnicodeScalarView(scalars[..<tilde]))
            let digits = String(String.UnicodeScalarView(scalars[(tilde + 1)...]))
            if base.unicodeScalars.contains("~") {
                throw GleanerError.query(position: column + tilde, reason: "a word can have one '~'")
            }
            switch digits {
            case "": return .fuzzy(base, maxEdits: base.unicodeScalars.count >= 5 ? 2 : 1)
            case "1", "2": return .fuzzy(base, maxEdits: Int(digits)!)
            default:
                throw GleanerError.query(position: column + tilde + 1, reason: "'~' after a word takes an edit distance of 1 or 2")
            }
        }
        return .word(word)
    }

    var atEnd: Bool { i >= toks.count }
    var column: Int { atEnd ? (toks.last.map { $0.col + 1 } ?? 1) : toks[i].col }

    mutating func sequence(topLevel: Bool) throws -> Query {
        var clauses: [Query.Clause] = []
        while !atEnd && toks[i].tok != .close {
            let (occur, q) = try orExpr()
            clauses.append(.init(occur ?? .should, q))
        }
        if clauses.isEmpty { throw GleanerError.query(position: column, reason: topLevel ? "empty query" : "empty parentheses") }
        if clauses.count == 1 && clauses[0].occur == .should { return clauses[0].query }
        return .boolean(clauses, .sequence)
    }

    mutating func orExpr() throws -> (Query.Occur?, Query) {
        let first = try andExpr()
        guard !atEnd && toks[i].tok == .or else { return first }
        var clauses = [try QueryParser.positive(first, column: toks[i].col, op: "OR")]
        while !atEnd && toks[i].tok == .or {
            let col = toks[i].col
            i += 1
            guard !atEnd && toks[i].tok != .close else { throw GleanerError.query(position: col, reason: "OR needs a word after it") }
            clauses.append(try QueryParser.positive(try andExpr(), column: col, op: "OR"))
        }
        return (nil, .boolean(clauses.map { .init(.should, $0) }, .or))
    }

    static func positive(_ item: (Query.Occur?, Query), column: Int, op: String) throws -> Query {
        if item.0 == .mustNot { throw GleanerError.query(position: column, reason: "\(op) cannot join an excluded word") }
        return item.1
    }

    mutating func andExpr() throws -> (Query.Occur?, Query) {
        let first = try unary()
        guard !atEnd && toks[i].tok == .and else { return first }
        var clauses = [Query.Clause(first.0 == .mustNot ? .mustNot : .must, first.1)]
        while !atEnd && toks[i].tok == .and {
            let col = toks[i].col
            i += 1
            guard !atEnd && toks[i].tok != .close && toks[i].tok != .or && toks[i].tok != .and else {
                throw GleanerError.query(position: col, reason: "AND needs a word after it")
            }
            let next = try unary()
            clauses.append(.init(next.0 == .mustNot ? .mustNot : .must, next.1))
        }
        let q = Query.boolean(clauses, .and)
        try QueryParser.requirePositive(q, column: toks.first?.col ?? 1)
        return (nil, q)
    }

    mutating func unary() throws -> (Query.Occur?, Query) {
        guard !atEnd else { throw GleanerError.query(position: column, reason: "query ends where a word was expected") }
        let (tok, col) = toks[i]
        switch tok {
        case .not, .minus:
            i += 1
            guard !atEnd, toks[i].tok != .close, toks[i].tok != .and, toks[i].tok != .or else {
                throw GleanerError.query(position: col, reason: "\(tok == .not ? "NOT" : "'-'") needs a word after it")
            }
            let (_, q) = try unary()
            return (.mustNot, q)
        case .plus:
            i += 1
            guard !atEnd, toks[i].tok != .close else { throw GleanerError.query(position: col, reason: "'+' needs a word after it") }
            let (_, q) = try unary()
            return (.must, q)
        case .and, .or:
            throw GleanerError.query(position: col, reason: "\(tok == .and ? "AND" : "OR") needs a word before it")
        case .close:
            throw GleanerError.query(position: col, reason: "unmatched ')'")
        default:
            return (nil, try primary(scope: .all))
        }
    }

    mutating func primary(scope: FieldScope) throws -> Query {
        let (tok, col) = toks[i]
        i += 1
        switch tok {
        case let .word(w): return .term(w, scope: scope)
        case let .prefix(w): return .prefix(w, scope: scope)
        case let .fuzzy(w, edits): return .fuzzy(w, scope: scope, maxEdits: edits)
        case let .phrase(words, slop): return .phrase(words, scope: scope, slop: slop)
        case .open:
            let q = try sequence(topLevel: false)
            guard !atEnd && toks[i].tok == .close else { throw GleanerError.query(position: col, reason: "unbalanced parenthesis: no closing ')'") }
            i += 1
            return QueryParser.scoped(q, scope)
        case let .field(name):
            guard !atEnd, toks[i].tok != .close else { throw GleanerError.query(position: col, reason: "field '\(name):' needs a word or phrase") }
            if name == "date" {
                guard case let .word(value) = toks[i].tok else {
                    throw GleanerError.query(position: toks[i].col, reason: "date: needs a date such as 2023-03, 2023-01..2023-03 or >=2023-02-01")
                }
                let vcol = toks[i].col
                i += 1
                return try QueryParser.dateRange(value, column: vcol)
            }
            switch toks[i].tok {
            case .word, .phrase, .open, .prefix, .fuzzy: return try primary(scope: QueryParser.fields[name]!)
            default: throw GleanerError.query(position: col, reason: "field '\(name):' needs a word or phrase")
            }
        default:
            throw GleanerError.query(position: col, reason: "unexpected operator")
        }
    }

    /// Parses `2023`, `2023-03`, `2023-03-14`, `A..B` (either side may be empty), `>=A`, `>A`,
    /// `<=A`, `<A` into an inclusive day range.
    static func dateRange(_ value: String, column: Int) throws -> Query {
        func span(_ s: String) throws -> ClosedRange<Int32> {
            guard let r = CalendarDay.span(s) else {
                throw GleanerError.query(position: column, reason: "'\(s)' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            return r
        }
        let lo = Int32.min + 1, hi = Int32.max
        if let dots = value.range(of: "..") {
            let a = String(value[..<dots.lowerBound]), b = String(value[dots.upperBound...])
            if a.isEmpty && b.isEmpty { throw GleanerError.query(position: column, reason: "empty date range") }
            let from = a.isEmpty ? lo : try span(a).lowerBound
            let to = b.isEmpty ? hi : try span(b).upperBound
            if from > to { throw GleanerError.query(position: column, reason: "date range ends before it starts") }
            return .dateRange(from: from, to: to)
        }
        for (op, f) in [(">=", 0), ("<=", 1), (">", 2), ("<", 3)] where value.hasPrefix(op) {
            let r = try span(String(value.dropFirst(op.count)))
            switch f {
            case 0: return .dateRange(from: r.lowerBound, to: hi)
            case 1: return .dateRange(from: lo, to: r.upperBound)
            case 2: return .dateRange(from: r.upperBound + 1, to: hi)
            default: return .dateRange(from: lo, to: r.lowerBound - 1)
            }
        }
        let r = try span(value)
        return .dateRange(from: r.lowerBound, to: r.upperBound)
    }

    /// Applies a field scope to every word and phrase of a parenthesised group.
    static func scoped(_ q: Query, _ scope: FieldScope) -> Query {
        guard scope != .all else { return q }
        switch q {
        case let .term(w, _): return .term(w, scope: scope)
        case let .phrase(ws, _, slop): return .phrase(ws, scope: scope, slop: slop)
        case let .prefix(w, _): return .prefix(w, scope: scope)
        case let .fuzzy(w, _, edits): return .fuzzy(w, scope: scope, maxEdits: edits)
        case let .boolean(cs, kind): return .boolean(cs.map { .init($0.occur, scoped($0.query, scope)) }, kind)
        case .dateRange: return q
        }
    }
}

/// A parsed query, before analysis: what the user asked for, in words as typed.
public indirect enum Query: Equatable, Sendable {
    /// One word (analysed later; a word that analyses to several tokens becomes a phrase).
    case term(String, scope: FieldScope)
    /// Words that must appear in order, at most `slop` extra positions apart.
    case phrase([String], scope: FieldScope, slop: Int)
    /// Clauses combined by juxtaposition (`.sequence`, ruled by `--match`), `AND` or `OR`.
    case boolean([Clause], BooleanKind)
    /// Documents published within `[from, to]` (days since 1970-01-01, inclusive): a filter.
    case dateRange(from: Int32, to: Int32)
    /// Every indexed term that starts with the (case- and diacritic-folded) text: `mercen*`.
    case prefix(String, scope: FieldScope)
    /// Indexed terms within `maxEdits` (1 or 2) insertions, deletions or substitutions of the
    /// word's analysed form: `wagnr~`, `wagnr~1`.
    case fuzzy(String, scope: FieldScope, maxEdits: Int)

    /// How a clause takes part in a boolean query.
    public enum Occur: Equatable, Sendable {
        /// Must match (`+word`, `AND`).
        case must
        /// May match; adds to the score (and, in a sequence, to the words-matched tier).
        case should
        /// Must not match (`-word`, `NOT word`).
        case mustNot
    }

    /// One operand of a boolean query.
    public struct Clause: Equatable, Sendable {
        public var occur: Occur
        public var query: Query
        public init(_ occur: Occur, _ query: Query) { self.occur = occur; self.query = query }
    }

    /// The operator that joined the clauses.
    public enum BooleanKind: Equatable, Sendable { case sequence, and, or }
}

/// Which fields a word or phrase is searched in: the default text fields (body and title,
/// title weighted) or an explicit list named with `field:` in the query.
public struct FieldScope: Equatable, Sendable, Hashable {
    public var fields: [Field]
    /// Whether this is the default scope (BM25F over body and title with the title weight).
    public var isDefault: Bool

    public init(_ fields: [Field]) {
        self.fields = fields
        isDefault = false
    }

    private init(defaultFields: [Field]) {
        fields = defaultFields
        isDefault = true
    }

    public static let all = FieldScope(defaultFields: [.body, .title])
    public static let title = FieldScope([.title])
    public static let body = FieldScope([.body])
    public static func field(_ f: Field) -> FieldScope { FieldScope([f]) }
}

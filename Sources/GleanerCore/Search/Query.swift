/// A parsed query, before analysis: what the user asked for, in words as typed.
public indirect enum Query: Equatable, Sendable {
    /// One word (analysed later; a word that analyses to several tokens becomes a phrase).
    case term(String, scope: FieldScope)
    /// Words that must appear in order, at most `slop` extra positions apart.
    case phrase([String], scope: FieldScope, slop: Int)
    /// Clauses combined by juxtaposition (`.sequence`, ruled by `--match`), `AND` or `OR`.
    case boolean([Clause], BooleanKind)

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

/// Which text fields a word or phrase is searched in.
public enum FieldScope: String, Equatable, Sendable {
    case all, title, body

    /// The fields searched.
    public var fields: [Field] {
        switch self {
        case .all: return [.body, .title]
        case .title: return [.title]
        case .body: return [.body]
        }
    }
}

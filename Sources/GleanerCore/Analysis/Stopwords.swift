/// English stopwords left out of bag-of-words scoring (they stay in the index for phrases).
///
/// The list is Lucene's classic English stop set, the one BM25 baselines on BEIR use.
public enum Stopwords {
    public static let english: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
    ]

    /// Whether a folded (lower-case, unstemmed) word is a stopword.
    public static func contains(_ folded: String) -> Bool { english.contains(folded) }
}

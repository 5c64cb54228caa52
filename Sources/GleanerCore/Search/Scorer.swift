/// A document-at-a-time matcher and scorer over one segment (Lucene's Scorer).
///
/// Iterates matching local doc ids in ascending order; `score()` and `matchedClauses` describe
/// the current document. Subclasses: `TermScorer`, `PhraseScorer`, `BooleanScorer`.
public class Scorer {
    public static let noMoreDocs = PostingsIterator.noMoreDocs

    /// The current document (`noMoreDocs` when exhausted; undefined before the first move).
    public internal(set) var doc: UInt32 = 0

    /// Moves to the next matching document.
    public func next() -> UInt32 { fatalError("abstract") }

    /// Moves to the first matching document ≥ `target`.
    public func advance(to target: UInt32) -> UInt32 {
        var d = doc
        while d < target { d = next() }
        return d
    }

    /// The current document's score.
    public func score() -> Float { fatalError("abstract") }

    /// How many of the query's top-level clauses the current document satisfies (for tiering).
    public var matchedClauses: Int { 1 }

    /// An estimate of how many documents this scorer visits (drives conjunction order).
    public var cost: Int { 0 }

    /// An upper bound of `score()` over every document (for MaxScore pruning); infinite when unknown.
    public var maxScore: Float { .infinity }

    /// A bound of `score()` over the documents from `target` (≥ the current doc) to `upTo`
    /// inclusive, from the postings' skip entries (block-max pruning); by default the global
    /// `maxScore` over every document. Moves no iterator.
    public func blockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) { (maxScore, Scorer.noMoreDocs - 1) }

    private var windowStart: UInt32 = 1
    private var windowEnd: UInt32 = 0
    private var windowBound: Float = 0

    /// `blockMax(at:)` remembered for its window: recomputed only once `target` leaves the
    /// window of the last call (a bound over `[t, upTo]` holds for every later target up to
    /// `upTo`), so callers may ask at every candidate.
    public final func cachedBlockMax(at target: UInt32) -> (bound: Float, upTo: UInt32) {
        if target >= windowStart && target <= windowEnd { return (windowBound, windowEnd) }
        let b = blockMax(at: target)
        windowStart = target
        windowEnd = b.upTo
        windowBound = b.bound
        return b
    }

    /// The `matchedClauses` of every document this scorer matches, when it is the same for all
    /// of them (then whole blocks can be skipped by score alone); nil otherwise.
    public var fixedTier: Int? { nil }

    /// Whether any underlying postings were found corrupt.
    public var isCorrupt: Bool { false }
}

/// A scorer whose every move is a seek: `next()` is `advance(to: doc + 1)` and the first move
/// is `advance(to: 0)`. Subclasses implement `seek(from:)`, which finds the first match at or
/// after a target that lies past the current document, and return it.
class SeekingScorer: Scorer {
    private var positioned = false

    final override func next() -> UInt32 {
        if !positioned { return advance(to: 0) }
        guard doc != Scorer.noMoreDocs else { return doc }
        return advance(to: doc + 1)
    }

    final override func advance(to target: UInt32) -> UInt32 {
        if positioned && doc >= target { return doc }
        positioned = true
        doc = seek(from: target)
        return doc
    }

    /// The first matching document ≥ `target`, or `noMoreDocs`.
    func seek(from target: UInt32) -> UInt32 { fatalError("abstract") }
}

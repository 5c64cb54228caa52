/// The text pipeline shared by indexing and querying: tokenize, fold, trim plural acronyms
/// (`AcronymPlurals`), then stem.
///
/// One instance per thread (it owns a Snowball stemmer). `analyze` reports each token's final
/// term bytes together with its source offsets and position.
public final class Analyzer {
    public let tokenizer = Tokenizer()
    public let stemmer = Stemmer()

    public init() {}

    /// Calls `body(term, folded, token)` for every token: `term` is the stemmed index term,
    /// `folded` the word before stemming. Both buffers are valid only during the call.
    @inlinable
    public func analyze(
        _ text: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Token) -> Void
    ) {
        tokenizer.tokenize(text) { folded, token in
            let word = Analyzer.word(folded, token: token, in: text)
            stemmer.stem(word) { term in body(term, word, token) }
        }
    }

    /// The folded word as indexed before stemming: `folded` without a plural acronym's "s".
    /// Indexing (`DocumentInverter`) and querying both go through it.
    @inlinable @inline(__always)
    public static func word(_ folded: UnsafeBufferPointer<UInt8>, token: Token, in text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let raw = UnsafeBufferPointer(rebasing: text[token.start ..< token.end])
        let kept = AcronymPlurals.keptLength(raw: raw, folded: folded)
        return kept == folded.count ? folded : UnsafeBufferPointer(rebasing: folded[0 ..< kept])
    }

    /// Analyses a String into (term, folded word) pairs; for queries and tests.
    public func terms(_ text: String) -> [(term: String, word: String)] {
        var out: [(String, String)] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            analyze(UnsafeBufferPointer(buf)) { term, folded, _ in
                out.append((String(decoding: term, as: UTF8.self), String(decoding: folded, as: UTF8.self)))
            }
        }
        return out
    }
}

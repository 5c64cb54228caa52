import Foundation

/// One entity mention found in a text.
public struct EntityMention: Sendable, Equatable {
    /// The mention as written, cleaned: no leading "the", no quotes, no possessive "'s",
    /// white space collapsed.
    public var text: String
    public var type: EntityType
    /// Byte offsets of the cleaned mention in the UTF-8 input.
    public var start: Int
    public var end: Int
    /// Index of the sentence (in tokenizer order) that holds it.
    public var sentence: Int

    public init(text: String, type: EntityType, start: Int, end: Int, sentence: Int) {
        self.text = text
        self.type = type
        self.start = start
        self.end = end
        self.sentence = sentence
    }
}

/// Gleaner's named-entity recognizer: the shipped (or a given) `NERModel` plus the text
/// tokenizer and the document layer. Immutable and `Sendable`: share one per process; each
/// call makes its own scratch (`NERTagger`), or callers keep one tagger per thread.
public final class EntityRecognizer: Sendable {
    public let model: NERModel
    /// The file the model was read from, if any.
    public let path: String?

    public init(model: NERModel, path: String? = nil) {
        self.model = model
        self.path = path
    }

    /// Reads the model at `path` (checksum verified).
    public static func load(path: String) throws -> EntityRecognizer {
        EntityRecognizer(model: try NERModel.read(path: path), path: path)
    }

    private static let cache = LockedBox<EntityRecognizer?>(nil)

    /// The shipped model, found by `ModelLocator`; loaded once per process and cached.
    public static func loadDefault() throws -> EntityRecognizer {
        try cache.withLock { cached in
            if let cached { return cached }
            let r = try load(path: try ModelLocator.defaultModelPath())
            cached = r
            return r
        }
    }

    /// Per-thread tagging state for this model.
    public func makeTagger() -> NERTagger { NERTagger(model: model) }

    /// Tags one tokenized sentence.
    public func tag(tokens: [String]) -> [NERTag] {
        var t = makeTagger()
        return t.tag(tokens: tokens)
    }

    /// The entity mentions of a text (sentence-split and tokenized here).
    public func entities(in text: String) -> [EntityMention] {
        var t = makeTagger()
        return EntityRecognizer.mentions(in: Array(text.utf8), tagger: &t)
    }

    /// The entity mentions of UTF-8 text, with a caller-owned tagger. O(bytes).
    public static func mentions(in bytes: [UInt8], tagger: inout NERTagger) -> [EntityMention] {
        var tok = NERTokenizer()
        var out: [EntityMention] = []
        var tags: [NERTag] = []
        bytes.withUnsafeBufferPointer { b in
            tok.tokenize(b)
            tok.tokens.withUnsafeBufferPointer { all in
                tagger.tagDocument(b, all, sentences: tok.sentences, into: &tags)
                for (si, s) in tok.sentences.enumerated() {
                    let ranges = UnsafeBufferPointer(rebasing: all[s])
                    for span in CoNLL.spans(Array(tags[s])) {
                        if let m = MentionCleaner.clean(b, ranges, span.start..<span.end, type: span.type, sentence: si, lexicon: tagger.model.lexicon) {
                            out.append(m)
                        }
                    }
                }
            }
        }
        return out
    }
}

/// A minimal lock around a value (NSLock: `Synchronization.Mutex` needs macOS 15).
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

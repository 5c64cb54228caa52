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
        var scratch = MentionScratch()
        return bytes.withUnsafeBufferPointer { mentions(in: $0, tagger: &tagger, scratch: &scratch) }
    }

    /// As `mentions(in:tagger:)`, with the caller's (per-thread) token, sentence and tag
    /// buffers: no allocation per token or sentence once they have grown.
    static func mentions(in b: UnsafeBufferPointer<UInt8>, tagger: inout NERTagger, scratch: inout MentionScratch) -> [EntityMention] {
        var out: [EntityMention] = []
        scratch.tokenizer.tokenize(b)
        let lexicon = tagger.model.lexicon
        scratch.tokenizer.tokens.withUnsafeBufferPointer { all in
            tagger.tagDocument(b, all, sentences: scratch.tokenizer.sentences, into: &scratch.tags)
            scratch.tags.withUnsafeBufferPointer { tags in
                for (si, s) in scratch.tokenizer.sentences.enumerated() {
                    let ranges = UnsafeBufferPointer(rebasing: all[s])
                    // The spans of `CoNLL.spans` over the sentence's tags, without building them.
                    var start = -1
                    var type: EntityType? = nil
                    func emit(_ end: Int) {
                        guard start >= 0, let t = type else { return }
                        if let m = MentionCleaner.clean(b, ranges, start..<end, type: t, sentence: si, lexicon: lexicon,
                                                        buffer: &scratch.text) {
                            out.append(m)
                        }
                    }
                    for i in s {
                        let t = tags[i]
                        if t.isOutside || t.isBegin || t.type != type {
                            emit(i - s.lowerBound)
                            start = t.isOutside ? -1 : i - s.lowerBound
                            type = t.type
                        }
                    }
                    emit(s.count)
                }
            }
        }
        return out
    }
}

/// The reused buffers of `EntityRecognizer.mentions` (one per thread, beside its `NERTagger`):
/// the tokenizer's tokens and sentences, the tags and a mention's cleaned bytes.
struct MentionScratch {
    var tokenizer = NERTokenizer()
    var tags: [NERTag] = []
    var text: [UInt8] = []
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

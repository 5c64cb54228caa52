import CStemmer

/// Snowball English stemming through libstemmer. Not thread-safe: one instance per worker.
public final class Stemmer {
    private let handle: OpaquePointer

    /// Creates an English (Porter 2) stemmer.
    public init() {
        guard let h = sb_stemmer_new("english", "UTF_8") else {
            preconditionFailure("libstemmer has no English stemmer")
        }
        handle = h
    }

    deinit { sb_stemmer_delete(handle) }

    /// Stems `word` (lower-case UTF-8) and calls `body` with the stem, valid only during the call.
    @inline(__always)
    public func stem<R>(_ word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // Short words and numbers are left alone: the stemmer would only damage them.
        if word.count < 3 || (word[0] >= 0x30 && word[0] <= 0x39) { return body(word) }
        guard let out = sb_stemmer_stem(handle, word.baseAddress!, Int32(word.count)) else { return body(word) }
        let len = Int(sb_stemmer_length(handle))
        return body(UnsafeBufferPointer(start: out, count: len))
    }

    /// Convenience for tests and the query side: stems a String term.
    public func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        return bytes.withUnsafeMutableBufferPointer { buf in
            stem(UnsafeBufferPointer(buf)) { String(decoding: $0, as: UTF8.self) }
        }
    }
}

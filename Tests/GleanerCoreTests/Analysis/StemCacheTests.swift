import Testing
@testable import GleanerCore

@Suite struct StemCacheTests {
    func stem(_ cache: StemCache, _ stemmer: Stemmer, _ word: String, hash: UInt32? = nil) -> String {
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { w in
            cache.stem(w, hash: hash ?? TermHashTable.hash(w), stemmer) { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func givesTheStemmersAnswerOnMissesHitsAndCollisions() {
        let cache = StemCache()
        defer { cache.free() }
        let stemmer = Stemmer()
        let words = ["running", "runs", "governments", "ministers", "said", "a", "is", "2023", "zurich",
                     String(repeating: "abc", count: 11), String(repeating: "x", count: 31), String(repeating: "y", count: 40)]
        for _ in 0 ..< 2 {  // second round: hits
            for w in words { #expect(stem(cache, stemmer, w) == stemmer.stem(w), "\(w)") }
        }
        // Words sharing one slot replace each other and still get their own stems.
        for _ in 0 ..< 3 {
            for w in ["nations", "national", "nationalities"] { #expect(stem(cache, stemmer, w, hash: 7) == stemmer.stem(w), "\(w)") }
        }
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// `SnippetBuilder` settles most words without stemming them (`cannotMatch`): that rests on
/// the stemmer keeping a word's first letter, checked here on every word of the sample corpus
/// and on the stemmer's exceptional forms, and on the snippets being those of stemming every word.
@Suite struct SnippetTests {
    /// The distinct analysed words of every file of the sample corpus.
    static func corpusWords() throws -> Set<[UInt8]> {
        var words = Set<[UInt8]>()
        let analyzer = Analyzer()
        let files = FileManager.default.enumerator(atPath: RepoPaths.corpus)?.compactMap { $0 as? String } ?? []
        for f in files {
            var isDir: ObjCBool = false
            let path = RepoPaths.corpus + "/" + f
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let bytes = try FileIO.read(path)
            bytes.withUnsafeBufferPointer { buf in
                analyzer.tokenizer.tokenize(buf) { folded, token in words.insert(Array(Analyzer.word(folded, token: token, in: buf))) }
            }
        }
        return words
    }

    @Test func stemmingKeepsTheFirstLetter() throws {
        let stemmer = Stemmer()
        var words = try Self.corpusWords()
        #expect(words.count > 1000)
        for w in ["skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only", "singly", "news",
                  "yelling", "yes", "ies", "ied", "aing", "eed", "generously", "communities", "arsenals", "ys", "y's"] {
            words.insert(Array(w.utf8))
        }
        for w in words {
            guard let c = w.first, c >= 0x61, c <= 0x7A else { continue }
            let first = w.withUnsafeBufferPointer { stemmer.stem($0) { $0.first } }
            #expect(first == c, "\(String(decoding: w, as: UTF8.self))")
        }
    }

    @Test func wordsWithOtherInitialsAreSettledUnstemmed() {
        let initials = SnippetBuilder.initials([Array("mercenari".utf8), Array("2023".utf8), Array("zürich".utf8)])
        func settled(_ w: String) -> Bool { Array(w.utf8).withUnsafeBufferPointer { SnippetBuilder.cannotMatch($0, initials) } }
        #expect(!settled("mercenaries") && !settled("zebra"))
        #expect(settled("wagner") && settled("army"))
        #expect(!settled("2023") && !settled("ünder"))
    }

    @Test func matchesAreHighlightedAsBefore() {
        let text = Array("Wagner mercenaries fought in Bakhmut. The mercenary group said so in 2023.".utf8)
        let terms: Set<[UInt8]> = [Array("mercenari".utf8), Array("bakhmut".utf8), Array("2023".utf8)]
        let s = SnippetBuilder().build(text: text, terms: terms, analyzer: Analyzer())
        let marked = s.highlights.map { r in String(String.UnicodeScalarView(Array(s.text.unicodeScalars)[r])) }
        #expect(marked == ["mercenaries", "Bakhmut", "mercenary", "2023"])
    }
}

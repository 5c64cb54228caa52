import Foundation
import Testing
@testable import GleanerCore
import GleanerTestSupport

/// The ASCII fast paths of `NameText` must answer exactly as the `String` operations they replace.
@Suite struct EntitiesNameTextTests {
    static let names = ["NATO", "Nato", "nato", "U.S.", "John Kirby", "KYIV", "KY", "K", "", " ", "\t Harbour Ledger \t",
                        "AT&T", "Bosch-Siemens", "north-east", "-A-", "A--B", "IEA", "IMF-WB", "ABCDEFGHI", "ABCDEFGH",
                        "McDonald", "X1", "1234", "  The Times", "mIxEd CaSe", "Ünïcode", "Zürich", "ÉTAT", "é",
                        "Kirby\u{2019}s", "A\u{00A0}", "\u{00A0}B", "e\u{301}", "a\r\nb", "ＡＢＣ", "İstanbul"]

    @Test func lowercasedMatchesString() {
        for s in Self.names {
            if let fast = NameText.lowercased(s) { #expect(fast == s.lowercased(), "\(s)") }
        }
        #expect(NameText.lowercased("Zürich") == nil && NameText.lowercased("a\r\nb") == nil)
    }

    @Test func shapeTestsMatchString() {
        for s in Self.names {
            if let v = NameText.isNameLike(s) { #expect(v == (s.count >= 2 && s.unicodeScalars.contains { $0.properties.isUppercase }), "\(s)") }
            if let v = NameText.isCapitalsWord(s, minCount: 3) {
                #expect(v == (s.count >= 3 && s.uppercased() == s && !s.contains(" ")), "\(s)")
            }
            if let v = NameText.isAllCapitals(s, longerThan: 5) { #expect(v == (s.uppercased() == s && s.count > 5), "\(s)") }
            if let v = NameText.capitalisedFirst(s) { #expect(v == String(s.prefix(1)) + s.dropFirst().lowercased(), "\(s)") }
            if let v = NameText.letters(s) {
                #expect(v == String(s.unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init)), "\(s)")
            }
            if let v = NameText.isAcronymUppercased(s) {
                #expect(v == DocumentEntityResolver.isAcronym(s.uppercased()), "\(s)")
            }
            if let v = NameText.isAcronym(s) {
                let letters = s.unicodeScalars.filter { $0.properties.isAlphabetic }
                let slow = letters.count >= 2 && letters.count <= 8 && !s.contains(" ")
                    && letters.filter { $0.properties.isUppercase }.count >= max(2, letters.count - 1)
                #expect(v == slow, "\(s)")
            }
        }
    }

    @Test func nameWordsMatchSplittingOnSpaces() {
        for s in Self.names + ["john  kirby", " lead", "trail ", "a b c", "zürich  x"] {
            #expect(DocumentEntityResolver.words(s) == s.split(separator: " ").map(String.init), "\(s)")
        }
    }

    /// `DocumentEntityResolver.key` skips its per-`Character` folding loop when the lower-cased
    /// text has no byte 0xE2: the loop's result, written out plainly here, must be the same.
    @Test func keyMatchesTheCharacterFolding() {
        func plain(_ text: String) -> String {
            var s = ""
            for ch in text.lowercased() {
                switch ch {
                case "\u{2019}", "\u{2018}": s.append("'")
                case "\u{2010}", "\u{2011}", "\u{2013}": s.append("-")
                default: s.append(ch)
                }
            }
            return s
        }
        let more = ["Zürich\u{2019}s", "Anne\u{2011}Marie Lévy", "\u{2018}Ünïcode\u{2019}", "É\u{2013}Z", "e\u{2019}\u{301}",
                    "Ω\u{2014}Δ", "€uro", "Łódź", "ŞİŞLİ", "東京", "a\u{2010}\u{301}b"]
        for s in Self.names + more {
            let fast = DocumentEntityResolver.key(s)
            #expect(fast == plain(s), "\(s)")
            #expect(Array(fast.unicodeScalars) == Array(plain(s).unicodeScalars), "\(s)")
        }
    }

    /// The tagger's ASCII character classes against their plain definitions, for every ASCII scalar.
    @Test func asciiClassesMatchTheirDefinitions() {
        for u in UInt32(0) ..< 0x80 {
            let word = (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
            let space = u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x0C || u == 0x0B
            #expect(NERText.isASCIIWord(u) == word && NERText.isWordScalar(u) == word, "\(u)")
            #expect(NERText.isASCIISpace(u) == space && NERText.isSpace(u) == space, "\(u)")
        }
        for u: UInt32 in [0xA0, 0x2000, 0x2009, 0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF] { #expect(NERText.isSpace(u)) }
        // The eight-byte run test against a byte loop: every byte value in every lane, then
        // random words mixing letters, digits, punctuation and UTF-8 bytes.
        func plainPrefix(_ bytes: [UInt8]) -> Int {
            var k = 0
            while k < 8 && bytes[k] < 0x80 && NERText.isASCIIWord(UInt32(bytes[k])) { k += 1 }
            return k
        }
        func word(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
        for lane in 0 ..< 8 {
            for v in 0 ... 255 {
                var bytes = Array("abcdefgh".utf8)
                bytes[lane] = UInt8(v)
                #expect(NERText.asciiWordPrefix(word(bytes)) == plainPrefix(bytes), "\(lane) \(v)")
            }
        }
        var rng = SplitMix64(seed: 5)
        let pool = Array("aZ09zA_-.' @`[{/:\u{7F}".utf8) + [0x80, 0xC3, 0xA9, 0xE2, 0xFF, 0x00, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B]
        for _ in 0 ..< 20_000 {
            let bytes = (0 ..< 8).map { _ in rng.next() % 3 == 0 ? pool[Int(rng.next() % UInt64(pool.count))] : UInt8(0x61 + rng.next() % 26) }
            #expect(NERText.asciiWordPrefix(word(bytes)) == plainPrefix(bytes), "\(bytes)")
        }
        for u: UInt32 in [0x80, 0x85, 0x200C, 0x2028, 0xFFFD] { #expect(!NERText.isSpace(u)) }
    }

    /// `AcronymLinker.initials` looks words longer than three bytes up in `minorWords` no more.
    @Test func minorWordsAreShort() {
        #expect(AcronymLinker.minorWords.allSatisfy { $0.utf8.count <= 3 })
    }

    @Test func acronymInitialsOfHyphenatedNames() {
        #expect(AcronymLinker.initials(["bosch-siemens", "of", "hausgeräte"], allowMinor: false) == "bsh")
        #expect(AcronymLinker.initials(["north-", "-east", "of"], allowMinor: true) == "neo")
    }
}

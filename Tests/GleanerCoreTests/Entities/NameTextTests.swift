import Foundation
import Testing
@testable import GleanerCore

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

    @Test func acronymInitialsOfHyphenatedNames() {
        #expect(AcronymLinker.initials(["bosch-siemens", "of", "hausgeräte"], allowMinor: false) == "bsh")
        #expect(AcronymLinker.initials(["north-", "-east", "of"], allowMinor: true) == "neo")
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// Typographic variants of stored paragraphs: normalisation, exact descriptions and their
/// round trip on awkward bytes, damaged descriptions, and the store keeping one text per
/// normalised paragraph.
@Suite struct TypographicVariantTests {
    static func normalized(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        s.withUnsafeBytes { TypographicVariant.normalize($0, into: &out) }
        return out
    }

    /// `variant` rebuilt from `base` and its description.
    static func rebuild(_ variant: [UInt8], from base: [UInt8]) throws -> [UInt8]? {
        var d = ByteWriter()
        variant.withUnsafeBytes { TypographicVariant.describe($0, into: &d) }
        var out: [UInt8] = []
        let ok = try base.withUnsafeBytes { b in
            try d.bytes.withUnsafeBytes { try TypographicVariant.apply(base: b, description: $0, file: "t", to: &out) }
        }
        return ok ? out : nil
    }

    static let texts: [String] = [
        "", "x", "\"", "plain text without any class character",
        "He said \"it's over\" - and left.",
        "He said \u{201C}it\u{2019}s over\u{201D} \u{2014} and left.",
        "He said \u{201E}it\u{201A}s over\u{201F}\u{00A0}\u{2013} and\u{2009}left\u{202F}now \u{00AB}\u{00BB} \u{2039}\u{203A} \u{2032}\u{2033} \u{2212}\u{2010}\u{2011}\u{2012}\u{2015}\u{201B}\u{2018}",
        "Zürich — 東京 — 🚢 “quoted” ‘single’",
        String(repeating: "word \u{2019}s ", count: 400),
    ]

    @Test func everyPairWithTheSameNormalFormRoundTripsExactly() throws {
        var all = Self.texts.map { Array($0.utf8) }
        // Invalid and truncated UTF-8 around the class characters' lead bytes.
        all += [[0xE2], [0xE2, 0x80], [0xC2], [0xE2, 0xE2, 0x80, 0x9C], [0x22, 0xE2, 0x80, 0x22], [0xE2, 0x88, 0x92, 0xC2, 0xA0, 0xE2, 0x80, 0xFF]]
        for a in all {
            for b in all where Self.normalized(a) == Self.normalized(b) {
                #expect(try Self.rebuild(b, from: a) == b, "\(String(decoding: b, as: UTF8.self))")
            }
        }
        // The straight and curly forms of one sentence normalise alike.
        #expect(Self.normalized(Array(Self.texts[4].utf8)) == Self.normalized(Array(Self.texts[5].utf8)))
        #expect(Self.normalized(Array(Self.texts[5].utf8)) == Array(Self.texts[4].utf8))
    }

    @Test func normalFormOnlyChangesClassCharacters() {
        let s = Array(Self.texts[6].utf8)
        #expect(Self.normalized(s) == Array("He said \"it's over\" - and left now \"\" '' '\" -----''".utf8))
        #expect(s.withUnsafeBytes { TypographicVariant.hasNonRepresentative($0) })
        #expect(!Array(Self.texts[4].utf8).withUnsafeBytes { TypographicVariant.hasNonRepresentative($0) })
    }

    @Test func damagedDescriptionIsRefused() throws {
        let base = Array("a \"b\" c".utf8)
        for description: [UInt8] in [[1, 9, 1], [1, 0, 0], [1, 0, 99], [2, 0, 1], [1, 0, 1, 7], [200]] {
            var out: [UInt8] = []
            let ok = try? base.withUnsafeBytes { b in
                try description.withUnsafeBytes { try TypographicVariant.apply(base: b, description: $0, file: "t", to: &out) }
            }
            #expect(ok != true, "\(description)")
        }
    }

    /// Straight, curly and mixed copies of the same paragraphs: every document comes back byte
    /// for byte, and only the first copy of each normal form is stored as text.
    @Test func storeKeepsOneTextPerNormalForm() throws {
        let dir = TempDirectory()
        let straight = (0 ..< 30).map { "Paragraph \($0): the mayor said \"we're done\" - twice, on the pier's edge." }
        let curly = straight.map {
            $0.replacingOccurrences(of: "\"we", with: "\u{201C}we").replacingOccurrences(of: "done\"", with: "done\u{201D}")
                .replacingOccurrences(of: "'", with: "\u{2019}").replacingOccurrences(of: " - ", with: " \u{2014} ")
        }
        let mixed = straight.map {
            $0.replacingOccurrences(of: "'", with: "\u{2019}").replacingOccurrences(of: " - ", with: " \u{2013} ")
                .replacingOccurrences(of: "the mayor", with: "the\u{00A0}mayor")
        }
        var docs: [StoredDocument] = []
        for (k, set) in [curly, straight, mixed, curly, straight].enumerated() {
            let text = Array(set.joined(separator: "\n\n").utf8)
            docs.append(StoredDocument(id: "v\(k)", path: "v\(k).html", title: "Copy \(k)", text: text))
        }
        _ = try Indexer(directory: dir.path).build(documents: docs)
        let reader = try IndexReader(directory: dir.path)
        for (i, d) in docs.enumerated() { #expect(try reader.document(i) == d, "document \(d.id)") }
        // 30 texts (the curly ones, seen first), 30 straight and 30 mixed variants of them.
        #expect(reader.segments[0].store.paragraphCount == 90)
        let store = reader.segments[0].info.files.first { $0.name.hasSuffix(".store") }!
        let alone = TempDirectory()
        _ = try Indexer(directory: alone.path).build(documents: [docs[0]])
        let aloneStore = try IndexReader(directory: alone.path).segments[0].info.files.first { $0.name.hasSuffix(".store") }!
        #expect(store.size < aloneStore.size + 1500, "variants cost a few bytes each, not their text")
        _ = try IndexChecker(directory: dir.path).check()
    }
}

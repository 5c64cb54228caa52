import Testing
@testable import GleanerCore

/// How page bytes are decoded: BOMs, `<meta charset>`, WHATWG's latin-1 → windows-1252 rule,
/// undeclared legacy bytes, UTF-8 with stray bytes. Output must always be valid UTF-8.
@Suite struct ExtractEncodingTests {
    typealias F = ExtractFixtures

    /// A page whose article paragraph is `para` (raw bytes), preceded by `head` markup.
    func page(head: String, para: [UInt8]) -> [UInt8] {
        let prose = F.paragraphs.map { "<p>\($0)</p>" }.joined()
        return Array("<html><head>\(head)<title>T</title></head><body><div class=\"content\"><p>".utf8) + para
            + Array("</p>\(prose)</div></body></html>".utf8)
    }

    /// "He said “yes” and left – café" in windows-1252.
    let cp1252Sentence: [UInt8] = Array("He said ".utf8) + [0x93] + Array("yes".utf8) + [0x94]
        + Array(" and left ".utf8) + [0x96] + Array(" caf".utf8) + [0xE9] + Array(", a sentence long enough to keep.".utf8)
    let decodedSentence = "He said \u{201C}yes\u{201D} and left \u{2013} caf\u{E9}, a sentence long enough to keep."

    func isValidUTF8(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { PageEncoding.isValidUTF8($0) } }

    @Test func metaWindows1252() throws {
        let a = try F.extract(bytes: page(head: #"<meta charset="windows-1252">"#, para: cp1252Sentence))
        #expect(a.text.contains(decodedSentence))
    }

    @Test func iso88591LabelMeansWindows1252() throws {
        let a = try F.extract(bytes: page(head: #"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#, para: cp1252Sentence))
        #expect(a.text.contains("\u{201C}yes\u{201D}"))
        #expect(!a.text.unicodeScalars.contains { $0.value >= 0x80 && $0.value < 0xA0 })  // no C1 controls
        #expect(isValidUTF8(a.body))
    }

    @Test func undeclaredInvalidUTF8IsWindows1252() throws {
        let a = try F.extract(bytes: page(head: "", para: cp1252Sentence))
        #expect(a.text.contains(decodedSentence))
        #expect(isValidUTF8(a.body))
    }

    @Test func utf8WithAFewStrayBytesKeepsItsUTF8() throws {
        // Mostly UTF-8 (many “smart quotes”) with one stray windows-1252 byte.
        let utf8 = Array(String(repeating: "“quoted” words ", count: 10).utf8)
        let para = utf8 + [0x96] + Array(" end of the sentence.".utf8)
        let a = try F.extract(bytes: page(head: #"<meta charset="utf-8">"#, para: para))
        #expect(a.text.contains("“quoted” words \u{2013} end of the sentence."))
        #expect(isValidUTF8(a.body))
    }

    @Test func utf8BOM() throws {
        let a = try F.extract(bytes: [0xEF, 0xBB, 0xBF] + page(head: "", para: Array("Naïve café – déjà vu, with enough words to count as prose.".utf8)))
        #expect(a.text.contains("Naïve café – déjà vu"))
        #expect(!a.text.contains("\u{FEFF}"))
    }

    @Test func utf16LittleEndianBOM() throws {
        let html = String(decoding: page(head: "", para: Array("Grüße aus Köln – “zitiert”, a sentence long enough.".utf8)), as: UTF8.self)
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in html.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
        let a = try F.extract(bytes: bytes)
        #expect(a.text.contains("Grüße aus Köln – “zitiert”"))
        #expect(a.text.contains(F.paragraphs[0]))
    }

    @Test func utf16LabelWithoutBOMIsTreatedAsUTF8() throws {
        let a = try F.extract(bytes: page(head: #"<meta charset="utf-16">"#, para: Array("Plain ASCII text that is long enough to be a paragraph.".utf8)))
        #expect(a.text.contains("Plain ASCII text"))
    }

    @Test func decisions() {
        func decide(_ b: [UInt8]) -> PageEncoding.Decision { b.withUnsafeBufferPointer { PageEncoding.decide($0) } }
        #expect(decide(Array("<meta charset=latin1>".utf8)).encoding == "windows-1252")
        #expect(decide(Array("<p>plain</p>".utf8)).encoding == "UTF-8")
        #expect(decide(Array("<meta charset=\"shift_jis\">".utf8)).encoding == nil)  // libxml2 follows the page
        #expect(decide([0x3C, 0x70, 0x3E, 0x93, 0x94]).encoding == "windows-1252")
    }

    @Test func repairKeepsOutputValid() {
        #expect(PageEncoding.repairUTF8([0x61, 0xFF, 0x62]) == Array("a\u{FFFD}b".utf8))
        #expect(PageEncoding.repairUTF8(Array("ok".utf8)) == Array("ok".utf8))
    }
}

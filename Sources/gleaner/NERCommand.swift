import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner ner`: tags CoNLL tokens, or lists the entities of a text.
struct NERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Find the people, organisations and places named in a text.",
        discussion: """
        With --conll, reads CoNLL lines (token in the first column; blank lines between sentences;
        -DOCSTART- lines kept) and prints each line with the predicted BIO tag appended.
        Otherwise prints the document-level entities of TEXT-OR-FILE: type, canonical name,
        mention count and byte offsets (offsets into the body; title mentions are counted, not listed).
        The model is $GLEANER_MODEL, else Models/ner-en.model beside the binary or in the repository.
        Examples:
          gleaner ner --conll test.conll > pred.conll
          gleaner ner "John Kirby said the Wagner Group had taken Bakhmut."
          gleaner ner article.txt --title "Wagner chief says Bakhmut has fallen" --json
        """
    )

    @Argument(help: "Text, or a file holding it.") var input: String?
    @Option(name: .long, help: "CoNLL file to tag.") var conll: String?
    @Option(name: .long, help: "Headline of the text (its entities count only when the body confirms them).") var title: String = ""
    @Option(name: .long, help: "Model file (default: the shipped model).") var model: String?
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "Print the raw mentions instead of document entities.") var mentions = false
    @Flag(name: .long, help: "Print the model's file, training metadata and load time.") var modelInfo = false
    @Option(name: .long, help: "With --conll: print no tags, time N tagging passes and print tokens/s.") var bench: Int?
    @Flag(name: .long, help: "Score every token (no gate tagging plain lower-case text O unscored).") var noGate = false
    @Option(name: .long, help: .hidden) var gateWindow: String?   // "BEFORE,AFTER", for measuring the gate

    /// A tagger with this command's options.
    private func makeTagger(_ recognizer: EntityRecognizer) -> NERTagger {
        var t = recognizer.makeTagger()
        if noGate { t.gate = false }
        if let w = gateWindow {
            let p = w.split(separator: ",").compactMap { Int($0) }
            if p.count == 2 { t.gateWindow = (p[0], p[1]) }
        }
        return t
    }

    func run() throws {
        do {
            let t0 = Date()
            let recognizer = try model.map { try EntityRecognizer.load(path: $0) } ?? EntityRecognizer.loadDefault()
            let loadTime = Date().timeIntervalSince(t0)
            if modelInfo {
                print("model: \(recognizer.path ?? "-")")
                print("rows: 2^\(recognizer.model.rowBits), lexicon entries: \(recognizer.model.lexicon.count)")
                print("trained: \(recognizer.model.metadata)")
                print(String(format: "load time: %.1f ms", loadTime * 1000))
                return
            }
            if let conll, let bench {
                try benchmark(path: conll, passes: bench, recognizer: recognizer, loadTime: loadTime)
                return
            }
            if let conll {
                try tagCoNLL(path: conll, recognizer: recognizer)
                return
            }
            guard let input else { throw GleanerError.usage("give a text or a file, or --conll FILE") }
            var body: [UInt8]
            if FileIO.exists(input) { body = try FileIO.read(input) } else { body = Array(input.utf8) }
            if mentions {
                var tagger = makeTagger(recognizer)
                let found = EntityRecognizer.mentions(in: body, tagger: &tagger)
                for m in found { print("\(m.type.label)\t\(m.text)\t\(m.start)-\(m.end)") }
                return
            }
            let entities = recognizer.documentEntities(title: title, body: body)
            if json {
                var o = JSONWriter()
                o.beginObject()
                o.key("entities")
                o.beginArray()
                for e in entities {
                    o.beginObject()
                    o.field("name", e.name)
                    o.field("type", e.type.facetName)
                    o.field("count", e.count)
                    o.key("offsets")
                    o.beginArray()
                    for r in e.offsets {
                        o.beginArray(); o.value(r.lowerBound); o.value(r.upperBound); o.endArray()
                    }
                    o.endArray()
                    o.key("aliases")
                    o.beginArray()
                    for a in e.aliases { o.value(a) }
                    o.endArray()
                    o.endObject()
                }
                o.endArray()
                o.endObject()
                o.newline()
                FileHandle.standardOutput.write(Data(o.bytes))
            } else {
                for e in entities {
                    let offs = e.offsets.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
                    print("\(e.type.facetName)\t\(e.name)\t\(e.count)\t\(offs)")
                }
            }
        } catch { CLIErrors.exit(for: error) }
    }

    /// Times tagging only (tokens already split into sentences and documents, one thread).
    private func benchmark(path: String, passes: Int, recognizer: EntityRecognizer, loadTime: Double) throws {
        let data = try FileIO.read(path)
        var documents: [(tokens: [Range<Int>], sentences: [Range<Int>])] = []
        var cur: [Range<Int>] = []
        var sents: [Range<Int>] = []
        var start = 0
        func endSentence() { if cur.count > start { sents.append(start..<cur.count) }; start = cur.count }
        func endDocument() { endSentence(); if !cur.isEmpty { documents.append((cur, sents)) }; cur = []; sents = []; start = 0 }
        var i = 0
        var sentenceCount = 0
        while i < data.count {
            var e = i
            while e < data.count && data[e] != 0x0A { e += 1 }
            var te = i
            while te < e && data[te] != 0x20 && data[te] != 0x09 && data[te] != 0x0D { te += 1 }
            if te == i {
                endSentence()
            } else if data[i..<te].elementsEqual("-DOCSTART-".utf8) {
                endDocument()
            } else {
                cur.append(i..<te)
            }
            i = e + 1
        }
        endDocument()
        for d in documents { sentenceCount += d.sentences.count }
        let tokens = documents.reduce(0) { $0 + $1.tokens.count }
        var tagger = makeTagger(recognizer)
        var tags: [NERTag] = []
        var checksum = 0
        let t0 = Date()
        data.withUnsafeBufferPointer { b in
            for _ in 0..<max(1, passes) {
                for d in documents {
                    d.tokens.withUnsafeBufferPointer { tagger.tagDocument(b, $0, sentences: d.sentences, into: &tags) }
                    checksum &+= Int(tags[0].rawValue)
                }
            }
        }
        let seconds = Date().timeIntervalSince(t0)
        let rate = Double(tokens * max(1, passes)) / seconds
        print(String(format: "model load: %.1f ms", loadTime * 1000))
        print("tokens: \(tokens) x \(max(1, passes)) passes, sentences: \(sentenceCount), documents: \(documents.count)")
        print(String(format: "tagging: %.3f s, %.0f tokens/s (one thread, whole documents; checksum %d)", seconds, rate, checksum))
        print(String(format: "scored: %.1f %% of tokens (the rest gated to O)", 100 * Double(tagger.scoredTokens) / Double(tokens * max(1, passes))))
    }

    /// Tags a CoNLL file document by document (documents start at `-DOCSTART-` lines), printing
    /// each input line plus a tag column.
    private func tagCoNLL(path: String, recognizer: EntityRecognizer) throws {
        let data = try FileIO.read(path)
        var tagger = makeTagger(recognizer)
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 2)
        var events: [Range<Int>] = []      // lines of the current document; empty range = blank line
        var isToken: [Bool] = []
        var tokens: [Range<Int>] = []      // first column of each token line
        var sentences: [Range<Int>] = []
        var sentenceStart = 0
        var tags: [NERTag] = []
        let tagText: [[UInt8]] = (0..<NERTag.count).map { Array(NERTag(rawValue: UInt8($0)).description.utf8) }
        data.withUnsafeBufferPointer { b in
            func endSentence() {
                if tokens.count > sentenceStart { sentences.append(sentenceStart..<tokens.count) }
                sentenceStart = tokens.count
            }
            func flush() {
                endSentence()
                if !tokens.isEmpty {
                    tokens.withUnsafeBufferPointer { tagger.tagDocument(b, $0, sentences: sentences, into: &tags) }
                }
                var k = 0
                for (e, line) in events.enumerated() {
                    out.append(contentsOf: b[line])
                    if isToken[e] {
                        out.append(b[line].contains(0x09) ? 0x09 : 0x20)
                        out.append(contentsOf: tagText[Int(tags[k].rawValue)])
                        k += 1
                    }
                    out.append(0x0A)
                }
                events.removeAll(keepingCapacity: true)
                isToken.removeAll(keepingCapacity: true)
                tokens.removeAll(keepingCapacity: true)
                sentences.removeAll(keepingCapacity: true)
                sentenceStart = 0
                if out.count > 1 << 20 { FileHandle.standardOutput.write(Data(out)); out.removeAll(keepingCapacity: true) }
            }
            var i = 0
            let n = b.count
            while i < n {
                var e = i
                while e < n && b[e] != 0x0A { e += 1 }
                var le = e
                if le > i && b[le - 1] == 0x0D { le -= 1 }
                var s = i
                while s < le && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
                if s == le {
                    endSentence()
                    events.append(i..<i)
                    isToken.append(false)
                } else {
                    var te = s
                    while te < le && b[te] != 0x20 && b[te] != 0x09 { te += 1 }
                    if b[s..<te].elementsEqual("-DOCSTART-".utf8) {
                        flush()
                        events.append(i..<le)
                        isToken.append(false)
                    } else {
                        events.append(i..<le)
                        isToken.append(true)
                        tokens.append(s..<te)
                    }
                }
                i = e + 1
            }
            flush()
        }
        FileHandle.standardOutput.write(Data(out))
    }
}

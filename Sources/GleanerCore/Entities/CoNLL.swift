/// CoNLL files: one token per line (token first, tag last, whitespace-separated), a blank line
/// between sentences, `-DOCSTART-` lines between documents.
public struct CoNLLSentence: Sendable {
    /// The original lines, as read (without the newline).
    public var lines: [String]
    public var tokens: [String]
    /// Gold tags (last column), repaired to BIO (an I-X that does not continue X becomes B-X).
    public var tags: [NERTag]
    /// Index of the document (counted by `-DOCSTART-` lines) in its file.
    public var document: Int
    /// Training only: the entity types the sentence's source does not annotate, one bit per
    /// `EntityType` raw value (bit 3: MISC). Its O tokens are then no evidence against those
    /// types (see `NERTrainer`). 0: every type is annotated.
    public var unannotated: UInt8 = 0
    /// Training only: the source group (domain) of the sentence, for feature augmentation
    /// (see `NERTrainer.Options.domains`); 0 when not used.
    public var domain: Int = 0

    public init(lines: [String] = [], tokens: [String], tags: [NERTag], document: Int = 0) {
        self.lines = lines
        self.tokens = tokens
        self.tags = tags
        self.document = document
    }
}

/// Reading and writing CoNLL token files (`gleaner ner --conll`, training).
public enum CoNLL {
    /// Parses CoNLL text. Lines with a single column get an O tag (input to tag, no gold).
    public static func parse(_ text: String) -> [CoNLLSentence] {
        var out: [CoNLLSentence] = []
        var cur = CoNLLSentence(tokens: [], tags: [])
        var doc = 0
        func flush() {
            if !cur.tokens.isEmpty { cur.document = doc; out.append(cur) }
            cur = CoNLLSentence(tokens: [], tags: [])
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            let cols = l.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if cols.isEmpty { flush(); continue }
            if cols[0] == "-DOCSTART-" { flush(); doc += 1; continue }
            cur.lines.append(String(l))
            cur.tokens.append(String(cols[0]))
            cur.tags.append(cols.count > 1 ? NERTag(parsing: cols[cols.count - 1]) : .outside)
        }
        flush()
        for i in out.indices { out[i].tags = repairBIO(out[i].tags) }
        return out
    }

    /// Indices of `sentences` grouped into documents (runs of equal `document`).
    public static func documents(_ sentences: [CoNLLSentence]) -> [[Int]] {
        var out: [[Int]] = []
        for (i, s) in sentences.enumerated() {
            if i > 0 && sentences[i - 1].document == s.document { out[out.count - 1].append(i) } else { out.append([i]) }
        }
        return out
    }

    public static func read(path: String) throws -> [CoNLLSentence] {
        let bytes = try FileIO.read(path)
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Turns IOB1-style continuations into BIO: I-X after anything but B-X/I-X becomes B-X.
    public static func repairBIO(_ tags: [NERTag]) -> [NERTag] {
        var out = tags
        for i in out.indices where out[i].isInside {
            let prev = i > 0 ? out[i - 1] : .outside
            if !prev.allows(out[i]) { out[i] = .begin(out[i].type!) }
        }
        return out
    }

    /// Entity spans of a BIO sequence: (start, end exclusive, type).
    public static func spans(_ tags: [NERTag]) -> [(start: Int, end: Int, type: EntityType)] {
        var out: [(Int, Int, EntityType)] = []
        var start = -1
        var type: EntityType? = nil
        for (i, t) in tags.enumerated() {
            if t.isOutside || t.isBegin || t.type != type {
                if start >= 0, let type { out.append((start, i, type)) }
                start = t.isOutside ? -1 : i
                type = t.type
            }
        }
        if start >= 0, let type { out.append((start, tags.count, type)) }
        return out
    }
}

/// Entity-level exact-match precision/recall/F1 (the rule of `score.py`).
public struct NERScore: Sendable {
    public var gold = [Int](repeating: 0, count: 4)
    public var predicted = [Int](repeating: 0, count: 4)
    public var correct = [Int](repeating: 0, count: 4)

    public init() {}

    public mutating func add(gold g: [NERTag], predicted p: [NERTag]) {
        let gs = CoNLL.spans(g), ps = CoNLL.spans(p)
        var set = Set<Int>()
        for s in gs { gold[Int(s.type.rawValue)] += 1; set.insert(s.start << 24 | s.end << 4 | Int(s.type.rawValue)) }
        for s in ps {
            predicted[Int(s.type.rawValue)] += 1
            if set.contains(s.start << 24 | s.end << 4 | Int(s.type.rawValue)) { correct[Int(s.type.rawValue)] += 1 }
        }
    }

    public var f1: Double {
        let c = Double(correct.reduce(0, +)), p = Double(predicted.reduce(0, +)), g = Double(gold.reduce(0, +))
        return c == 0 ? 0 : 2 * c / (p + g)
    }

    public func f1(_ t: EntityType) -> Double {
        let i = Int(t.rawValue)
        return correct[i] == 0 ? 0 : 2 * Double(correct[i]) / Double(predicted[i] + gold[i])
    }
}

/// Reads the plain-text lists that feed the lexicon at training time (the model file then
/// carries them hashed; the lists are not needed at run time).
public enum GazetteerFile {
    /// `type<TAB>name` lines; type: place, country, first, last, org, misc,
    /// orgcue, loccue, title (cue words). `#` starts a comment.
    public static func load(path: String, into builder: inout LexiconBuilder) throws {
        let text = String(decoding: try FileIO.read(path), as: UTF8.self)
        for (n, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") || line.isEmpty { continue }
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { throw GleanerError.parse(path: path, reason: "line \(n + 1): expected type<TAB>name") }
            let bits: UInt64
            switch parts[0] {
            case "place": bits = Lexicon.Bit.place
            case "country": bits = Lexicon.Bit.country | Lexicon.Bit.place
            case "first": bits = Lexicon.Bit.firstName
            case "last": bits = Lexicon.Bit.lastName
            case "org": bits = Lexicon.Bit.organization
            case "misc": bits = Lexicon.Bit.misc
            case "orgcue": bits = Lexicon.Bit.orgCue
            case "loccue": bits = Lexicon.Bit.locCue
            case "title": bits = Lexicon.Bit.personTitle
            default: throw GleanerError.parse(path: path, reason: "line \(n + 1): unknown type '\(parts[0])'")
            }
            if bits & Lexicon.Bit.cueMask != 0 {
                builder.addWord(String(parts[1]), bits: bits)
            } else {
                builder.addName(String(parts[1]), bits: bits)
            }
        }
    }

    /// `word<TAB>bit-path[<TAB>cap-bucket]` lines: a Brown-style cluster path of '0'/'1' (or
    /// "-" for none) whose prefixes of 14 (fine), 8 (middle) and 4 (coarse) bits become ids
    /// (each with a leading 1 so lengths differ), and an optional capitalisation bucket 0–15
    /// (how often the word is capitalised mid-sentence in unlabelled text).
    public static func loadClusters(path: String, into builder: inout LexiconBuilder) throws {
        let text = String(decoding: try FileIO.read(path), as: UTF8.self)
        for (n, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") || line.isEmpty { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[1] == "-" || parts[1].allSatisfy({ $0 == "0" || $0 == "1" }) else {
                throw GleanerError.parse(path: path, reason: "line \(n + 1): expected word<TAB>bit-path")
            }
            func id(_ len: Int) -> Int {
                var v = 1
                for ch in parts[1].prefix(len) { v = v << 1 | (ch == "1" ? 1 : 0) }
                return v
            }
            let cap = parts.count > 2 ? min(15, Int(parts[2]) ?? 0) : 0
            if parts[1] == "-" {
                builder.addCluster(word: String(parts[0]), fine: -1, middle: -1, coarse: -1, capitalisation: cap)
            } else {
                builder.addCluster(word: String(parts[0]), fine: id(14), middle: id(8), coarse: id(4), capitalisation: cap)
            }
        }
    }
}

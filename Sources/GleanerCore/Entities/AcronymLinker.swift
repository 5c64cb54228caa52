/// Links acronyms to their long forms within one document: "North Atlantic Treaty
/// Organization (NATO)" in the text, or any acronym whose letters are the initials of a
/// multi-word name of the document ("IEA" ↔ "International Energy Agency").
enum AcronymLinker {
    /// Words skipped when taking initials (none longer than three bytes, see `initials`).
    static let minorWords: Set<String> = ["of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to", "a", "an", "at"]

    /// form index of an acronym → form index of its long form.
    static func links(forms: [DocumentEntityResolver.Form], bodyText: [UInt8], body: [EntityMention]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        let acronyms = forms.indices.filter { forms[$0].isAcronym }
        guard !acronyms.isEmpty else { return out }
        // Both initials of every multi-word name, once per document rather than once per acronym.
        var longForms: [(form: Int, major: String, all: String)] = []
        for j in forms.indices where forms[j].words.count >= 2 && !forms[j].isAcronym {
            longForms.append((j, initials(forms[j].words, allowMinor: false), initials(forms[j].words, allowMinor: true)))
        }
        for a in acronyms {
            let key = forms[a].key
            let letters = NameText.letters(key) ?? String(key.unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
            var candidates: [Int] = []
            for l in longForms where l.major == letters || l.all == letters { candidates.append(l.form) }
            if candidates.count == 1 { out[a] = candidates[0]; continue }
            // "Long Form (ACR)": the long form right before the parenthesis wins.
            if candidates.count > 1, let j = parenthesised(a, candidates, forms: forms, bodyText: bodyText) { out[a] = j }
        }
        return out
    }

    static func initials(_ words: [String], allowMinor: Bool) -> String {
        var s = ""
        for w in words {
            // (Every minor word has at most three bytes: longer words skip the set's hashing.)
            if !allowMinor && w.utf8.count <= 3 && minorWords.contains(w) { continue }
            // ASCII: the first byte of each run between hyphens (what `split` + `first` give).
            let done: Bool? = NameText.ascii(w) { b in
                var atStart = true
                for c in b {
                    if c == 0x2D { atStart = true } else if atStart { s.unicodeScalars.append(Unicode.Scalar(c)); atStart = false }
                }
                return true
            }
            if done == nil {
                for part in w.split(separator: "-") { if let c = part.first { s.append(c) } }
            }
        }
        return s
    }

    private static func parenthesised(_ a: Int, _ candidates: [Int], forms: [DocumentEntityResolver.Form], bodyText: [UInt8]) -> Int? {
        for j in candidates {
            for r in forms[j].offsets {
                var i = r.upperBound
                while i < bodyText.count && bodyText[i] == 0x20 { i += 1 }
                guard i < bodyText.count, bodyText[i] == 0x28 else { continue }
                if forms[a].offsets.contains(where: { $0.lowerBound == i + 1 }) { return j }
            }
        }
        return nil
    }
}

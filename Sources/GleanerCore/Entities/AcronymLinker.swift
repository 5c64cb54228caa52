/// Links acronyms to their long forms within one document: "North Atlantic Treaty
/// Organization (NATO)" in the text, or any acronym whose letters are the initials of a
/// multi-word name of the document ("IEA" ↔ "International Energy Agency").
enum AcronymLinker {
    /// Words skipped when taking initials.
    static let minorWords: Set<String> = ["of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to", "a", "an", "at"]

    /// form index of an acronym → form index of its long form.
    static func links(forms: [DocumentEntityResolver.Form], bodyText: [UInt8], body: [EntityMention]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        let acronyms = forms.indices.filter { forms[$0].isAcronym }
        guard !acronyms.isEmpty else { return out }
        for a in acronyms {
            let letters = String(forms[a].key.unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
            var candidates: [Int] = []
            for (j, f) in forms.enumerated() where j != a && f.words.count >= 2 && !f.isAcronym {
                if initials(f.words, allowMinor: false) == letters || initials(f.words, allowMinor: true) == letters {
                    candidates.append(j)
                }
            }
            if candidates.count == 1 { out[a] = candidates[0]; continue }
            // "Long Form (ACR)": the long form right before the parenthesis wins.
            if candidates.count > 1, let j = parenthesised(a, candidates, forms: forms, bodyText: bodyText) { out[a] = j }
        }
        return out
    }

    static func initials(_ words: [String], allowMinor: Bool) -> String {
        var s = ""
        for w in words {
            if !allowMinor && minorWords.contains(w) { continue }
            for part in w.split(separator: "-") { if let c = part.first { s.append(c) } }
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

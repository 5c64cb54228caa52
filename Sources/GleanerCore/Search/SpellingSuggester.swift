/// "Did you mean": a plain query word that is absent from the index, or rare while a close
/// spelling is at least ten times as common, gets that spelling as a suggestion.
///
/// Candidates come from `TermExpansion.fuzzy` (1 edit for words under 5 letters, else 2);
/// the closest, then most frequent wins. Dictionary terms are stems, so the suggestion shows
/// the commonest surface form of the stem in a document that contains it ("mercenari" →
/// "mercenaries"). Costs a dictionary scan per rare word; nothing for common words.
extension Searcher {
    static let rareDocFreq = 3

    func corrections(_ query: Query) throws -> [(word: String, suggestion: String)] {
        var out: [(String, String)] = []
        var seen = Set<String>()
        for (word, scope) in Searcher.plainWords(query) where seen.insert(word).inserted {
            let analysed = analyzer.terms(word)
            guard analysed.count == 1, !Stopwords.contains(analysed[0].word) else { continue }
            let term = Array(analysed[0].term.utf8)
            let df = try docFreq(term, scope: scope)
            guard df <= Searcher.rareDocFreq else { continue }
            let edits = analysed[0].word.unicodeScalars.count >= 5 ? 2 : 1
            let candidates = try TermExpansion.fuzzy(term, maxEdits: edits, fields: scope.fields, reader: reader, limit: 50)
            let needed = df == 0 ? 1 : 10 * df
            guard let best = candidates.first(where: { $0.distance > 0 && $0.docFreq >= needed }) else { continue }
            if let surface = try surfaceForm(best.term, fields: scope.fields), surface != analysed[0].word {
                out.append((word, surface))
            }
        }
        return out
    }

    /// The plain words of a query (not excluded, not prefix/fuzzy), with their scopes.
    static func plainWords(_ q: Query) -> [(String, FieldScope)] {
        switch q {
        case let .term(w, scope): return scope.fields.allSatisfy({ $0 == .body || $0 == .title }) ? [(w, scope)] : []
        case let .boolean(clauses, _): return clauses.filter { $0.occur != .mustNot }.flatMap { plainWords($0.query) }
        default: return []
        }
    }

    /// The most frequent folded word that analyses to `term` in the first document containing it.
    func surfaceForm(_ term: [UInt8], fields: [Field]) throws -> String? {
        for (s, segment) in reader.segments.enumerated() {
            for f in fields {
                guard let it = try segment.postings(field: f, term: term, positions: false) else { continue }
                var d = it.next()
                while d != PostingsIterator.noMoreDocs && segment.isDeleted(d) { d = it.next() }
                guard d != PostingsIterator.noMoreDocs else { continue }
                let doc = try reader.document(reader.docBases[s] + Int(d), entities: false)
                var counts: [String: Int] = [:]
                let text = f == .title ? Array(doc.title.utf8) : doc.text
                text.withUnsafeBufferPointer { buf in
                    analyzer.analyze(buf) { t, folded, _ in
                        if t.elementsEqual(term) { counts[String(decoding: folded, as: UTF8.self), default: 0] += 1 }
                    }
                }
                if let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) { return best.key }
            }
        }
        return nil
    }

    /// `text` with each corrected word replaced where it stands as a whole word.
    static func applyCorrections(_ corrections: [(word: String, suggestion: String)], to text: String) -> String {
        var out = text
        for (word, suggestion) in corrections {
            var result = ""
            var rest = Substring(out)
            while let r = rest.range(of: word) {
                let before = r.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: r.lowerBound)]
                let after = r.upperBound < rest.endIndex ? rest[r.upperBound] : nil
                let boundary = { (c: Character?) in c == nil || !(c!.isLetter || c!.isNumber) }
                result += rest[..<r.lowerBound]
                result += boundary(before) && boundary(after) ? suggestion : word
                rest = rest[r.upperBound...]
            }
            out = result + rest
        }
        return out
    }
}

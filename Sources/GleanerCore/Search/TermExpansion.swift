/// Expands `prefix*` and `fuzzy~` words into the indexed terms they stand for, by walking each
/// segment's sorted term dictionary (the dictionary's order is what makes both cheap).
enum TermExpansion {
    /// One indexed term an expansion found.
    struct Candidate: Equatable {
        var term: [UInt8]
        /// Documents containing the term: summed over segments, the largest over fields.
        var docFreq: Int
        /// Edit distance to the fuzzy word (0 for prefix expansions).
        var distance: Int
    }

    /// The `limit` most frequent terms of `fields` that start with `prefix`.
    /// O(terms with the prefix) dictionary entries visited per segment and field.
    static func prefix(_ prefix: [UInt8], fields: [Field], reader: IndexReader, limit: Int) throws -> [Candidate] {
        var found: [[UInt8]: [Int]] = [:]
        for segment in reader.segments {
            for (fi, f) in fields.enumerated() {
                let start = [f.rawValue] + prefix
                try segment.terms.forEach(from: start) { key, info in
                    guard key.count >= start.count, key.starts(with: start) else { return false }
                    found[Array(key[1...]), default: Array(repeating: 0, count: fields.count)][fi] += Int(info.docFreq)
                    return true
                }
            }
        }
        let all = found.map { Candidate(term: $0.key, docFreq: $0.value.max() ?? 0, distance: 0) }
        return Array(all.sorted { $0.docFreq != $1.docFreq ? $0.docFreq > $1.docFreq : $0.term.lexicographicallyPrecedes($1.term) }.prefix(limit))
    }

    /// The `limit` closest (then most frequent) terms of `fields` within `maxEdits` Levenshtein
    /// edits (insertions, deletions, substitutions of Unicode scalars) of `word`.
    ///
    /// One pass over each field's dictionary; consecutive terms share their common prefix's
    /// dynamic-programming rows, and a prefix whose row already exceeds `maxEdits` skips every
    /// term that shares it (a Levenshtein automaton walked over the sorted dictionary, in effect).
    /// O(dictionary size × average suffix length × word length) time, O(word length²) memory.
    static func fuzzy(_ word: [UInt8], maxEdits: Int, fields: [Field], reader: IndexReader, limit: Int) throws -> [Candidate] {
        let pattern = scalars(word[...])
        let m = pattern.count
        guard m > 0 else { return [] }
        let maxLen = m + maxEdits
        let width = m + 1
        var rows = [Int](repeating: 0, count: (maxLen + 1) * width)
        for j in 0 ... m { rows[j] = j }
        var found: [[UInt8]: (df: [Int], distance: Int)] = [:]
        for segment in reader.segments {
            for (fi, f) in fields.enumerated() {
                var prev: [UInt32] = []
                var cur: [UInt32] = []
                var deadDepth = Int.max
                try segment.terms.forEach(from: [f.rawValue]) { key, info in
                    guard key.count > 0, key[0] == f.rawValue else { return false }
                    decodeScalars(key, from: 1, into: &cur)
                    var shared = 0
                    let limitShared = min(prev.count, cur.count, maxLen)
                    while shared < limitShared && prev[shared] == cur[shared] { shared += 1 }
                    swap(&prev, &cur)
                    if shared >= deadDepth { return true }
                    deadDepth = Int.max
                    let term = prev
                    let depthEnd = min(term.count, maxLen)
                    var depth = shared
                    while depth < depthEnd {
                        depth += 1
                        let c = term[depth - 1]
                        let row = depth * width, up = row - width
                        rows[row] = depth
                        var rowMin = depth
                        for j in 1 ... m {
                            var v = rows[up + j - 1] + (pattern[j - 1] == c ? 0 : 1)
                            let del = rows[up + j] + 1
                            let ins = rows[row + j - 1] + 1
                            if del < v { v = del }
                            if ins < v { v = ins }
                            rows[row + j] = v
                            if v < rowMin { rowMin = v }
                        }
                        if rowMin > maxEdits { deadDepth = depth; return true }
                    }
                    guard term.count <= maxLen else { return true }
                    let d = rows[term.count * width + m]
                    if d <= maxEdits {
                        let k = Array(key[1...])
                        var e = found[k] ?? (Array(repeating: 0, count: fields.count), d)
                        e.df[fi] += Int(info.docFreq)
                        found[k] = e
                    }
                    return true
                }
            }
        }
        let all = found.map { Candidate(term: $0.key, docFreq: $0.value.df.max() ?? 0, distance: $0.value.distance) }
        return Array(all.sorted {
            if $0.distance != $1.distance { return $0.distance < $1.distance }
            if $0.docFreq != $1.docFreq { return $0.docFreq > $1.docFreq }
            return $0.term.lexicographicallyPrecedes($1.term)
        }.prefix(limit))
    }

    static func scalars(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)
    }

    /// Decodes UTF-8 `bytes[from...]` into scalar values (ASCII fast path; malformed bytes
    /// count as one scalar each, which is all an edit distance needs).
    @inline(__always)
    static func decodeScalars(_ bytes: UnsafeRawBufferPointer, from: Int, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        var i = from
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { out.append(UInt32(b)); i += 1; continue }
            var len = 1
            var v = UInt32(b)
            if b & 0xE0 == 0xC0 { len = 2; v = UInt32(b & 0x1F) } else if b & 0xF0 == 0xE0 { len = 3; v = UInt32(b & 0x0F) } else if b & 0xF8 == 0xF0 { len = 4; v = UInt32(b & 0x07) }
            var k = 1
            while k < len && i + k < n && bytes[i + k] & 0xC0 == 0x80 { v = v << 6 | UInt32(bytes[i + k] & 0x3F); k += 1 }
            out.append(k == len ? v : UInt32(b))
            i += k
        }
    }
}

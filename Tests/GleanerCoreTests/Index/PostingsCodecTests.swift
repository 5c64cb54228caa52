import Testing
@testable import GleanerCore

/// Round trips of the v2 postings/positions codec (`PostingsWriter` → `PostingsIterator`):
/// random lists, block boundaries ±1, empty and one-document terms, doc ids near 2^31, huge
/// frequencies; `advance(to:)` against a reference; skip-entry bounds; damaged bytes.
@Suite struct PostingsCodecTests {
    typealias Posting = (doc: UInt32, positions: [UInt32])

    /// The encoded files (payload before the footer, as `SegmentReader` maps them) and each term's info.
    struct Encoded {
        var postings: [UInt8]
        var positions: [UInt8]
        var infos: [TermInfo]
    }

    static func encode(_ terms: [[Posting]], norms: [[UInt8]] = []) -> Encoded {
        var w = PostingsWriter(segment: "t", norms: norms, postingsCapacity: 0, positionsCapacity: 0)
        var infos: [TermInfo] = []
        for term in terms {
            let o = w.startTerm(field: Field.body.rawValue)
            for p in term { p.positions.withUnsafeBufferPointer { w.add(doc: p.doc, positions: $0) } }
            w.finishTerm()
            let total = term.reduce(UInt64(0)) { $0 + UInt64($1.positions.count) }
            infos.append(TermInfo(docFreq: UInt32(term.count), totalTermFreq: total,
                                  postingsOffset: Int(o.postings), positionsOffset: Int(o.positions)))
        }
        let (post, pos) = w.finish()
        return Encoded(postings: Array(post.dropLast(CodecFile.footerLength)), positions: Array(pos.dropLast(CodecFile.footerLength)), infos: infos)
    }

    static func randomTerm(_ rng: inout SplitMix64, count: Int, maxGap: Int, start: UInt32 = 0, maxFreq: Int = 4) -> [Posting] {
        var out: [Posting] = []
        var doc = Int(start)
        for i in 0 ..< count {
            doc += i == 0 ? rng.below(maxGap) : 1 + rng.below(maxGap)
            var pos: [UInt32] = []
            var p = rng.below(50)
            for _ in 0 ..< 1 + rng.below(maxFreq) {
                pos.append(UInt32(p))
                p += 1 + rng.below(rng.below(4) == 0 ? 5000 : 20)
            }
            out.append((UInt32(doc), pos))
        }
        return out
    }

    /// Walks every term with `next()` and checks docs, freqs, positions and block bounds.
    static func expectRoundTrip(_ terms: [[Posting]], norms: [[UInt8]] = []) {
        let e = encode(terms, norms: norms)
        e.postings.withUnsafeBytes { post in
            e.positions.withUnsafeBytes { pos in
                var buf: [UInt32] = []
                for (t, term) in terms.enumerated() {
                    let it = PostingsIterator(postings: post, positions: pos, info: e.infos[t], needsPositions: true)
                    for p in term {
                        #expect(it.next() == p.doc)
                        #expect(it.freq == UInt32(p.positions.count))
                        // Positions of every other document only: skipped ones must not disturb the next.
                        if p.doc % 2 == 0 {
                            it.positions(into: &buf)
                            #expect(buf == p.positions)
                        }
                        if let bound = it.blockBound(for: p.doc) {
                            #expect(bound.lastDoc >= p.doc && bound.maxFreq >= UInt32(p.positions.count))
                            if !norms.isEmpty {
                                // Every test term is a body term: its other field is the title.
                                #expect(bound.minLengthRatio <= Float(FieldNorms.decode(norms[0][Int(p.doc)])) / Float(p.positions.count))
                                #expect(bound.minOtherNorm <= norms[1][Int(p.doc)])
                            }
                        }
                    }
                    #expect(it.next() == PostingsIterator.noMoreDocs)
                    #expect(it.next() == PostingsIterator.noMoreDocs)
                    #expect(!it.isCorrupt)
                }
            }
        }
    }

    @Test func blockBoundaries() {
        var rng = SplitMix64(seed: 1)
        let sizes = [1, 2, 3, 4, 5, 127, 128, 129, 131, 132, 255, 256, 257, 383, 384, 385, 1000]
        let terms = sizes.map { Self.randomTerm(&rng, count: $0, maxGap: 40) }
        let docCount = Int(terms.flatMap { $0.map(\.doc) }.max()!) + 1
        let norms = (0 ..< Field.allCases.count).map { _ in (0 ..< docCount).map { _ in UInt8(rng.below(256)) } }
        Self.expectRoundTrip(terms, norms: norms)
    }

    @Test func randomLists() {
        var rng = SplitMix64(seed: 2)
        var terms: [[Posting]] = []
        for _ in 0 ..< 60 {
            terms.append(Self.randomTerm(&rng, count: 1 + rng.below(700), maxGap: 1 + rng.below(3000), maxFreq: 1 + rng.below(12)))
        }
        Self.expectRoundTrip(terms)
    }

    @Test func emptyAndSingleTerms() {
        Self.expectRoundTrip([[], [(0, [0])], [], [(5, [3, 9])], [(UInt32(1) << 31, [UInt32.max - 1])]])
    }

    @Test func docIdsNear2To31AndDenseRuns() {
        var rng = SplitMix64(seed: 3)
        let high = Self.randomTerm(&rng, count: 300, maxGap: 3, start: (UInt32(1) << 31) - 200)
        let dense = (0 ..< 700).map { (UInt32($0), [UInt32(0)]) }
        let jump: [Posting] = (0 ..< 200).map { i in (i < 199 ? UInt32(i) : UInt32.max - 1, [1]) }
        Self.expectRoundTrip([high, dense, jump])
    }

    @Test func hugeTermFrequencies() {
        let big = (0 ..< 100_000).map { UInt32($0 * 3) }
        var term: [Posting] = (0 ..< 130).map { (UInt32($0 * 2), [UInt32($0)]) }
        term[5].positions = big
        term[129].positions = Array(big.prefix(300))
        // A Rice-coded partial block whose frequencies escape (parameter capped at 7).
        var rice: [Posting] = (0 ..< 140).map { (UInt32($0 * 5 + 1), [UInt32($0 % 3)]) }
        rice[131].positions = big
        rice[135].positions = Array(big.prefix(1000))
        Self.expectRoundTrip([term, [(7, big)], rice])
    }

    /// `advance(to:)` lands on the first doc ≥ target, mixed with `next()`, with positions intact.
    @Test func advanceMatchesReference() {
        var rng = SplitMix64(seed: 4)
        let terms = (0 ..< 12).map { i in Self.randomTerm(&rng, count: [1, 127, 128, 129, 2000, 5000][i % 6], maxGap: 1 + rng.below(200)) }
        let e = Self.encode(terms)
        e.postings.withUnsafeBytes { post in
            e.positions.withUnsafeBytes { pos in
                var buf: [UInt32] = []
                for (t, term) in terms.enumerated() {
                    let it = PostingsIterator(postings: post, positions: pos, info: e.infos[t], needsPositions: true)
                    let last = Int(term.last!.doc)
                    var target: UInt32 = 0
                    var current: UInt32? = nil
                    while true {
                        let useNext = current != nil && rng.below(3) == 0
                        let want: Int?
                        if useNext {
                            want = term.firstIndex { $0.doc > current! }
                        } else {
                            target = max(target, UInt32(min(last + 5, Int(target) + rng.below(rng.below(2) == 0 ? 50 : 4000))))
                            if let c = current, c >= target { want = term.firstIndex { $0.doc == c } } else { want = term.firstIndex { $0.doc >= target } }
                        }
                        let got = useNext ? it.next() : it.advance(to: target)
                        guard let w = want else { #expect(got == PostingsIterator.noMoreDocs); break }
                        #expect(got == term[w].doc)
                        #expect(it.freq == UInt32(term[w].positions.count))
                        if rng.below(2) == 0 {
                            it.positions(into: &buf)
                            #expect(buf == term[w].positions)
                        }
                        current = got
                        target = got
                    }
                    #expect(!it.isCorrupt)
                }
            }
        }
    }

    /// `positions(into:through:)` stops at the first position ≥ the limit, decoding the rest
    /// later on demand: a limited read, then a full one of the same document, on documents
    /// visited sparsely (their chunks' earlier values skipped) and densely; the pointer form
    /// writes the same values.
    @Test func positionsThroughALimit() {
        var rng = SplitMix64(seed: 6)
        let terms = (0 ..< 6).map { _ in Self.randomTerm(&rng, count: 300 + rng.below(900), maxGap: 1 + rng.below(40), maxFreq: 90) }
        let e = Self.encode(terms)
        e.postings.withUnsafeBytes { post in
            e.positions.withUnsafeBytes { pos in
                var buf: [UInt32] = []
                let scratch = PositionBuffer()
                for (t, term) in terms.enumerated() {
                    let it = PostingsIterator(postings: post, positions: pos, info: e.infos[t], needsPositions: true)
                    for p in term where rng.below(t % 2 == 0 ? 4 : 1) == 0 {
                        #expect(it.advance(to: p.doc) == p.doc)
                        let limit = rng.below(3) == 0 ? UInt32.max : UInt32(rng.below(Int(p.positions.last! + 3)))
                        let want = p.positions.firstIndex { $0 >= limit }.map { Array(p.positions[...$0]) } ?? p.positions
                        if rng.below(2) == 0 {
                            it.positions(into: &buf, through: limit)
                            #expect(buf == want)
                        } else {
                            scratch.reserve(Int(it.freq))
                            let n = it.positions(writingTo: scratch.base, through: limit)
                            #expect(Array(UnsafeBufferPointer(start: scratch.base, count: n)) == want)
                        }
                        if rng.below(2) == 0 {
                            it.positions(into: &buf)
                            #expect(buf == p.positions)
                        }
                    }
                    #expect(!it.isCorrupt)
                }
            }
        }
    }

    /// Damaged postings or positions never crash or loop: iteration ends, usually flagged corrupt.
    @Test func damagedBytesAreSurvived() {
        var rng = SplitMix64(seed: 5)
        let terms = (0 ..< 8).map { _ in Self.randomTerm(&rng, count: 1 + rng.below(600), maxGap: 30) }
        let clean = Self.encode(terms)
        var flagged = 0
        for trial in 0 ..< 200 {
            var e = clean
            for _ in 0 ..< 1 + rng.below(4) {
                if trial % 2 == 0 { e.postings[rng.below(e.postings.count)] ^= UInt8(1 + rng.below(255)) } else { e.positions[rng.below(e.positions.count)] ^= UInt8(1 + rng.below(255)) }
            }
            e.postings.withUnsafeBytes { post in
                e.positions.withUnsafeBytes { pos in
                    var buf: [UInt32] = []
                    for info in e.infos {
                        let it = PostingsIterator(postings: post, positions: pos, info: info, needsPositions: true)
                        var steps = 0
                        var previous: Int64 = -1
                        while it.next() != PostingsIterator.noMoreDocs {
                            #expect(Int64(it.doc) > previous)
                            previous = Int64(it.doc)
                            it.positions(into: &buf)
                            steps += 1
                            if steps > Int(info.docFreq) { Issue.record("iterated past docFreq"); break }
                        }
                        _ = it.advance(to: UInt32.max - 1)
                        if it.isCorrupt { flagged += 1 }
                    }
                }
            }
        }
        #expect(flagged > 0)
    }
}

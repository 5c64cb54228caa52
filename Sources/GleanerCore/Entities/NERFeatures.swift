/// Per-token atoms (hashed word, shapes, affixes, flags, gazetteer and cluster ids, cue words,
/// capitalised runs, how the word is written elsewhere in the document) and the feature
/// templates built from them over a ±2 window.
///
/// `NERFeatures` is per-thread scratch state: `loadDocument` computes the atoms of a document
/// (O(bytes); `load` of a single sentence), `select` picks a sentence, then `features(at:into:)`
/// writes the feature hashes of one of its tokens into a caller buffer of at least
/// `maxFeatures` slots.
struct NERFeatures {
    /// The atoms of one token; all fields are hashes (0 = absent for gazetteer and clusters).
    struct Atoms {
        var word: UInt64 = 0
        var shape: UInt64 = 0
        var shortShape: UInt64 = 0
        var prefix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var suffix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var flags: UInt64 = 0
        var gazetteer: UInt64 = 0     // B bits 0–7, I bits 8–15 (see `markGazetteer`)
        var clusterFine: UInt64 = 0
        var clusterMiddle: UInt64 = 0
        var clusterCoarse: UInt64 = 0
        var capitalisation: UInt64 = 0
        var initCap = false
        var lowerInit = false
        /// Plain text: a lower-case word (ASCII initial, no inner capital, no digit) or
        /// punctuation other than `@` and `#` (see `markOpen`).
        var plain = false
        /// The lexicon value of the word alone (gazetteer bits, the prefix bit, clusters).
        var lexicon: UInt64 = 0
        /// Cue-word classes of the word itself (`Lexicon.Bit.orgCue`, `locCue`, `personTitle`).
        var cue: UInt64 = 0
        /// The capitalised run the token belongs to (see `markRuns`), 0 = none.
        var run: UInt64 = 0
        /// How the same word is written elsewhere in the document (see `markDocument`), 0 = n/a.
        var docCase: UInt64 = 0
    }

    enum Flag {
        static let initCap: UInt64 = 1 << 0
        static let allCaps: UInt64 = 1 << 1
        static let hasDigit: UInt64 = 1 << 2
        static let allDigits: UInt64 = 1 << 3
        static let hasHyphen: UInt64 = 1 << 4
        static let hasPeriod: UInt64 = 1 << 5
        static let hasApostrophe: UInt64 = 1 << 6
        static let noLetters: UInt64 = 1 << 7
        static let innerCap: UInt64 = 1 << 8
    }

    static let maxFeatures = 80
    static let maxUnits = 40

    let lexicon: Lexicon
    /// Atoms of every token of the loaded document.
    private(set) var atoms: [Atoms] = []
    /// Per token of the loaded document: whether it can be part of an entity (see `markOpen`);
    /// the tagger scores only these and gives the others O.
    private(set) var open: [Bool] = []
    /// The gate's window: a plain token is closed when the `gateBefore` tokens before it and the
    /// `gateAfter` tokens after it (within the sentence) are plain too; `gateBefore < 0` opens
    /// every token.
    var gateBefore = NERFeatures.defaultGateBefore
    var gateAfter = NERFeatures.defaultGateAfter
    static let defaultGateBefore = 2
    static let defaultGateAfter = 1
    private var headlines: [Bool] = []
    private var docCounts = WordTable<UInt64>(zero: 0)
    /// A sentence of the loaded document: atoms[base ..< limit], and whether it is a headline
    /// (all the context templates read besides the atoms).
    struct Selection {
        var base = 0
        var limit = 0
        var isHeadline = false
    }
    /// The selected sentence.
    private(set) var selection = Selection()
    var isHeadline: Bool { selection.isHeadline }
    private var one: [Range<Int>] = [0..<0]

    static let startAtoms: Atoms = pad("<s>")
    static let endAtoms: Atoms = pad("</s>")

    private static func pad(_ s: String) -> Atoms {
        var a = Atoms()
        a.word = FeatureHash.word(s)
        a.shape = a.word &+ 1
        a.shortShape = a.word &+ 2
        return a
    }

    init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// A direct-mapped cache of `computeAtoms` by the token's exact bytes (tokens of at most
    /// 16 bytes): frequent words are read once per thread, not once per mention. 2,048
    /// entries (~400 KB).
    private var cacheBytes = [SIMD2<UInt64>](repeating: .zero, count: NERFeatures.atomCacheSize)
    private var cacheLengths = [UInt8](repeating: 0xFF, count: NERFeatures.atomCacheSize)
    private var cacheAtoms = [Atoms](repeating: Atoms(), count: NERFeatures.atomCacheSize)
    static let atomCacheBits = 11
    static let atomCacheSize = 1 << atomCacheBits

    /// Writes the atoms of token `r` of `b` to uninitialised `dst`, from the cache
    /// (`cacheBytes`, `cacheLengths`, `cacheAtoms`, passed as buffers) when the same bytes were
    /// seen before: one copy of the atoms per token.
    @inline(__always)
    private static func cachedAtoms(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, lexicon: Lexicon,
                                    bytes cb: UnsafeMutablePointer<SIMD2<UInt64>>, lengths cl: UnsafeMutablePointer<UInt8>,
                                    atoms ca: UnsafeMutablePointer<Atoms>, into dst: UnsafeMutablePointer<Atoms>) {
        let n = r.count
        guard n <= 16 else { dst.initialize(to: computeAtoms(b, r, lexicon: lexicon)); return }
        var key = SIMD2<UInt64>.zero
        withUnsafeMutableBytes(of: &key) { k in
            k.baseAddress!.copyMemory(from: b.baseAddress! + r.lowerBound, byteCount: n)
        }
        let h = FeatureHash.mix(key.x ^ FeatureHash.mix(key.y ^ UInt64(n)))
        let slot = Int(truncatingIfNeeded: h >> UInt64(64 - NERFeatures.atomCacheBits))
        if cl[slot] == UInt8(n) && cb[slot] == key {
            dst.initialize(from: ca + slot, count: 1)
            return
        }
        dst.initialize(to: computeAtoms(b, r, lexicon: lexicon))
        cb[slot] = key
        cl[slot] = UInt8(n)
        (ca + slot).update(from: dst, count: 1)
    }

    /// Computes the atoms of a sentence whose tokens are `ranges` of `bytes` and selects it.
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>) {
        one[0] = 0..<ranges.count
        loadDocument(bytes, ranges, sentences: one)
        select(0..<ranges.count, sentence: 0)
    }

    /// Computes the atoms of a document: `tokens` are byte ranges of `bytes`, `sentences` token
    /// index ranges (in order, covering the tokens). Then `select` a sentence before `features`.
    mutating func loadDocument(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Range<Int>>, sentences: [Range<Int>]) {
        headlines.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        // A new array written in place through the caches' buffers (no fill, no uniqueness or
        // bounds checks, one copy of the atoms per token); `Atoms` is a trivial type.
        let lexicon = self.lexicon
        atoms = []
        atoms = cacheBytes.withUnsafeMutableBufferPointer { cb in
            cacheLengths.withUnsafeMutableBufferPointer { cl in
                cacheAtoms.withUnsafeMutableBufferPointer { ca in
                    [Atoms](unsafeUninitializedCapacity: tokens.count) { buf, count in
                        guard let out = buf.baseAddress else { count = 0; return }
                        for (i, r) in tokens.enumerated() {
                            NERFeatures.cachedAtoms(bytes, r, lexicon: lexicon, bytes: cb.baseAddress!,
                                                    lengths: cl.baseAddress!, atoms: ca.baseAddress!, into: out + i)
                        }
                        count = tokens.count
                    }
                }
            }
        }
        open.append(contentsOf: repeatElement(true, count: tokens.count))
        for s in sentences {
            var letterTokens = 0, capTokens = 0
            for i in s {
                let a = atoms[i]
                if a.flags & Flag.noLetters == 0 && a.flags & Flag.allDigits == 0 {
                    letterTokens += 1
                    if a.initCap { capTokens += 1 }
                }
            }
            // A headline: most words capitalised (title case or capitals), where capitals say little.
            headlines.append(letterTokens >= 4 && capTokens * 4 >= letterTokens * 3)
            markGazetteer(s)
            markRuns(s)
            markOpen(s)
        }
        markDocument(sentences)
    }

    /// The gate: a token can only begin or continue an entity near something that is not plain
    /// text — a capitalised or digit-initial word, a mixed-case word, non-ASCII, `@`/`#`. A
    /// plain token whose `gateBefore` predecessors (an entity it could continue: "the 2004
    /// federal election") and `gateAfter` successors (an entity it could begin: "the" of
    /// "the Hague") are plain as well is closed: tagged O without being scored. Sentence edges
    /// count as plain. O(sentence).
    private mutating func markOpen(_ sentence: Range<Int>) {
        guard gateBefore >= 0 else { return }
        // Distance back to the last non-plain token, capped.
        var sinceNonPlain = Int.max / 2
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            if !atoms[i].plain {
                sinceNonPlain = 0
                i += 1
                continue
            }
            sinceNonPlain += 1
            var closed = sinceNonPlain > gateBefore
            if closed {
                var j = i + 1
                while j < sentence.upperBound && j <= i + gateAfter {
                    if !atoms[j].plain { closed = false; break }
                    j += 1
                }
            }
            open[i] = !closed
            i += 1
        }
    }

    /// Makes sentence `index` (token range `range` of the loaded document) the one `features` reads.
    @inline(__always)
    mutating func select(_ range: Range<Int>, sentence index: Int) {
        selection = Selection(base: range.lowerBound, limit: range.upperBound, isHeadline: headlines[index])
    }

    private static func computeAtoms(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, lexicon: Lexicon) -> Atoms {
        var a = Atoms()
        // The last four lower-cased units (of the first `maxUnits`), latest first, for suffixes.
        var l0: UInt32 = 0, l1: UInt32 = 0, l2: UInt32 = 0, l3: UInt32 = 0
        var h = FeatureHash.fnvOffset
        var shape = FeatureHash.fnvOffset, short = FeatureHash.fnvOffset
        var lastClass: UInt8 = 0, run = 0
        var letters = 0, uppers = 0, digits = 0, count = 0
        var tagLike = false
        var flags: UInt64 = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let (u, len) = NERText.decode(b, i, r.upperBound)
            i += len
            let cls = NERText.shapeClass(u)
            switch cls {
            case 0x58: letters += 1; uppers += 1
            case 0x78: letters += 1
            case 0x64: digits += 1
            case 0x2D: flags |= Flag.hasHyphen
            case 0x2E: flags |= Flag.hasPeriod
            case 0x27: flags |= Flag.hasApostrophe
            case 0x40, 0x23: tagLike = true
            default: break
            }
            if count == 0 && cls == 0x58 { flags |= Flag.initCap; a.initCap = true }
            if count == 0 && cls == 0x78 && u < 0x80 { a.lowerInit = true }
            if cls == lastClass { run += 1 } else { run = 1; lastClass = cls }
            if run <= 4 { shape = FeatureHash.fnv(shape, UInt32(cls)) }
            if run == 1 { short = FeatureHash.fnv(short, UInt32(cls)) }
            if count < NERFeatures.maxUnits {
                let l = NERText.lower(u)
                l3 = l2; l2 = l1; l1 = l0; l0 = l
                h = FeatureHash.fnv(h, l)
                switch count {
                case 0: a.prefix.0 = h
                case 1: a.prefix.1 = h
                case 2: a.prefix.2 = h
                case 3: a.prefix.3 = h
                default: break
                }
            }
            count += 1
        }
        // innerCap: mixed case beyond an initial capital ("McDonald", "iPhone").
        if letters > 0 && uppers > 0 && uppers < letters && !(uppers == 1 && a.initCap) { flags |= Flag.innerCap }
        if letters > 0 && uppers == letters { flags |= Flag.allCaps }
        if digits > 0 { flags |= Flag.hasDigit; if digits == count { flags |= Flag.allDigits } }
        if letters == 0 && digits == 0 { flags |= Flag.noLetters }
        let lengthBucket: UInt64 = count <= 3 ? UInt64(count) : (count <= 6 ? 4 : (count <= 10 ? 5 : 6))
        a.flags = flags | (lengthBucket << 12)
        a.word = h
        a.shape = shape
        a.shortShape = short
        if count < 4 { // prefixes past the end repeat the whole word
            if count < 2 { a.prefix.1 = h }
            if count < 3 { a.prefix.2 = h }
            a.prefix.3 = h
        }
        // Suffixes over the lower-cased units.
        let n = min(count, NERFeatures.maxUnits)
        var s = FeatureHash.fnvOffset ^ 0x5555
        if n > 0 { s = FeatureHash.fnv(s, l0) }
        a.suffix.0 = s
        if n > 1 { s = FeatureHash.fnv(s, l1) }
        a.suffix.1 = s
        if n > 2 { s = FeatureHash.fnv(s, l2) }
        a.suffix.2 = s
        if n > 3 { s = FeatureHash.fnv(s, l3) }
        a.suffix.3 = s
        let v = lexicon.value(FeatureHash.lexiconKey(FeatureHash.lexiconSeed, h))
        a.lexicon = v
        if v != 0 {
            a.gazetteer = v & (Lexicon.Bit.firstName | Lexicon.Bit.lastName)
            a.cue = v & Lexicon.Bit.cueMask
            a.clusterFine = (v >> 16) & 0xFFFF
            a.clusterMiddle = (v >> 32) & 0xFFFF
            a.clusterCoarse = (v >> 48) & 0xFFFF
            a.capitalisation = (v >> Lexicon.Bit.capitalisationShift) & 0xF
        }
        // Plain: punctuation, or a lower-case word that is usually written in lower case
        // (capitalised < 30 % of the time mid-sentence in Wikipedia: buckets 1 and 2).
        a.plain = !tagLike && digits == 0
            && (letters == 0 || (a.lowerInit && uppers == 0 && (a.capitalisation == 1 || a.capitalisation == 2)))
        return a
    }

    /// Longest-match gazetteer phrases (places, organisations, misc, countries): B bits at the
    /// first token, the same bits shifted by 8 on the others. Names (first/last) are per token.
    private mutating func markGazetteer(_ sentence: Range<Int>) {
        let phraseBits = Lexicon.Bit.place | Lexicon.Bit.organization | Lexicon.Bit.misc | Lexicon.Bit.country
        let n = sentence.upperBound
        var i = sentence.lowerBound
        while i < n {
            // The first word's lexicon value is in its atoms already.
            let first = atoms[i].lexicon
            if first & (phraseBits | Lexicon.Bit.prefix) == 0 { i += 1; continue }
            var key = FeatureHash.lexiconSeed
            var bestEnd = -1
            var bestBits: UInt64 = 0
            var j = i
            while j < n && j - i < Lexicon.maxPhraseTokens {
                key = FeatureHash.lexiconKey(key, atoms[j].word)
                let v = j == i ? first : lexicon.value(key)
                if v == 0 { break }
                if v & phraseBits != 0 { bestEnd = j; bestBits = v & phraseBits }
                if v & Lexicon.Bit.prefix == 0 { break }
                j += 1
            }
            if bestEnd >= 0 {
                atoms[i].gazetteer |= bestBits
                if bestEnd > i {
                    for t in (i + 1)...bestEnd { atoms[t].gazetteer |= bestBits << 8 }
                }
                i = bestEnd + 1
            } else {
                i += 1
            }
        }
    }

    static let glueWords: Set<UInt64> = Set(["of", "for", "and", "&", "de", "the", "on", "du", "la", "del", "von", "van", "al", "da", "in"].map { FeatureHash.word($0) })

    /// Capitalised runs ("Ministry of Defence", "Wagner Group", "Gen. Mark Milley"): maximal
    /// sequences of capitalised tokens, glue words ("of", "and", "de", …) allowed inside. Every
    /// token of a run gets an atom of the cue classes of the run's last word and of any word,
    /// whether a title cue precedes it, and the token's position in it.
    private mutating func markRuns(_ sentence: Range<Int>) {
        var i = sentence.lowerBound
        let n = sentence.upperBound
        @inline(__always) func isCap(_ a: Atoms) -> Bool { a.initCap || (a.flags & Flag.allCaps != 0 && a.flags & Flag.noLetters == 0) }
        while i < n {
            guard isCap(atoms[i]) else { i += 1; continue }
            var e = i + 1
            while e < n {
                if isCap(atoms[e]) { e += 1; continue }
                if e + 1 < n && NERFeatures.glueWords.contains(atoms[e].word) && isCap(atoms[e + 1]) { e += 2; continue }
                break
            }
            var any: UInt64 = 0
            for t in i..<e { any |= atoms[t].cue }
            let last = atoms[e - 1].cue
            let title: UInt64 = i > sentence.lowerBound && atoms[i - 1].cue & Lexicon.Bit.personTitle != 0 ? 1 : 0
            let len = UInt64(min(e - i, 4))
            let head = (cueCode(last) << 8) | (cueCode(any) << 4) | (title << 3) | len
            for t in i..<e {
                let pos: UInt64 = e - i == 1 ? 0 : (t == i ? 1 : (t == e - 1 ? 2 : 3))
                atoms[t].run = (head << 4 | pos) &+ 0x1_0000
            }
            i = e
        }
    }

    @inline(__always)
    private func cueCode(_ c: UInt64) -> UInt64 {
        (c & Lexicon.Bit.orgCue != 0 ? 1 : 0) | (c & Lexicon.Bit.locCue != 0 ? 2 : 0) | (c & Lexicon.Bit.personTitle != 0 ? 4 : 0)
    }

    /// Document case: for each capitalised word, how often the same word appears elsewhere in
    /// the document capitalised mid-sentence (0, 1, 2+) and in lower case (0, 1, 2+). Tells a
    /// sentence-initial or headline "Police" from a name.
    private mutating func markDocument(_ sentences: [Range<Int>]) {
        docCounts.reset(expected: atoms.count)
        for (k, s) in sentences.enumerated() where !headlines[k] && s.count > 1 {
            for i in (s.lowerBound + 1)..<s.upperBound {
                let a = atoms[i]
                if a.initCap && a.flags & Flag.allCaps == 0 { docCounts[slot: docCounts.slot(a.word)] &+= 1 }
                else if a.lowerInit { docCounts[slot: docCounts.slot(a.word)] &+= 1 << 32 }
            }
        }
        for (k, s) in sentences.enumerated() {
            for i in s where atoms[i].initCap {
                var c = docCounts.value(atoms[i].word)
                if !headlines[k] && i > s.lowerBound && atoms[i].flags & Flag.allCaps == 0 { c &-= 1 }
                let cap = min(c & 0xFFFF_FFFF, 2), low = min(c >> 32, 2)
                atoms[i].docCase = 16 | cap | low << 2
            }
        }
    }

    /// Writes the feature hashes of token `i` into `out`; returns how many: the token's own
    /// features, then those of its context.
    @inline(__always)
    func features(at i: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        atoms.withUnsafeBufferPointer { all in
            let k = NERFeatures.tokenFeatures(all.baseAddress! + selection.base + i, into: out)
            return k + contextFeatures(atoms: all.baseAddress!, at: i, into: out + k)
        }
    }

    /// A key for everything `tokenFeatures` reads: the word (which fixes its affixes and
    /// lexicon value), its shape and flags. Never 0.
    @inline(__always)
    static func tokenKey(_ a: UnsafePointer<Atoms>) -> UInt64 {
        FeatureHash.mix(a.pointee.word ^ FeatureHash.mix(a.pointee.shape ^ (a.pointee.flags &* 0x9E37_79B9))) | 1
    }

    /// The features of a token on its own — the same wherever it stands, so the tagger can
    /// cache their sum per `tokenKey`. Returns how many (at most 24).
    @inline(__always)
    static func tokenFeatures(_ a: UnsafePointer<Atoms>, into out: UnsafeMutablePointer<UInt64>) -> Int {
        var k = 0
        @inline(__always) func emit(_ h: UInt64) { out[k] = h; k += 1 }
        emit(FeatureHash.feature(0, 0))
        emit(FeatureHash.feature(1, a.pointee.word))
        emit(FeatureHash.feature(2, a.pointee.shape))
        emit(FeatureHash.feature(3, a.pointee.shortShape))
        emit(FeatureHash.feature(4, a.pointee.prefix.0))
        emit(FeatureHash.feature(5, a.pointee.prefix.1))
        emit(FeatureHash.feature(6, a.pointee.prefix.2))
        emit(FeatureHash.feature(7, a.pointee.prefix.3))
        emit(FeatureHash.feature(8, a.pointee.suffix.0))
        emit(FeatureHash.feature(9, a.pointee.suffix.1))
        emit(FeatureHash.feature(10, a.pointee.suffix.2))
        emit(FeatureHash.feature(11, a.pointee.suffix.3))
        emit(FeatureHash.feature(23, a.pointee.flags))
        var g = a.pointee.gazetteer & nameBits
        while g != 0 {
            let bit = UInt64(g.trailingZeroBitCount)
            emit(FeatureHash.feature(31, bit))
            emit(FeatureHash.feature(32, bit, a.pointee.shortShape))
            g &= g - 1
        }
        if a.pointee.clusterFine != 0 {
            emit(FeatureHash.feature(33, a.pointee.clusterFine))
            emit(FeatureHash.feature(34, a.pointee.clusterMiddle))
            emit(FeatureHash.feature(35, a.pointee.clusterCoarse))
            emit(FeatureHash.feature(36, a.pointee.clusterMiddle, a.pointee.shortShape))
        }
        emit(FeatureHash.feature(39, a.pointee.capitalisation, a.pointee.shortShape))
        if a.pointee.cue != 0 { emit(FeatureHash.feature(42, a.pointee.cue, a.pointee.shortShape)) }
        return k
    }

    /// The features of a token that depend only on the token and on where its sentence puts it
    /// (first token or not, headline or not): templates 24, 25, 30 and 40, which
    /// `contextFeatures` emits when `positional`. With `tokenFeatures` they make a sum the
    /// tagger caches per token and position class. Returns how many (4).
    @inline(__always)
    static func positionFeatures(_ a: UnsafePointer<Atoms>, first: Bool, headline: Bool, into out: UnsafeMutablePointer<UInt64>) -> Int {
        out[0] = FeatureHash.feature(24, a.pointee.shortShape, first ? 1 : 0)
        out[1] = FeatureHash.feature(25, a.pointee.shortShape, headline ? 1 : 0)
        out[2] = FeatureHash.feature(30, a.pointee.word, headline ? 1 : 0)
        out[3] = FeatureHash.feature(40, a.pointee.capitalisation, (first ? 1 : 0) | (headline ? 2 : 0) | (a.pointee.initCap ? 4 : 0))
        return 4
    }

    /// Gazetteer bits that belong to the word alone (set by `computeAtoms`, not `markGazetteer`).
    static let nameBits = Lexicon.Bit.firstName | Lexicon.Bit.lastName

    /// The features of token `i` of the selected sentence that depend on its neighbours, its
    /// place in the sentence or the document. Returns how many.
    @inline(__always)
    func contextFeatures(at i: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        atoms.withUnsafeBufferPointer { contextFeatures(atoms: $0.baseAddress!, at: i, into: out) }
    }

    /// Start and end padding atoms at a stable address (read-only after initialisation).
    nonisolated(unsafe) private static let pads: UnsafePointer<Atoms> = {
        let p = UnsafeMutablePointer<Atoms>.allocate(capacity: 2)
        p.initialize(to: startAtoms)
        (p + 1).initialize(to: endAtoms)
        return UnsafePointer(p)
    }()

    /// `contextFeatures(at:into:)` with the base address of `atoms` held by the caller: the
    /// neighbours are read in place, field by field, never copied whole. Without `positional`,
    /// the templates of `positionFeatures` are left out (the caller adds them); the others keep
    /// their order.
    @inline(__always)
    func contextFeatures(atoms all: UnsafePointer<Atoms>, at i: Int, into out: UnsafeMutablePointer<UInt64>,
                         positional: Bool = true) -> Int {
        NERFeatures.contextFeatures(atoms: all, sentence: selection, at: i, into: out, positional: positional)
    }

    /// `contextFeatures(atoms:at:into:positional:)` of token `i` of `sentence`, for callers that
    /// hold the atoms' address and the selection without a copy of the whole `NERFeatures`.
    @inline(__always)
    static func contextFeatures(atoms all: UnsafePointer<Atoms>, sentence: Selection, at i: Int,
                                into out: UnsafeMutablePointer<UInt64>, positional: Bool) -> Int {
        let base = sentence.base, limit = sentence.limit, isHeadline = sentence.isHeadline
        let t = base + i
        let pads = NERFeatures.pads
        let a = all + t
        let p1 = i >= 1 ? all + t - 1 : pads, p2 = i >= 2 ? all + t - 2 : pads
        let n1 = t + 1 < limit ? all + t + 1 : pads + 1, n2 = t + 2 < limit ? all + t + 2 : pads + 1
        var k = 0
        @inline(__always) func emit(_ h: UInt64) { out[k] = h; k += 1 }
        emit(FeatureHash.feature(12, p1.pointee.word))
        emit(FeatureHash.feature(13, n1.pointee.word))
        emit(FeatureHash.feature(14, p2.pointee.word))
        emit(FeatureHash.feature(15, n2.pointee.word))
        emit(FeatureHash.feature(16, p1.pointee.shape))
        emit(FeatureHash.feature(17, n1.pointee.shape))
        emit(FeatureHash.feature(18, p2.pointee.shortShape))
        emit(FeatureHash.feature(19, n2.pointee.shortShape))
        emit(FeatureHash.feature(20, p1.pointee.word, a.pointee.word))
        emit(FeatureHash.feature(21, a.pointee.word, n1.pointee.word))
        emit(FeatureHash.feature(22, p1.pointee.shortShape &* 31 &+ a.pointee.shortShape, n1.pointee.shortShape))
        if positional {
            emit(FeatureHash.feature(24, a.pointee.shortShape, i == 0 ? 1 : 0))
            emit(FeatureHash.feature(25, a.pointee.shortShape, isHeadline ? 1 : 0))
        }
        emit(FeatureHash.feature(26, p1.pointee.word, a.pointee.shortShape))
        emit(FeatureHash.feature(27, a.pointee.shortShape, n1.pointee.word))
        emit(FeatureHash.feature(28, p1.pointee.gazetteer))
        emit(FeatureHash.feature(29, n1.pointee.gazetteer))
        if positional { emit(FeatureHash.feature(30, a.pointee.word, isHeadline ? 1 : 0)) }
        var g = a.pointee.gazetteer & ~NERFeatures.nameBits
        while g != 0 {
            let bit = UInt64(g.trailingZeroBitCount)
            emit(FeatureHash.feature(31, bit))
            emit(FeatureHash.feature(32, bit, a.pointee.shortShape))
            g &= g - 1
        }
        emit(FeatureHash.feature(37, p1.pointee.clusterMiddle))
        emit(FeatureHash.feature(38, n1.pointee.clusterMiddle))
        if positional {
            emit(FeatureHash.feature(40, a.pointee.capitalisation, (i == 0 ? 1 : 0) | (isHeadline ? 2 : 0) | (a.pointee.initCap ? 4 : 0)))
        }
        emit(FeatureHash.feature(41, p1.pointee.capitalisation, a.pointee.capitalisation))
        if p1.pointee.cue != 0 { emit(FeatureHash.feature(43, p1.pointee.cue, a.pointee.shortShape)) }
        if n1.pointee.cue != 0 { emit(FeatureHash.feature(44, n1.pointee.cue, a.pointee.shortShape)) }
        if a.pointee.run != 0 {
            emit(FeatureHash.feature(45, a.pointee.run))
            emit(FeatureHash.feature(46, a.pointee.run, a.pointee.gazetteer & 0xFF))
        }
        if a.pointee.docCase != 0 {
            let where_ = UInt64(i == 0 ? 1 : 0) | (isHeadline ? 2 : 0)
            emit(FeatureHash.feature(47, a.pointee.docCase, where_))
            emit(FeatureHash.feature(48, a.pointee.docCase &* 8 &+ where_, a.pointee.shortShape))
            emit(FeatureHash.feature(49, a.pointee.docCase &* 8 &+ where_, a.pointee.capitalisation))
        }
        return k
    }
}

/// Per-token atoms (hashed word, shapes, affixes, flags, gazetteer and cluster ids) and the
/// feature templates built from them over a ±2 window.
///
/// `NERFeatures` is per-thread scratch state: `load` computes the atoms of one sentence
/// (O(bytes), no allocation once its buffers have grown), then `features(at:into:)` writes the
/// feature hashes of one token into a caller buffer of at least `maxFeatures` slots.
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

    static let maxFeatures = 64
    static let maxUnits = 40

    let lexicon: Lexicon
    private(set) var atoms: [Atoms] = []
    private var units: [UInt32] = []
    private(set) var isHeadline = false

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
        units.reserveCapacity(NERFeatures.maxUnits)
    }

    /// Computes the atoms of a sentence whose tokens are `ranges` of `bytes`.
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>) {
        atoms.removeAll(keepingCapacity: true)
        var letterTokens = 0, capTokens = 0
        for r in ranges {
            let a = computeAtoms(bytes, r)
            if a.flags & Flag.noLetters == 0 && a.flags & Flag.allDigits == 0 {
                letterTokens += 1
                if a.initCap { capTokens += 1 }
            }
            atoms.append(a)
        }
        // A headline: most words capitalised (title case or capitals), where capitals say little.
        isHeadline = letterTokens >= 4 && capTokens * 4 >= letterTokens * 3
        markGazetteer()
    }

    private mutating func computeAtoms(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Atoms {
        var a = Atoms()
        units.removeAll(keepingCapacity: true)
        var h = FeatureHash.fnvOffset
        var shape = FeatureHash.fnvOffset, short = FeatureHash.fnvOffset
        var lastClass: UInt8 = 0, run = 0
        var letters = 0, uppers = 0, digits = 0, count = 0
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
            default: break
            }
            if count == 0 && cls == 0x58 { flags |= Flag.initCap; a.initCap = true }
            if cls == lastClass { run += 1 } else { run = 1; lastClass = cls }
            if run <= 4 { shape = FeatureHash.fnv(shape, UInt32(cls)) }
            if run == 1 { short = FeatureHash.fnv(short, UInt32(cls)) }
            if count < NERFeatures.maxUnits {
                let l = NERText.lower(u)
                units.append(l)
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
        let n = units.count
        var s = FeatureHash.fnvOffset ^ 0x5555
        var k = 0
        while k < 4 {
            if k < n { s = FeatureHash.fnv(s, units[n - 1 - k]) }
            switch k {
            case 0: a.suffix.0 = s
            case 1: a.suffix.1 = s
            case 2: a.suffix.2 = s
            default: a.suffix.3 = s
            }
            k += 1
        }
        let v = lexicon.value(FeatureHash.lexiconKey(FeatureHash.lexiconSeed, h))
        if v != 0 {
            a.gazetteer = v & (Lexicon.Bit.firstName | Lexicon.Bit.lastName)
            a.clusterFine = (v >> 16) & 0xFFFF
            a.clusterMiddle = (v >> 32) & 0xFFFF
            a.clusterCoarse = (v >> 48) & 0xFFFF
            a.capitalisation = (v >> Lexicon.Bit.capitalisationShift) & 0xF
        }
        return a
    }

    /// Longest-match gazetteer phrases (places, organisations, misc, countries): B bits at the
    /// first token, the same bits shifted by 8 on the others. Names (first/last) are per token.
    private mutating func markGazetteer() {
        let phraseBits = Lexicon.Bit.place | Lexicon.Bit.organization | Lexicon.Bit.misc | Lexicon.Bit.country
        let n = atoms.count
        var i = 0
        while i < n {
            var key = FeatureHash.lexiconSeed
            var bestEnd = -1
            var bestBits: UInt64 = 0
            var j = i
            while j < n && j - i < Lexicon.maxPhraseTokens {
                key = FeatureHash.lexiconKey(key, atoms[j].word)
                let v = lexicon.value(key)
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

    @inline(__always)
    private func atom(_ i: Int) -> Atoms {
        if i < 0 { return NERFeatures.startAtoms }
        if i >= atoms.count { return NERFeatures.endAtoms }
        return atoms[i]
    }

    /// Writes the feature hashes of token `i` into `out`; returns how many.
    @inline(__always)
    func features(at i: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        let a = atoms[i]
        let p1 = atom(i - 1), p2 = atom(i - 2), n1 = atom(i + 1), n2 = atom(i + 2)
        var k = 0
        @inline(__always) func emit(_ h: UInt64) { out[k] = h; k += 1 }
        emit(FeatureHash.feature(0, 0))
        emit(FeatureHash.feature(1, a.word))
        emit(FeatureHash.feature(2, a.shape))
        emit(FeatureHash.feature(3, a.shortShape))
        emit(FeatureHash.feature(4, a.prefix.0))
        emit(FeatureHash.feature(5, a.prefix.1))
        emit(FeatureHash.feature(6, a.prefix.2))
        emit(FeatureHash.feature(7, a.prefix.3))
        emit(FeatureHash.feature(8, a.suffix.0))
        emit(FeatureHash.feature(9, a.suffix.1))
        emit(FeatureHash.feature(10, a.suffix.2))
        emit(FeatureHash.feature(11, a.suffix.3))
        emit(FeatureHash.feature(12, p1.word))
        emit(FeatureHash.feature(13, n1.word))
        emit(FeatureHash.feature(14, p2.word))
        emit(FeatureHash.feature(15, n2.word))
        emit(FeatureHash.feature(16, p1.shape))
        emit(FeatureHash.feature(17, n1.shape))
        emit(FeatureHash.feature(18, p2.shortShape))
        emit(FeatureHash.feature(19, n2.shortShape))
        emit(FeatureHash.feature(20, p1.word, a.word))
        emit(FeatureHash.feature(21, a.word, n1.word))
        emit(FeatureHash.feature(22, p1.shortShape &* 31 &+ a.shortShape, n1.shortShape))
        emit(FeatureHash.feature(23, a.flags))
        emit(FeatureHash.feature(24, a.shortShape, i == 0 ? 1 : 0))
        emit(FeatureHash.feature(25, a.shortShape, isHeadline ? 1 : 0))
        emit(FeatureHash.feature(26, p1.word, a.shortShape))
        emit(FeatureHash.feature(27, a.shortShape, n1.word))
        emit(FeatureHash.feature(28, p1.gazetteer))
        emit(FeatureHash.feature(29, n1.gazetteer))
        emit(FeatureHash.feature(30, a.word, isHeadline ? 1 : 0))
        var g = a.gazetteer
        while g != 0 {
            let bit = UInt64(g.trailingZeroBitCount)
            emit(FeatureHash.feature(31, bit))
            emit(FeatureHash.feature(32, bit, a.shortShape))
            g &= g - 1
        }
        if a.clusterFine != 0 {
            emit(FeatureHash.feature(33, a.clusterFine))
            emit(FeatureHash.feature(34, a.clusterMiddle))
            emit(FeatureHash.feature(35, a.clusterCoarse))
            emit(FeatureHash.feature(36, a.clusterMiddle, a.shortShape))
        }
        emit(FeatureHash.feature(37, p1.clusterMiddle))
        emit(FeatureHash.feature(38, n1.clusterMiddle))
        emit(FeatureHash.feature(39, a.capitalisation, a.shortShape))
        emit(FeatureHash.feature(40, a.capitalisation, (i == 0 ? 1 : 0) | (isHeadline ? 2 : 0) | (a.initCap ? 4 : 0)))
        emit(FeatureHash.feature(41, p1.capitalisation, a.capitalisation))
        return k
    }
}

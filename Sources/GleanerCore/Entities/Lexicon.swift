/// Word and phrase knowledge the tagger's features read: gazetteer memberships and word
/// clusters, keyed by `FeatureHash.lexiconKey` of a lower-cased word sequence.
///
/// A value packs gazetteer bits (bits 0–7 and 15, see `Lexicon.Bit`), a capitalisation bucket (bits 8–11) and up to three cluster ids
/// (bits 16–31 fine, 32–47 middle, 48–63 coarse; 0 = none). Lookups are O(1) in an
/// open-addressing table built at load; the table is immutable and shared across threads.
public struct Lexicon: Sendable {
    /// Gazetteer bits of a lexicon value.
    public enum Bit {
        public static let place: UInt64 = 1 << 0
        public static let firstName: UInt64 = 1 << 1
        public static let lastName: UInt64 = 1 << 2
        public static let organization: UInt64 = 1 << 3
        public static let misc: UInt64 = 1 << 4
        public static let country: UInt64 = 1 << 5
        /// Cue words: organisation heads ("Ministry", "Group", "Corp"), place heads ("River",
        /// "Province"), person titles ("Gen.", "President"). Single words.
        public static let orgCue: UInt64 = 1 << 6
        public static let locCue: UInt64 = 1 << 7
        public static let personTitle: UInt64 = 1 << 12
        public static let cueMask: UInt64 = orgCue | locCue | personTitle
        /// The key is a proper prefix of a longer gazetteer entry: keep extending the match.
        public static let prefix: UInt64 = 1 << 15
        public static let gazetteerMask: UInt64 = 0x7FFF
        /// Bits 8–11: capitalisation bucket of a single word (0 = unknown).
        public static let capitalisationShift: UInt64 = 8
    }

    /// Longest gazetteer entry, in tokens.
    public static let maxPhraseTokens = 5

    /// Sorted keys and their values, as stored in the model file.
    public private(set) var keys: [UInt64]
    public private(set) var values: [UInt64]
    /// Open addressing, key and value side by side (one cache line per probe): slot s holds
    /// its key at `slots[2s]` (0 = empty; key 0 is remapped to 1) and its value at `slots[2s + 1]`.
    /// On huge pages (`HugePageTable`): probed at random, once or more per token.
    private let slots: HugePageTable<UInt64>
    private let mask: Int

    /// Builds the table from key/value pairs (duplicate keys: values are OR-ed).
    public init(pairs: [(UInt64, UInt64)]) {
        var merged: [UInt64: UInt64] = [:]
        for (k, v) in pairs { merged[Lexicon.slotKey(k), default: 0] |= v }
        let sorted = merged.sorted { $0.key < $1.key }
        self.init(sortedKeys: sorted.map(\.key), values: sorted.map(\.value))
    }

    /// Builds the table from unique, non-zero keys in ascending order (as stored in a model
    /// file; `NERModel.decode` checks the order). O(n).
    init(sortedKeys: [UInt64], values: [UInt64]) {
        keys = sortedKeys
        self.values = values
        var cap = 16
        while cap < keys.count * 2 { cap <<= 1 }
        let mask = cap - 1
        self.mask = mask
        slots = HugePageTable<UInt64>(count: 2 * cap) { slots in
            slots.initialize(repeating: 0)
            for i in sortedKeys.indices {
                var s = Int(truncatingIfNeeded: sortedKeys[i] >> 3) & mask
                while slots[2 * s] != 0 { s = (s + 1) & mask }
                slots[2 * s] = sortedKeys[i]
                slots[2 * s + 1] = values[i]
            }
        }
    }

    public static let empty = Lexicon(pairs: [])

    public var count: Int { keys.count }

    @inline(__always)
    static func slotKey(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    /// The value stored under `key`, 0 when absent. O(1) expected.
    @inline(__always)
    public func value(_ key: UInt64) -> UInt64 {
        let k = Lexicon.slotKey(key)
        return slots.withUnsafeBufferPointer { sl in
            var s = Int(truncatingIfNeeded: k >> 3) & mask
            while true {
                let x = sl[2 &* s]
                if x == k { return sl[2 &* s &+ 1] }
                if x == 0 { return 0 }
                s = (s &+ 1) & mask
            }
        }
    }
}

/// Builds a lexicon from gazetteer and cluster lists (training time only).
public struct LexiconBuilder {
    private var pairs: [(UInt64, UInt64)] = []
    public init() {}

    /// Adds a gazetteer entry (a name, split on spaces into the tagger's tokens) with `bits`.
    public mutating func addName(_ name: String, bits: UInt64) {
        let words = NERTokenizer.tokenStrings(name)
        guard !words.isEmpty, words.count <= Lexicon.maxPhraseTokens else { return }
        var k = FeatureHash.lexiconSeed
        for (i, w) in words.enumerated() {
            k = FeatureHash.lexiconKey(k, FeatureHash.word(w))
            pairs.append((k, i == words.count - 1 ? bits : Lexicon.Bit.prefix))
        }
    }

    /// Adds a single word exactly as written (a cue word such as "Gen." or "Corp."), not split
    /// into tokens.
    public mutating func addWord(_ word: String, bits: UInt64) {
        pairs.append((FeatureHash.lexiconKey(FeatureHash.lexiconSeed, FeatureHash.word(word)), bits))
    }

    /// Adds cluster ids (-1 = none, else < 65,535; stored +1) and a capitalisation bucket
    /// (0–15, bits 8–11) for a single word.
    public mutating func addCluster(word: String, fine: Int, middle: Int, coarse: Int, capitalisation: Int = 0) {
        let k = FeatureHash.lexiconKey(FeatureHash.lexiconSeed, FeatureHash.word(word))
        let v = (UInt64(fine + 1) << 16) | (UInt64(middle + 1) << 32) | (UInt64(coarse + 1) << 48)
            | (UInt64(capitalisation & 0xF) << Lexicon.Bit.capitalisationShift)
        pairs.append((k, v))
    }

    public func build() -> Lexicon { Lexicon(pairs: pairs) }
}

import Testing
@testable import GleanerCore

/// `TermDictionaryWriter` → `TermDictionaryReader`: every stored key is found with its
/// statistics, and keys that are absent — between stored keys, before the first, after the
/// last, prefixes and extensions of stored keys — are not (the lookup compares front-coded keys
/// without rebuilding them, so shared-prefix edge cases matter).
@Suite struct TermDictionaryTests {
    /// A dictionary of `keys` (sorted, distinct), opened for reading.
    static func withReader<T>(_ keys: [[UInt8]], _ body: (TermDictionaryReader) throws -> T) throws -> T {
        var w = TermDictionaryWriter(segment: "t")
        for (i, k) in keys.enumerated() {
            w.add(key: k[...], docFreq: UInt32(i + 1), totalTermFreq: UInt64(2 * i + 3), postingsOffset: UInt64(10 * i),
                  positionsOffset: UInt64(7 * i))
        }
        let bytes = w.finish()
        return try bytes.withUnsafeBytes { raw in
            let reader = try TermDictionaryReader(data: raw, file: "t.terms", segment: "t", verify: true)
            return try body(reader)
        }
    }

    /// Random keys over a small alphabet (many shared prefixes), sorted and distinct.
    static func randomKeys(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var set = Set<[UInt8]>()
        while set.count < count {
            let n = 1 + Int(next() % 7)
            set.insert((0 ..< n).map { _ in UInt8(97 + next() % 3) })
        }
        return set.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func everyKeyIsFoundWithItsStatistics() throws {
        let keys = Self.randomKeys(500, seed: 7)
        try Self.withReader(keys) { r in
            #expect(r.termCount == keys.count)
            for (i, k) in keys.enumerated() {
                let info = try #require(try r.lookup(k))
                #expect(info == TermInfo(docFreq: UInt32(i + 1), totalTermFreq: UInt64(2 * i + 3), postingsOffset: 10 * i, positionsOffset: 7 * i))
            }
        }
    }

    @Test func absentKeysAreNotFound() throws {
        let keys = Self.randomKeys(300, seed: 11)
        let stored = Set(keys)
        // Every string up to 8 letters over a slightly larger alphabet that is not stored, plus
        // prefixes and one-byte extensions of stored keys.
        var probes: [[UInt8]] = [[], [0], [255], [UInt8](repeating: 255, count: 9)]
        for k in keys {
            probes.append(Array(k.dropLast()))
            probes.append(k + [96])
            probes.append(k + [98])
            probes.append(k + [100])
            var bumped = k
            bumped[bumped.count - 1] &+= 1
            probes.append(bumped)
        }
        try Self.withReader(keys) { r in
            for p in probes where !stored.contains(p) {
                let found = try r.lookup(p)
                #expect(found == nil, "found absent key \(p)")
            }
            for k in keys {
                let found = try r.lookup(k)
                #expect(found != nil)
            }
        }
    }

    @Test func oneKeyAndEmptyDictionaries() throws {
        try Self.withReader([Array("solo".utf8)]) { r in
            let solo = try r.lookup(Array("solo".utf8)), sol = try r.lookup(Array("sol".utf8))
            let solos = try r.lookup(Array("solos".utf8))
            #expect(solo?.docFreq == 1)
            #expect(sol == nil)
            #expect(solos == nil)
        }
        try Self.withReader([]) { r in
            let x = try r.lookup(Array("x".utf8))
            #expect(r.termCount == 0)
            #expect(x == nil)
        }
    }
}

import Testing
@testable import GleanerCore

@Suite struct ParagraphTableTests {
    /// The one-pass `ParagraphKey.hashes` equals the two single hashes it fuses, for every
    /// length around the 8-byte word boundary.
    @Test func fusedHashesEqualTheSingleOnes() {
        var rng = SplitMix64(seed: 7)
        for n in 0 ..< 70 {
            let bytes = (0 ..< n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.withUnsafeBytes { p in
                let (a, b) = ParagraphKey.hashes(p)
                #expect(a == ParagraphKey.hash(p, seed: ParagraphKey.seeds.0, multiplier: ParagraphKey.multipliers.0))
                #expect(b == ParagraphKey.hash(p, seed: ParagraphKey.seeds.1, multiplier: ParagraphKey.multipliers.1))
                let key = ParagraphKey(p)
                #expect(key.length == n && key.h1 == a && key.h2 == b)
            }
        }
    }

    /// The table answers exactly as a `Dictionary` does, through growth and for keys that
    /// share their first hash (and so their home slot) but differ otherwise.
    @Test func answersAsADictionary() {
        var table = ParagraphTable(capacity: 2)
        var reference: [ParagraphKey: UInt32] = [:]
        var rng = SplitMix64(seed: 11)
        var keys: [ParagraphKey] = []
        for i in 0 ..< 5000 {
            var k = ParagraphKey(length: Int(rng.next() % 500), h1: rng.next(), h2: rng.next())
            if i % 10 == 0, let other = keys.last { k.h1 = other.h1 }
            if i % 37 == 0, let other = keys.first { k = other }
            keys.append(k)
            #expect(table[k] == reference[k])
            if reference[k] == nil {
                reference[k] = UInt32(i)
                table.insertNew(k, UInt32(i))
            }
        }
        #expect(table.count == reference.count)
        for k in keys { #expect(table[k] == reference[k]) }
        #expect(table[ParagraphKey(length: 1, h1: 2, h2: 3)] == nil)
    }
}

import Testing
@testable import GleanerCore

@Suite struct EntitiesWordTableTests {
    @Test func countsAndResets() {
        var t = WordTable<UInt64>(zero: 0)
        #expect(t.value(42) == 0)                     // never reset: empty
        t.reset(expected: 3)
        for k: UInt64 in [7, 0, 7, 1 << 63, 7] { t[slot: t.slot(k)] += 1 }
        #expect(t.value(7) == 3 && t.value(0) == 1 && t.value(1 << 63) == 1 && t.value(8) == 0)
        #expect(t.count == 3)
        // A long document grows the table; a later short one sees none of its keys.
        t.reset(expected: 5000)
        for k in 0..<UInt64(5000) { t[slot: t.slot(k &* 0x9E37_79B9_7F4A_7C15)] = k + 1 }
        #expect(t.value(4999 &* 0x9E37_79B9_7F4A_7C15) == 5000)
        t.reset(expected: 2)
        #expect(t.count == 0 && t.value(7) == 0 && t.value(4999 &* 0x9E37_79B9_7F4A_7C15) == 0)
        t[slot: t.slot(7)] = 9
        #expect(t.value(7) == 9)
    }
}

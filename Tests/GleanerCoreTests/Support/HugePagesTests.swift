import Testing
@testable import GleanerCore

@Suite struct HugePagesTests {
    /// Advice changes no byte: a table large enough for whole huge pages, advised before it is
    /// written (as `NERModel` and `Lexicon` do), holds what was written; small and empty
    /// buffers are left alone.
    @Test func adviceKeepsContents() {
        for count in [0, 1, 1000, (5 << 20) / 8 + 3] {
            let table = [UInt64](unsafeUninitializedCapacity: count) { buf, n in
                HugePages.advise(buf)
                for i in 0..<count { buf[i] = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }
                n = count
            }
            #expect(table.count == count)
            #expect(table.indices.allSatisfy { table[$0] == UInt64($0) &* 0x9E37_79B9_7F4A_7C15 })
        }
        HugePages.advise(nil, byteCount: 1 << 30)
    }

    /// One aligned huge page (as `StemCache` allocates it): advised, written and read back.
    @Test func alignedPageKeepsContents() {
        let n = HugePages.size
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: HugePages.size)
        defer { p.deallocate() }
        HugePages.advise(p, byteCount: n)
        let bytes = p.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        for i in stride(from: 0, to: n, by: 4093) { bytes[i] = UInt8(truncatingIfNeeded: i) }
        #expect(stride(from: 0, to: n, by: 4093).allSatisfy { bytes[$0] == UInt8(truncatingIfNeeded: $0) })
        #expect(bytes[1] == 0 && bytes[n - 1] == 0)
    }
}

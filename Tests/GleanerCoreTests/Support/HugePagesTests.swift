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

    /// A `HugePageTable` holds what its initialiser wrote, large (aligned to a huge page) or
    /// small, and reads the same through its subscript and its buffer.
    @Test func tableKeepsContents() {
        for count in [0, 3, HugePages.size / 8 * 2 + 5] {
            let t = HugePageTable<UInt64>(count: count) { buf in
                for i in 0..<buf.count { buf[i] = UInt64(i) &* 31 &+ 7 }
            }
            #expect(t.count == count)
            t.withUnsafeBufferPointer { b in
                #expect(b.count == count)
                #expect(b.indices.allSatisfy { b[$0] == UInt64($0) &* 31 &+ 7 && t[$0] == b[$0] })
                if count * 8 >= HugePages.size { #expect(Int(bitPattern: b.baseAddress) % HugePages.size == 0) }
            }
        }
    }
}

import Testing
@testable import GleanerCore

/// `ZstdCompressor` compresses into its own reused buffer (grown as frames grow) and appends
/// the frames to a `ByteWriter`; `ZstdDecompressor` fills uninitialised output.
@Suite struct ZstdTests {
    @Test func framesOfGrowingAndShrinkingSizesRoundTrip() throws {
        let compressor = ZstdCompressor(level: 3)
        let decompressor = ZstdDecompressor(dictionary: UnsafeRawBufferPointer(start: nil, count: 0))
        var rng = SplitMix64(seed: 3)
        var out = ByteWriter()
        var frames: [(raw: [UInt8], start: Int, end: Int)] = []
        // Random bytes (incompressible: frames larger than their input) past the initial buffer.
        for n in [0, 1, 100, 70_000, 10, 300_000, 5, 65_536] {
            let raw = (0 ..< n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let start = out.count
            raw.withUnsafeBytes { compressor.compress($0, appendingTo: &out) }
            frames.append((raw, start, out.count))
        }
        for f in frames {
            let got = out.bytes.withUnsafeBytes { decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[f.start ..< f.end]), rawLength: f.raw.count) }
            #expect(got == f.raw)
            // A wrong length is refused, never padded.
            let wrong = out.bytes.withUnsafeBytes { decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[f.start ..< f.end]), rawLength: f.raw.count + 1) }
            #expect(wrong == nil)
        }
    }
}

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

    /// `BackgroundCompressor` writes, per stream, the frames the same compressors give inline
    /// (one with a dictionary, one without), in submission order, with their sizes.
    @Test func backgroundFramesEqualInlineFrames() {
        var rng = SplitMix64(seed: 9)
        let words = (0 ..< 300).map { "w\($0 * 37 % 300)" }
        func text(_ n: Int) -> [UInt8] { Array((0 ..< n).map { _ in words[Int(rng.next() % 300)] }.joined(separator: " ").utf8) }
        let sample = (0 ..< 64).map { _ in text(200) }
        let dictionary = ZstdCompressor.trainDictionary(samples: sample.flatMap { $0 }, sizes: sample.map(\.count), capacity: 8 * 1024)
        func makePair() -> [ZstdCompressor] {
            let a = ZstdCompressor(level: 6)
            a.use(dictionary: dictionary)
            return [a, ZstdCompressor(level: 9)]
        }
        let inline = makePair()
        let background = BackgroundCompressor(compressors: makePair())
        var expected = [BackgroundCompressor.Output(), BackgroundCompressor.Output()]
        for i in 0 ..< 100 {
            let stream = i % 3 == 0 ? 1 : 0
            let raw = text(Int(rng.next() % 3000))
            let before = expected[stream].data.count
            raw.withUnsafeBytes { inline[stream].compress($0, appendingTo: &expected[stream].data) }
            expected[stream].frames.append((i, expected[stream].data.count - before, raw.count))
            background.submit(stream: stream, raw: raw, items: i)
        }
        let got = background.finish()
        for s in 0 ..< 2 {
            #expect(got[s].data.bytes == expected[s].data.bytes)
            #expect(got[s].frames.map { [$0.items, $0.compressed, $0.raw] } == expected[s].frames.map { [$0.items, $0.compressed, $0.raw] })
        }
        // A compressor dropped before `finish` (a failed merge) stops its thread.
        do {
            let dropped = BackgroundCompressor(compressors: makePair())
            dropped.submit(stream: 0, raw: text(100), items: 1)
        }
    }
}

import Testing
@testable import GleanerCore

@Suite struct ByteCodecTests {
    @Test func vintRoundTrip() throws {
        var w = ByteWriter()
        let values: [UInt64] = [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max]
        for v in values { w.writeVLong(v) }
        w.writeUInt32(0xDEAD_BEEF)
        w.writeString("héllo")
        let bytes = w.bytes
        let decoded: ([UInt64], UInt32, String, Bool) = try bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: "mem")
            var vs: [UInt64] = []
            for _ in values { vs.append(try r.readVLong()) }
            let u = try r.readUInt32()
            let str = try r.readString()
            return (vs, u, str, r.isAtEnd)
        }
        #expect(decoded.0 == values)
        #expect(decoded.1 == 0xDEAD_BEEF)
        #expect(decoded.2 == "héllo")
        #expect(decoded.3)
    }

    @Test func truncatedInputThrowsNamingTheFile() {
        let bytes: [UInt8] = [0x80, 0x80]
        bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: "x.post")
            #expect(throws: GleanerError.self) { try r.readVLong() }
        }
    }

    @Test func headerAndFooterAreChecked() throws {
        var w = ByteWriter()
        CodecFile.writeHeader(&w, codec: "gleaner.test", version: 1, segment: "s1")
        w.writeVInt(42)
        CodecFile.writeFooter(&w)
        var bytes = w.bytes
        let value = try bytes.withUnsafeBytes { buf in
            var r = try CodecFile.open(buf, file: "t", codec: "gleaner.test", versions: 1 ... 1, segment: "s1", verifyChecksum: true)
            return try r.readVInt()
        }
        #expect(value == 42)
        bytes.withUnsafeBytes { buf in
            #expect(throws: GleanerError.self) {
                _ = try CodecFile.open(buf, file: "t", codec: "gleaner.test", versions: 2 ... 3, segment: "s1", verifyChecksum: true)
            }
        }
        bytes[bytes.count - 12] ^= 0xFF
        bytes.withUnsafeBytes { buf in
            do {
                _ = try CodecFile.open(buf, file: "t.post", codec: "gleaner.test", versions: 1 ... 1, segment: "s1", verifyChecksum: true)
                Issue.record("corruption not detected")
            } catch let e as GleanerError {
                #expect(e.description.contains("t.post"))
                #expect(e.description.contains("checksum mismatch"))
            } catch { Issue.record("unexpected \(error)") }
        }
    }

    @Test func crc32MatchesKnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Statistics and postings locations of one term in one segment.
public struct TermInfo: Sendable, Equatable {
    public var docFreq: UInt32
    public var totalTermFreq: UInt64
    public var postingsOffset: Int
    public var positionsOffset: Int
}

/// Reads a `.terms` file (layout in `TermDictionaryWriter`): the block index is parsed at open
/// (one entry per 32 terms); a lookup is a binary search over blocks plus a scan of one block.
public struct TermDictionaryReader {
    let file: String
    let payload: UnsafeRawBufferPointer
    let blockOffsets: [Int]
    let firstKeys: [UnsafeRawBufferPointer]
    public let termCount: Int
    /// Where the blocks end and the block index begins.
    let blocksEnd: Int

    init(data: UnsafeRawBufferPointer, file: String, segment: String, verify: Bool) throws {
        var r = try CodecFile.open(data, file: file, codec: SegmentFiles.terms.1, versions: SegmentFiles.supported,
                                   segment: segment, verifyChecksum: verify)
        self.file = file
        payload = r.base
        guard payload.count >= r.position + 16 else { throw GleanerError.corruptIndex(file: file, reason: "missing trailer") }
        var t = ByteReader(payload, position: payload.count - 16, file: file)
        let indexOffset = Int(try t.readUInt64())
        termCount = Int(try t.readUInt64())
        guard indexOffset >= r.position, indexOffset <= payload.count - 16 else {
            throw GleanerError.corruptIndex(file: file, reason: "block index offset \(indexOffset) out of range")
        }
        blocksEnd = indexOffset
        r.position = indexOffset
        let blocks = Int(try r.readVInt())
        // Every search opens every segment's block index (one entry per 32 terms), so it is read
        // in one tight loop over the bytes, each read still bounds-checked.
        let end = payload.count - 16
        guard blocks <= (end - r.position) / 9 else {
            throw GleanerError.corruptIndex(file: file, reason: "block count \(blocks) past end of data")
        }
        var offsets = [Int](repeating: 0, count: blocks)
        var keys = [UnsafeRawBufferPointer](repeating: UnsafeRawBufferPointer(start: nil, count: 0), count: blocks)
        let bytes = payload, indexEnd = indexOffset, fileName = file
        let base = bytes.baseAddress!
        var p = r.position
        var failure: String?
        offsets.withUnsafeMutableBufferPointer { offs in
            keys.withUnsafeMutableBufferPointer { ks in
                for i in 0 ..< blocks {
                    guard p + 9 <= end else { failure = "block index truncated"; return }
                    let o = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
                    guard o >= 0 && o < indexEnd else { failure = "block offset \(o) out of range"; return }
                    p += 8
                    var length = 0, shift = 0
                    while true {
                        guard p < end, shift < 35 else { failure = "bad key length in the block index"; return }
                        let b = bytes[p]
                        p += 1
                        length |= Int(b & 0x7F) << shift
                        if b < 0x80 { break }
                        shift += 7
                    }
                    guard length <= end - p else { failure = "block key past end of data"; return }
                    offs[i] = o
                    ks[i] = UnsafeRawBufferPointer(start: base + p, count: length)
                    p += length
                }
            }
        }
        if let failure { throw GleanerError.corruptIndex(file: fileName, reason: failure) }
        blockOffsets = offsets
        firstKeys = keys
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// The term's info, or nil when the segment does not contain it.
    public func lookup(_ key: UnsafeRawBufferPointer) throws -> TermInfo? {
        // Last block whose first key ≤ key.
        var lo = 0, hi = firstKeys.count - 1, found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if TermDictionaryReader.compare(firstKeys[mid], key) <= 0 { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard found >= 0 else { return nil }
        return try find(key, inBlock: found)
    }

    /// Scans block `b` for `key` without rebuilding its keys: each entry shares `shared` bytes
    /// with the one before, so only `matched`, the length of the common prefix of `key` and the
    /// last entry (which sorts before `key`), is tracked. An entry sharing more than `matched`
    /// bytes sorts like its predecessor, still before `key`; otherwise its suffix is compared
    /// with `key` from `shared` on. No allocation; stops at the first entry past `key`.
    func find(_ key: UnsafeRawBufferPointer, inBlock b: Int) throws -> TermInfo? {
        var r = ByteReader(payload, position: blockOffsets[b], file: file)
        let end = b + 1 < blockOffsets.count ? blockOffsets[b + 1] : blocksEnd
        var matched = 0, length = 0
        var post = 0, pos = 0
        var first = true
        while r.position < end {
            let shared = first ? 0 : Int(try r.readVInt())
            let suffix = try r.readLengthPrefixed()
            guard shared <= length else { throw GleanerError.corruptIndex(file: file, reason: "bad shared prefix in block \(b)") }
            let df = try r.readVInt()
            let extra = try r.readVLong()
            let dp = Int(try r.readVLong()), pp = Int(try r.readVLong())
            if first { post = dp; pos = pp } else { post += dp; pos += pp }
            first = false
            length = shared + suffix.count
            // shared > matched: the entry agrees with its predecessor past where that one left
            // `key`, so it sorts before `key` too.
            if shared > matched { continue }
            // The entry equals `key` on [0, shared); compare the rest.
            var i = 0
            while i < suffix.count && shared + i < key.count && suffix[i] == key[shared + i] { i += 1 }
            matched = shared + i
            let order: Int
            if i < suffix.count && matched < key.count {
                order = suffix[i] < key[matched] ? -1 : 1
            } else {
                order = length - key.count
            }
            if order == 0 {
                return TermInfo(docFreq: df, totalTermFreq: UInt64(df) + extra, postingsOffset: post, positionsOffset: pos)
            }
            if order > 0 { return nil }
        }
        return nil
    }

    public func lookup(_ key: [UInt8]) throws -> TermInfo? {
        try key.withUnsafeBytes { try lookup($0) }
    }

    /// Visits terms in order starting with the block that may hold `from`, until `body` returns false.
    public func forEach(from: [UInt8], _ body: (UnsafeRawBufferPointer, TermInfo) -> Bool) throws {
        var lo = 0, hi = firstKeys.count - 1, start = 0
        try from.withUnsafeBytes { f in
            while lo <= hi {
                let mid = (lo + hi) / 2
                if TermDictionaryReader.compare(firstKeys[mid], f) <= 0 { start = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            var keepGoing = true
            var b = start
            while keepGoing && b < firstKeys.count {
                try scanBlock(b) { k, info in
                    if TermDictionaryReader.compare(k, f) < 0 { return true }
                    keepGoing = body(k, info)
                    return keepGoing
                }
                b += 1
            }
        }
    }

    /// Decodes block `b` entry by entry; `body` returns false to stop.
    func scanBlock(_ b: Int, _ body: (UnsafeRawBufferPointer, TermInfo) -> Bool) throws {
        var r = ByteReader(payload, position: blockOffsets[b], file: file)
        let end = b + 1 < blockOffsets.count ? blockOffsets[b + 1] : blocksEnd
        var key: [UInt8] = []
        key.reserveCapacity(64)
        var post = 0, pos = 0
        var first = true
        while r.position < end {
            if first {
                key.append(contentsOf: try r.readLengthPrefixed())
            } else {
                let shared = Int(try r.readVInt())
                let suffix = try r.readLengthPrefixed()
                guard shared <= key.count else { throw GleanerError.corruptIndex(file: file, reason: "bad shared prefix in block \(b)") }
                key.removeSubrange(shared...)
                key.append(contentsOf: suffix)
            }
            let df = try r.readVInt()
            let extra = try r.readVLong()
            let dp = Int(try r.readVLong()), pp = Int(try r.readVLong())
            if first { post = dp; pos = pp } else { post += dp; pos += pp }
            first = false
            let info = TermInfo(docFreq: df, totalTermFreq: UInt64(df) + extra, postingsOffset: post, positionsOffset: pos)
            let go = key.withUnsafeBytes { body($0, info) }
            if !go { return }
        }
    }
}

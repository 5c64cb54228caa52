/// Finding a document by its id (for `gleaner show ID`): a scan of the `.ids` bytes, no
/// stored-field decompression. O(documents) byte comparisons, about a millisecond per 100,000.
extension SegmentReader {
    /// The local number of the live document whose id is `id`, or nil.
    public func localDocument(id: String) -> UInt32? {
        let want = Array(id.utf8)
        let n = info.docCount
        var result: UInt32?
        want.withUnsafeBytes { w in
            for doc in 0 ..< n {
                let s = Int(UInt32(littleEndian: idOffsets.loadUnaligned(fromByteOffset: doc * 4, as: UInt32.self)))
                let e = Int(UInt32(littleEndian: idOffsets.loadUnaligned(fromByteOffset: doc * 4 + 4, as: UInt32.self)))
                guard e - s == w.count, s <= e, e <= idBytes.count else { continue }
                if w.count == 0 || memcmp(idBytes.baseAddress! + s, w.baseAddress!, w.count) == 0 {
                    if !isDeleted(UInt32(doc)) { result = UInt32(doc) }
                }
            }
        }
        return result
    }
}

extension IndexReader {
    /// The global number of the live document whose id is `id`, or nil (the newest copy when
    /// several segments hold it).
    public func globalDocument(id: String) -> Int? {
        for s in segments.indices.reversed() {
            if let d = segments[s].localDocument(id: id) { return docBases[s] + Int(d) }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Finding a document by its id (for `gleaner show ID`): a scan of the front-coded `.ids`
/// entries, no stored-field decompression. O(documents), a few milliseconds per 100,000.
extension SegmentReader {
    /// The local number of the live document whose id is `id`, or nil.
    public func localDocument(id: String) throws -> UInt32? {
        let want = Array(id.utf8)
        var result: UInt32?
        try ids.forEach { doc, bytes in
            if bytes == want && !isDeleted(doc) { result = doc }
            return true
        }
        return result
    }
}

extension IndexReader {
    /// The global number of the live document whose id is `id`, or nil (the newest copy when
    /// several segments hold it).
    public func globalDocument(id: String) throws -> Int? {
        for s in segments.indices.reversed() {
            if let d = try segments[s].localDocument(id: id) { return docBases[s] + Int(d) }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif

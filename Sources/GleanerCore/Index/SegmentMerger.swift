/// Rewrites segments into new ones without their deleted documents, keeping document order.
///
/// Merging re-analyses the stored fields (title, text, metadata, entities), so it needs no
/// access to the original files; the inverted output equals what a fresh build would write.
/// Returns the new segments and where each surviving document went.
struct SegmentMerger {
    let directory: String
    let memoryBudget: Int

    /// New location of a document: segment name and local id.
    struct Location: Equatable { var segment: String; var doc: Int }

    /// `canSplitBefore(segment, doc)` tells where a new output segment may start (the first
    /// document of a source file), so that one file's documents stay together.
    func merge(_ sources: [SegmentReader], names: () -> String, canSplitBefore: (String, Int) -> Bool) throws -> (segments: [SegmentInfo], moved: [String: [Location?]]) {
        var out: [SegmentInfo] = []
        var moved: [String: [Location?]] = [:]
        let inverter = DocumentInverter()
        var writer = SegmentWriter(name: names())
        for s in sources {
            var map = [Location?](repeating: nil, count: s.docCount)
            for d in 0 ..< s.docCount where !s.isDeleted(UInt32(d)) {
                if writer.estimatedBytes >= memoryBudget && canSplitBefore(s.info.name, d) {
                    out.append(try writer.flush(to: directory))
                    writer = SegmentWriter(name: names())
                }
                let stored = try s.store.document(UInt32(d))
                let local = writer.add(inverter.invert(stored))
                map[d] = Location(segment: writer.name, doc: Int(local))
            }
            moved[s.info.name] = map
        }
        if writer.docCount > 0 { out.append(try writer.flush(to: directory)) }
        return (out, moved)
    }
}

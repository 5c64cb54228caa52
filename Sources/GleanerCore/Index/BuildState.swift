/// The segments of a build in progress: those kept from the previous commit (with their
/// pending deletions) and those written by this build; applies deletions and merges.
struct BuildState {
    var previous: Manifest?
    var generation = 1
    var segments: [SegmentInfo]
    private var segmentCounter = 0
    /// Newly deleted local docs per segment name.
    private var pending: [String: [Int]] = [:]

    init(previous: Manifest?) {
        self.previous = previous
        segments = previous?.segments ?? []
    }

    mutating func nextSegmentName() -> String {
        defer { segmentCounter += 1 }
        return "g\(generation)_\(segmentCounter)"
    }

    /// Marks the documents of a source-table entry deleted.
    mutating func delete(_ entry: SourceTable.Entry) {
        guard !entry.segment.isEmpty, entry.docCount > 0 else { return }
        pending[entry.segment, default: []].append(contentsOf: entry.firstDoc ..< entry.firstDoc + entry.docCount)
    }

    /// Writes a new deletion file for every segment with newly deleted documents; drops
    /// segments whose documents are all deleted.
    mutating func writeDeletions(directory: String) throws {
        guard !pending.isEmpty else { return }
        var kept: [SegmentInfo] = []
        for var info in segments {
            guard let docs = pending[info.name] else { kept.append(info); continue }
            var set = DeletionSet(docCount: info.docCount)
            if let d = info.deletions { set = try DeletionSet.read(directory + "/" + d.name, segment: info.name, docCount: info.docCount) }
            for d in docs { set.insert(d) }
            if set.count == info.docCount { continue }
            let name = "\(info.name)_d\(generation).del"
            let bytes = set.encoded(segment: info.name)
            try FileIO.writeDurably(bytes, to: directory + "/" + name)
            info.deletions = .init(name: name, bytes: bytes)
            info.deletedCount = set.count
            kept.append(info)
        }
        segments = kept
        pending = [:]
    }

    /// Tiered merge: rewrites segments with many deletions and merges the smallest segments
    /// while there are more than `maxSegments`. Updates `sources` to the new locations.
    /// Returns how many segments were merged away.
    mutating func merge(directory: String, options: Indexer.Options, sources: inout SourceTable) throws -> Int {
        var chosen = Set<String>()
        for s in segments where s.deletedCount > 0 && Double(s.deletedCount) >= options.maxDeletedRatio * Double(s.docCount) {
            chosen.insert(s.name)
        }
        let others = segments.filter { !chosen.contains($0.name) }.sorted { $0.liveCount < $1.liveCount }
        var i = 0
        // After merging `chosen` into one segment, others.count - i + 1 segments remain.
        while i < others.count && others.count - i + (chosen.isEmpty ? 0 : 1) > options.maxSegments {
            chosen.insert(others[i].name)
            i += 1
        }
        return try merge(chosen, directory: directory, sources: &sources)
    }

    /// Merges the segments named `chosen` into one (a lone segment only when it has deletions
    /// or `rewritingLoneSegment`, as a scratch segment must be), in place of the first of them.
    /// Updates `sources` to the new locations. Returns how many segments were merged away.
    mutating func merge(_ chosen: Set<String>, directory: String, sources: inout SourceTable, rewritingLoneSegment: Bool = false) throws -> Int {
        if chosen.isEmpty { return 0 }
        if chosen.count == 1, !rewritingLoneSegment, let only = segments.first(where: { chosen.contains($0.name) }), only.deletedCount == 0 { return 0 }
        let inputs = segments.filter { chosen.contains($0.name) }
        let readers = try inputs.map { try SegmentReader(directory: directory, info: $0) }
        let merger = SegmentMerger(directory: directory)
        let (merged, moved) = try merger.merge(readers, name: nextSegmentName())
        // Keep document order: the merged segment takes the place of the first input.
        var out: [SegmentInfo] = []
        var inserted = false
        for s in segments {
            if chosen.contains(s.name) {
                if !inserted { out.append(contentsOf: merged); inserted = true }
            } else {
                out.append(s)
            }
        }
        segments = out
        for (path, var e) in sources.entries where chosen.contains(e.segment) {
            if let map = moved[e.segment], e.firstDoc < map.count, let loc = map[e.firstDoc] {
                e.segment = loc.segment
                e.firstDoc = loc.doc
            } else {
                e.segment = ""
                e.docCount = 0
            }
            sources.entries[path] = e
        }
        return inputs.count
    }
}

/// Matches every document of a segment whose publication day lies in `range`; scores 0.
/// Reads the segment's date doc values: O(documents) for a full scan, O(1) per `advance`.
final class DateFilterScorer: Scorer {
    let segment: SegmentReader
    let range: ClosedRange<Int32>
    private var positioned = false

    init(segment: SegmentReader, range: ClosedRange<Int32>) {
        self.segment = segment
        self.range = range
        super.init()
    }

    override func next() -> UInt32 {
        if !positioned { return advance(to: 0) }
        guard doc != Scorer.noMoreDocs else { return doc }
        return advance(to: doc + 1)
    }

    override func advance(to target: UInt32) -> UInt32 {
        if positioned && doc >= target { return doc }
        positioned = true
        var d = target
        let n = UInt32(segment.docCount)
        while d < n {
            let day = segment.date(d)
            if day != CalendarDay.unknown && range.contains(day) { doc = d; return d }
            d += 1
        }
        doc = Scorer.noMoreDocs
        return doc
    }

    override func score() -> Float { 0 }
    override var cost: Int { segment.docCount }
    override var maxScore: Float { 0 }
}

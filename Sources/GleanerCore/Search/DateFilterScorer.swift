/// Matches every document of a segment whose publication day lies in `range`; scores 0.
/// Reads the segment's date doc values: O(documents) for a full scan, O(1) per `advance`.
final class DateFilterScorer: SeekingScorer {
    let segment: SegmentReader
    let range: ClosedRange<Int32>

    init(segment: SegmentReader, range: ClosedRange<Int32>) {
        self.segment = segment
        self.range = range
        super.init()
    }

    override func seek(from target: UInt32) -> UInt32 {
        var d = target
        let n = UInt32(segment.docCount)
        while d < n {
            let day = segment.date(d)
            if day != CalendarDay.unknown && range.contains(day) { return d }
            d += 1
        }
        return Scorer.noMoreDocs
    }

    override func score() -> Float { 0 }
    override var cost: Int { segment.docCount }
    override var maxScore: Float { 0 }
}

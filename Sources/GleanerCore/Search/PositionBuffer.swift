/// A growable scratch of positions for `PostingsIterator.positions(writingTo:through:)` in hot loops:
/// one allocation, reused and grown (doubling) to the largest frequency asked.
final class PositionBuffer {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private var capacity: Int

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `n` values (the contents are not kept).
    @inline(__always)
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        base.deallocate()
        capacity = max(n, 2 * capacity)
        base = .allocate(capacity: capacity)
    }
}

import Foundation

/// Runs `work` over items on every core while the calling thread consumes the results in
/// input order — parsing never waits for the (single-threaded) consumer and vice versa.
///
/// At most `window` results are ever waiting, which bounds memory. If `consume` throws, the
/// workers stop after their current item and the error is rethrown.
public enum OrderedPipeline {
    public static func run<T, R, State>(
        _ items: [T], workers: Int = ParallelMap.coreCount, window: Int = 256,
        makeState: @escaping () -> State, work: @escaping (inout State, T) -> R, consume: (Int, R) throws -> Void
    ) throws {
        let n = items.count
        guard n > 0 else { return }
        let shared = PipelineState<R>(count: n)
        let threads = max(1, min(workers, n))
        // The worker closures escape into threads; the consumer runs here, on the caller's thread.
        let box = UncheckedBox((items, makeState, work))
        let group = DispatchGroup()
        for _ in 0 ..< threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let (items, makeState, work) = box.value
                var state = makeState()
                while let i = shared.claim(window: window) {
                    shared.deliver(i, work(&state, items[i]))
                }
            }
        }
        defer {
            shared.abort()
            group.wait()
        }
        for i in 0 ..< n {
            let r = shared.take(i)
            try consume(i, r)
        }
    }
}

/// Shared state of one pipeline run: the next item to claim, finished results, waiting.
final class PipelineState<R>: @unchecked Sendable {
    private let cond = NSCondition()
    private var next = 0
    private var consumed = 0
    private var aborted = false
    private var slots: [R?]
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    /// The next item index for a worker, or nil when done or aborted. Blocks while too far ahead.
    func claim(window: Int) -> Int? {
        cond.lock()
        defer { cond.unlock() }
        while !aborted && next < count && next >= consumed + window { cond.wait() }
        if aborted || next >= count { return nil }
        let i = next
        next += 1
        return i
    }

    func deliver(_ i: Int, _ r: R) {
        cond.lock()
        slots[i] = r
        cond.broadcast()
        cond.unlock()
    }

    /// Waits for result `i` and removes it.
    func take(_ i: Int) -> R {
        cond.lock()
        defer { cond.unlock() }
        while slots[i] == nil { cond.wait() }
        let r = slots[i]!
        slots[i] = nil
        consumed = i + 1
        cond.broadcast()
        return r
    }

    func abort() {
        cond.lock()
        aborted = true
        cond.broadcast()
        cond.unlock()
    }
}

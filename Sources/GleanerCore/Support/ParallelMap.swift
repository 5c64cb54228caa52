import Dispatch

/// Maps a function over an array on every core, keeping the input order in the result.
///
/// Work is handed out one element at a time from a shared counter, so slow items (huge pages)
/// do not hold up a whole slice. Each worker gets its own `State` (parsers, stemmers).
public enum ParallelMap {
    public static var coreCount: Int { max(1, sysconfCores()) }

    public static func run<T, R>(_ items: [T], workers: Int = coreCount, _ body: (T) -> R) -> [R] {
        run(items, workers: workers, makeState: { () }, { _, item in body(item) })
    }

    public static func run<T, R, State>(_ items: [T], workers: Int = coreCount, makeState: () -> State, _ body: (inout State, T) -> R) -> [R] {
        let n = items.count
        if n == 0 { return [] }
        let results = UnsafeMutablePointer<R?>.allocate(capacity: n)
        results.initialize(repeating: nil, count: n)
        defer { results.deinitialize(count: n); results.deallocate() }
        let counter = AtomicCounter()
        let threads = min(workers, n)
        withoutActuallyEscaping(makeState) { makeState in
            withoutActuallyEscaping(body) { body in
                let box = UncheckedBox((items, results, makeState, body))
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    let (items, results, makeState, body) = box.value
                    var state = makeState()
                    while true {
                        let i = counter.next()
                        if i >= items.count { break }
                        results[i] = body(&state, items[i])
                    }
                }
            }
        }
        return (0 ..< n).map { results[$0]! }
    }
}

/// Wraps a value for use across threads where the caller guarantees safety.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A lock-protected counter handing out work indices.
final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }
    func next() -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let v = value
        value += 1
        return v
    }
}

#if canImport(Glibc)
import Glibc
func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#endif

import Foundation

/// Runs one closure on a thread of its own from the moment it is made; `value()` waits for its
/// result (or rethrows its error). For a job that overlaps another phase of the caller's work.
final class BackgroundTask<T>: @unchecked Sendable {
    private let slot = ResultSlot<T>()

    init(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () throws -> T) {
        let slot = slot
        let thread = Thread { slot.set(Result(catching: body)) }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Blocks until the closure has returned; its value, or its error thrown.
    func value() throws -> T { try slot.wait().get() }

    /// Whether the closure has returned (`value()` will not block).
    var isDone: Bool { slot.isSet }
}

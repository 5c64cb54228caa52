import Foundation

/// Hands one value from a thread to the one waiting for it.
final class ResultSlot<T>: @unchecked Sendable {
    private var value: Result<T, any Error>?
    private let condition = NSCondition()

    func set(_ v: Result<T, any Error>) {
        condition.lock()
        value = v
        condition.signal()
        condition.unlock()
    }

    /// Whether `set` has been called.
    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return value != nil
    }

    /// Blocks until `set` has been called.
    func wait() -> Result<T, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}

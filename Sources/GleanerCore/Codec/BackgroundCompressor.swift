import Foundation

/// Compresses Zstandard frames on a thread of its own, in the order they are submitted, for a
/// writer whose thread has other work: the merge's stored fields, whose level-6 chunks were
/// half of the document copy. `submit` hands over one frame's raw bytes and returns at once
/// (it waits only while `maxPending` frames are queued, which bounds the memory held);
/// `finish` waits for the last frame and returns each stream's frames back to back with their
/// sizes.
///
/// The frames are byte for byte those the compressors would write on the caller's thread: each
/// is one independent `ZstdCompressor.compress` call, made in submission order, and a stream's
/// compressor is used by this thread alone from the first `submit` on (configure it, e.g. its
/// dictionary, before). Dropping the compressor without `finish` stops the thread.
final class BackgroundCompressor {
    /// One stream's frames, back to back, and per frame: the items it holds (as given to
    /// `submit`), its compressed size and its raw size.
    struct Output {
        var data = ByteWriter()
        var frames: [(items: Int, compressed: Int, raw: Int)] = []
    }

    /// Frames queued and not yet taken by the thread, at most.
    static let maxPending = 16

    private let state: State

    /// One stream per compressor; stream `i` is compressed with `compressors[i]`.
    init(compressors: [ZstdCompressor]) {
        let state = State(compressors: compressors)
        self.state = state
        let thread = Thread { state.run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { state.close() }

    /// Queues `raw` as the next frame of `stream`; `items` is recorded with it.
    func submit(stream: Int, raw: [UInt8], items: Int) {
        state.submit(State.Job(stream: stream, raw: raw, items: items))
    }

    /// Waits until every submitted frame is compressed; the streams' outputs, by stream index.
    /// Call once, after the last `submit`.
    func finish() -> [Output] { state.finish() }

    /// What the caller's thread and the compressing thread share, behind one condition.
    private final class State: @unchecked Sendable {
        struct Job {
            var stream: Int
            var raw: [UInt8]
            var items: Int
        }

        private let compressors: [ZstdCompressor]
        private let condition = NSCondition()
        private var queue: [Job] = []
        private var closed = false
        private var done = false
        /// Written by the compressing thread only, until `done`.
        private var outputs: [Output]

        init(compressors: [ZstdCompressor]) {
            self.compressors = compressors
            outputs = Array(repeating: Output(), count: compressors.count)
        }

        func submit(_ job: Job) {
            condition.lock()
            precondition(!closed, "frame submitted after finish")
            while queue.count >= BackgroundCompressor.maxPending { condition.wait() }
            queue.append(job)
            condition.broadcast()
            condition.unlock()
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        func finish() -> [Output] {
            condition.lock()
            defer { condition.unlock() }
            closed = true
            condition.broadcast()
            while !done { condition.wait() }
            return outputs
        }

        /// The compressing thread: takes the jobs in order until closed and drained.
        func run() {
            while true {
                condition.lock()
                while queue.isEmpty && !closed { condition.wait() }
                if queue.isEmpty {
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let job = queue.removeFirst()
                condition.broadcast()
                condition.unlock()
                let before = outputs[job.stream].data.count
                job.raw.withUnsafeBytes { compressors[job.stream].compress($0, appendingTo: &outputs[job.stream].data) }
                outputs[job.stream].frames.append((job.items, outputs[job.stream].data.count - before, job.raw.count))
            }
        }
    }
}

import Foundation

/// Builds segments on every core at once: worker `k` takes batches `k`, `k + W`, `k + 2W`, …
/// of the work list (a static assignment, so each segment's contents are deterministic), loads,
/// extracts, annotates and inverts each file, and adds its documents to its own
/// `SegmentWriter`, flushing at its share of the memory budget. Nothing is shared between
/// workers but a progress counter and a stop flag, so inversion scales with the cores.
struct ParallelSegmentBuilder {
    /// One file to read; `expectCRC` is the CRC of the previous build's copy, if any.
    struct Item: Sendable {
        var file: CorpusFile
        var expectCRC: UInt32?
    }

    /// What became of one file.
    enum Outcome: Sendable {
        /// Same bytes as before (only its mtime or size record changed): nothing re-indexed.
        case unchanged
        /// Read (well or not): its source-table entry and problems.
        case indexed(entry: SourceTable.Entry, problems: [DocumentLoader.Problem])
    }

    let directory: String
    let generation: Int
    let options: Indexer.Options
    /// How the workers' segments store their text; `.scratch` when the caller merges every
    /// segment `run` returns, even a lone one, before it commits.
    var compression: StoredFieldsWriter.Compression = .flushed
    static let batch = 32

    /// Runs the workers; `progress(filesDone, bytesDone)` is called on the calling thread.
    func run(_ items: [Item], progress: (Int, Int) -> Void) throws -> (segments: [SegmentInfo], outcomes: [Outcome]) {
        let workers = max(1, min(options.workers, (items.count + Self.batch - 1) / Self.batch))
        let shared = BuilderShared(count: items.count, workers: workers)
        let group = DispatchGroup()
        let box = UncheckedBox(items)
        for k in 0 ..< workers {
            group.enter()
            let work = self
            Thread.detachNewThread {
                defer { group.leave() }
                work.worker(k, of: workers, items: box.value, shared: shared)
            }
        }
        while group.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            let (d, b) = shared.progress
            progress(d, b)
        }
        let (d, b) = shared.progress
        progress(d, b)
        if let error = shared.error { throw error }
        return (shared.segments.flatMap { $0 }, shared.outcomes.map { $0 ?? .unchanged })
    }

    private func worker(_ k: Int, of workers: Int, items: [Item], shared: BuilderShared) {
        let loader = DocumentLoader()
        let inverter = DocumentInverter()
        var annotator = options.entities ? EntityAnnotator.makeDefault() : nil
        let budget = max(options.memoryBudget / workers, 1 << 20)
        var count = 0
        func name() -> String { defer { count += 1 }; return "g\(generation)_\(k)_\(count)" }
        var writer = SegmentWriter(name: name(), compression: compression)
        var segments: [SegmentInfo] = []
        do {
            var b = k
            while b * Self.batch < items.count {
                for i in b * Self.batch ..< min(items.count, (b + 1) * Self.batch) {
                    if shared.stopped { return }
                    let item = items[i]
                    var loaded = loader.load(item.file, unlessCRC: item.expectCRC)
                    if loaded.unchanged {
                        shared.finish(i, .unchanged, bytes: item.file.size)
                        continue
                    }
                    if annotator != nil {
                        for j in loaded.documents.indices { annotator!.annotate(&loaded.documents[j]) }
                    }
                    let f = item.file
                    var entry = SourceTable.Entry(path: f.path, size: f.size, mtime: f.mtime, crc32: loaded.crc32, segment: "",
                                                  firstDoc: 0, docCount: loaded.documents.count, problem: "")
                    if loaded.documents.isEmpty {
                        entry.problem = loaded.problems.first?.reason ?? "no documents"
                    } else {
                        entry.segment = writer.name
                        entry.firstDoc = Int(writer.docCount)
                        for d in loaded.documents { writer.add(inverter.invert(d)) }
                    }
                    shared.finish(i, .indexed(entry: entry, problems: loaded.problems), bytes: f.size)
                    if writer.estimatedBytes >= budget || writer.isFull {
                        segments.append(try writer.flush(to: directory))
                        writer = SegmentWriter(name: name(), compression: compression)
                    }
                }
                b += workers
            }
            if writer.docCount > 0 { segments.append(try writer.flush(to: directory)) }
            shared.store(segments, worker: k)
        } catch {
            shared.fail(error)
        }
    }
}

/// State shared by the workers of one build, behind a lock.
final class BuilderShared: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var outcomes: [ParallelSegmentBuilder.Outcome?]
    private(set) var segments: [[SegmentInfo]]
    private(set) var error: Error?
    private var done = 0
    private var bytes = 0

    init(count: Int, workers: Int) {
        outcomes = Array(repeating: nil, count: count)
        segments = Array(repeating: [], count: workers)
    }

    var progress: (Int, Int) { lock.lock(); defer { lock.unlock() }; return (done, bytes) }
    var stopped: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }

    func finish(_ i: Int, _ outcome: ParallelSegmentBuilder.Outcome, bytes n: Int) {
        lock.lock()
        outcomes[i] = outcome
        done += 1
        bytes += n
        lock.unlock()
    }

    func store(_ s: [SegmentInfo], worker: Int) { lock.lock(); segments[worker] = s; lock.unlock() }

    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

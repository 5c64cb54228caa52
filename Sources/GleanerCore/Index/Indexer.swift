import Foundation

/// Builds an index from corpus folders: walk → load/extract → invert (all cores) → segments →
/// atomic manifest commit.
///
/// Files are processed in batches; each batch is loaded and inverted in parallel, then its
/// documents are added in file order to the current segment, which is flushed when it reaches
/// `memoryBudget`. Document order, and so the index, is deterministic for a given corpus.
/// The previous index stays readable until the new manifest is renamed into place; files no
/// manifest names (old segments, leftovers of a crashed build) are deleted afterwards.
public final class Indexer {
    /// Tunables of a build.
    public struct Options: Sendable {
        public var memoryBudget = 192 << 20
        public var workers = ParallelMap.coreCount
        public var batchSize = 256
        public init() {}
    }

    /// What a build did.
    public struct Report: Sendable {
        public var files = 0
        public var documents = 0
        public var problems: [DocumentLoader.Problem] = []
        public var segments = 0
        public var seconds = 0.0
        public var indexBytes = 0
        public var inputBytes = 0
    }

    /// Progress callback payload: files done out of total, bytes done.
    public struct Progress: Sendable {
        public var filesDone: Int
        public var filesTotal: Int
        public var bytesDone: Int
    }

    public let directory: String
    public let options: Options

    public init(directory: String, options: Options = Options()) {
        self.directory = directory
        self.options = options
    }

    /// Indexes everything under `roots`, replacing the index's contents.
    public func build(roots: [String], progress: ((Progress) -> Void)? = nil) throws -> Report {
        let start = Date()
        try FileIO.makeDirectory(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }

        var walker = CorpusWalker(roots: roots)
        let files = try walker.files()
        var report = Report()
        report.files = files.count
        report.problems = walker.problems.map { .init(path: $0.path, reason: $0.reason) }

        let previous = try? Manifest.read(from: directory)
        let generation = (previous?.generation ?? 0) + 1
        var segments: [SegmentInfo] = []
        var writer = SegmentWriter(name: Indexer.segmentName(generation, 0))

        var done = 0
        var bytesDone = 0
        var batchStart = 0
        while batchStart < files.count {
            let batch = Array(files[batchStart ..< min(files.count, batchStart + options.batchSize)])
            batchStart += batch.count
            let results = ParallelMap.run(batch, workers: options.workers, makeState: { (DocumentLoader(), DocumentInverter()) }) {
                state, file -> (docs: [InvertedDocument], problems: [DocumentLoader.Problem]) in
                let loaded = state.0.load(file)
                return (loaded.documents.map { state.1.invert($0) }, loaded.problems)
            }
            for (file, r) in zip(batch, results) {
                report.problems.append(contentsOf: r.problems)
                for doc in r.docs {
                    writer.add(doc)
                    report.documents += 1
                }
                bytesDone += file.size
                if writer.estimatedBytes >= options.memoryBudget {
                    segments.append(try writer.flush(to: directory))
                    writer = SegmentWriter(name: Indexer.segmentName(generation, segments.count))
                }
            }
            report.inputBytes = bytesDone
            done += batch.count
            progress?(Progress(filesDone: done, filesTotal: files.count, bytesDone: bytesDone))
        }
        if writer.docCount > 0 { segments.append(try writer.flush(to: directory)) }

        try commit(generation: generation, segments: segments)

        report.segments = segments.count
        report.indexBytes = segments.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.size } }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Indexes documents given in memory (tests, JSON imports), replacing the index's contents.
    public func build(documents: [StoredDocument]) throws -> Report {
        let start = Date()
        try FileIO.makeDirectory(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let generation = ((try? Manifest.read(from: directory))?.generation ?? 0) + 1
        var segments: [SegmentInfo] = []
        var writer = SegmentWriter(name: Indexer.segmentName(generation, 0))
        let inverter = DocumentInverter()
        for d in documents {
            writer.add(inverter.invert(d))
            if writer.estimatedBytes >= options.memoryBudget {
                segments.append(try writer.flush(to: directory))
                writer = SegmentWriter(name: Indexer.segmentName(generation, segments.count))
            }
        }
        if writer.docCount > 0 { segments.append(try writer.flush(to: directory)) }
        try commit(generation: generation, segments: segments)
        var report = Report()
        report.documents = documents.count
        report.segments = segments.count
        report.indexBytes = segments.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.size } }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Writes the new manifest atomically, then deletes what it no longer names.
    func commit(generation: Int, segments: [SegmentInfo]) throws {
        let manifest = Manifest(generation: generation, created: Manifest.now(), segments: segments)
        try manifest.write(to: directory)
        removeUnreferencedFiles(keeping: manifest)
    }

    static func segmentName(_ generation: Int, _ n: Int) -> String { "g\(generation)_\(n)" }

    /// Deletes segment files and temporaries the committed manifest does not name.
    func removeUnreferencedFiles(keeping manifest: Manifest) {
        let keep = Set(manifest.segments.flatMap { $0.files.map(\.name) })
        let exts = Set(SegmentFiles.all.map { "." + $0.0 })
        guard let names = try? FileIO.list(directory) else { return }
        for name in names where !keep.contains(name) {
            let isSegmentFile = exts.contains { name.hasSuffix($0) } && name.hasPrefix("g")
            if isSegmentFile || name.hasSuffix(".tmp") { FileIO.remove(directory + "/" + name) }
        }
    }
}

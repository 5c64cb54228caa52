import Foundation

/// Builds and updates an index from corpus folders: walk → compare with the previous build's
/// source table → load/extract/annotate/invert into per-core segments → deletions of changed and
/// vanished files → merges → atomic manifest commit.
///
/// Incremental by default: a file whose size and mtime are unchanged is not read; one whose
/// size or mtime changed is read and re-parsed only when its CRC-32 changed. Changed and
/// deleted files' old documents are marked deleted (copy-on-write deletion files); the segments
/// one build writes are merged into one, then by a simple tiered policy. Nothing the previous
/// commit names is modified, so a crash at any point leaves the previous index searchable;
/// files no manifest names (leftovers of a crashed build) are removed by the next build.
/// Document order is deterministic.
public final class Indexer {
    /// Tunables of a build.
    public struct Options: Sendable {
        public var memoryBudget = 192 << 20
        public var workers = ParallelMap.coreCount
        /// Ignore the previous build and index everything again.
        public var full = false
        /// Merge when a build leaves more segments than this.
        public var maxSegments = 10
        /// Merge the segments one build writes (one per core, more past the memory budget) into
        /// one: stored paragraphs are deduplicated per segment and the term and facet
        /// dictionaries are per segment, so one segment instead of twelve makes a 100k-page
        /// index about half as large. Costs one streaming merge of the new documents.
        public var mergeNewSegments = true
        /// Rewrite a segment once this share of its documents is deleted.
        public var maxDeletedRatio = 0.3
        /// Recognise people, organisations and places (the entity facets).
        public var entities = true
        public init() {}
    }

    /// What a build did.
    public struct Report: Sendable {
        public var files = 0
        public var newFiles = 0
        public var changedFiles = 0
        public var deletedFiles = 0
        public var unchangedFiles = 0
        /// Documents added by this build.
        public var documentsAdded = 0
        /// Live documents in the index after the build.
        public var documents = 0
        public var problems: [DocumentLoader.Problem] = []
        public var segments = 0
        public var mergedSegments = 0
        public var seconds = 0.0
        /// Wall time of the merges (part of `seconds`).
        public var mergeSeconds = 0.0
        public var indexBytes = 0
        public var inputBytes = 0
        public var generation = 0
        /// Things the user should know that are not per-file problems.
        public var warnings: [String] = []
    }

    /// Progress callback payload: files done out of those that need reading.
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

    /// Brings the index up to date with everything under `roots`.
    public func build(roots: [String], progress: ((Progress) -> Void)? = nil) throws -> Report {
        let start = Date()
        try FileIO.makeDirectory(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        // Leftovers of a build that died are removed; the committed index is never touched.
        let onDisk: Manifest?
        var notices: [String] = []
        do { onDisk = try Manifest.read(from: directory) } catch GleanerError.noIndex { onDisk = nil; removeUnreferencedFiles(keeping: nil) } catch let GleanerError.formatTooOld(_, found, supported) {
            // An index of an older format is rebuilt in full from the sources; its files go first,
            // so the new segments can take their names (a crash meanwhile leaves the old manifest,
            // which the next run rebuilds again).
            notices.append("index format \(found) is older than \(supported.upperBound); rebuilding the whole index")
            onDisk = nil
            removeUnreferencedFiles(keeping: nil)
        } catch { onDisk = nil }
        if let onDisk { removeUnreferencedFiles(keeping: onDisk) }
        let previous = options.full ? nil : onDisk
        let oldSources: SourceTable = {
            guard let p = previous, let s = p.sources, let t = try? SourceTable.read(directory + "/" + s.name) else { return SourceTable() }
            return t
        }()
        var state = BuildState(previous: previous.flatMap { oldSources.entries.isEmpty && $0.documentCount > 0 ? nil : $0 })
        state.generation = (onDisk?.generation ?? 0) + 1

        // The entity model (~60-90 ms to read, check and unpack) loads on another thread while
        // the corpus is listed (system calls on this one); the workers find it cached.
        let modelLoad = options.entities ? BackgroundTask { (try? EntityRecognizer.loadDefault()) != nil } : nil
        var walker = CorpusWalker(roots: roots)
        let files = try walker.files()
        var report = Report()
        report.warnings = notices
        if let modelLoad, (try? modelLoad.value()) != true {
            report.warnings.append("entity model not found (set GLEANER_MODEL); indexing without entity facets")
        }
        report.files = files.count
        report.problems = walker.problems.map { .init(path: $0.path, reason: $0.reason) }

        // Classify files against the previous build.
        var sources = SourceTable()
        sources.entries.reserveCapacity(files.count)   // one table, not ~17 doublings at 100k files
        var work: [(file: CorpusFile, expectCRC: UInt32?)] = []
        var seen = Set<String>(minimumCapacity: files.count)
        for f in files {
            seen.insert(f.path)
            if state.previous != nil, let old = oldSources.entries[f.path] {
                if old.size == f.size && old.mtime == f.mtime {
                    sources.entries[f.path] = old
                    report.unchangedFiles += 1
                    if !old.problem.isEmpty { report.problems.append(.init(path: f.path, reason: old.problem)) }
                } else {
                    work.append((f, old.crc32))
                }
            } else {
                work.append((f, nil))
                report.newFiles += 1
            }
        }
        if state.previous != nil {
            for (path, old) in oldSources.entries where !seen.contains(path) {
                report.deletedFiles += 1
                state.delete(old)
            }
        }

        // Read, extract and invert what is new or changed: every core builds its own segments.
        var builder = ParallelSegmentBuilder(directory: directory, generation: state.generation, options: options)
        // The new segments are merged into one right away, so the workers write scratch
        // segments: no stored-text dictionary to train, cheap compression.
        builder.compression = options.mergeNewSegments ? .scratch : .flushed
        let items = work.map { ParallelSegmentBuilder.Item(file: $0.file, expectCRC: $0.expectCRC) }
        let (built, outcomes) = try builder.run(items) { done, bytes in
            progress?(Progress(filesDone: done, filesTotal: work.count, bytesDone: bytes))
        }
        state.segments.append(contentsOf: built)
        // The workers' freed buffers go back to the system before the merge allocates its own.
        HeapTrim.releaseFreeMemory()
        for (item, outcome) in zip(work, outcomes) {
            let f = item.file
            report.inputBytes += f.size
            switch outcome {
            case .unchanged:
                guard var old = oldSources.entries[f.path] else { continue }
                old.mtime = f.mtime
                old.size = f.size
                sources.entries[f.path] = old
                report.unchangedFiles += 1
                if !old.problem.isEmpty { report.problems.append(.init(path: f.path, reason: old.problem)) }
            case let .indexed(entry, problems):
                if item.expectCRC != nil {
                    report.changedFiles += 1
                    if let old = oldSources.entries[f.path] { state.delete(old) }
                }
                report.problems.append(contentsOf: problems)
                report.documentsAdded += entry.docCount
                sources.entries[f.path] = entry
            }
        }

        try state.writeDeletions(directory: directory)
        // The entity catalog depends only on the live documents, which merging does not change:
        // resolve it from the segments as they are now on another thread while they are merged.
        let catalog = onDisk?.segments == state.segments ? nil : BackgroundTask { [directory, segments = state.segments] in
            EntityCatalog.Resolution(segments: try segments.map { try SegmentReader(directory: directory, info: $0) })
        }
        let mergeStart = Date()
        if options.mergeNewSegments {
            let fresh = Set(built.map(\.name))
            report.mergedSegments += try state.merge(Set(state.segments.map(\.name).filter(fresh.contains)), directory: directory, sources: &sources,
                                                     rewritingLoneSegment: builder.compression == .scratch)
        }
        // Merge until the policy is satisfied (one merge writes one segment, so one round
        // normally does); stop when a round gains nothing.
        for _ in 0 ..< 4 {
            let before = state.segments.count
            let merged = try state.merge(directory: directory, options: options, sources: &sources)
            report.mergedSegments += merged
            if merged == 0 || state.segments.count >= before || state.segments.count <= options.maxSegments { break }
        }
        report.mergeSeconds = Date().timeIntervalSince(mergeStart)

        var manifest = Manifest(generation: state.generation, created: Manifest.now(), segments: state.segments)
        manifest.roots = roots
        try writeSourceTable(sources, into: &manifest)
        try writeEntityCatalog(&manifest, previous: onDisk, resolved: try catalog?.value())
        try manifest.write(to: directory)
        removeUnreferencedFiles(keeping: manifest)

        report.generation = state.generation
        report.documents = manifest.documentCount
        report.segments = manifest.segments.count
        report.indexBytes = Indexer.size(of: manifest, in: directory)
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Indexes documents given in memory (tests, imports), replacing the index's contents.
    public func build(documents: [StoredDocument]) throws -> Report {
        let start = Date()
        try FileIO.makeDirectory(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        var state = BuildState(previous: nil)
        state.generation = ((try? Manifest.read(from: directory))?.generation ?? 0) + 1
        var writer = SegmentWriter(name: state.nextSegmentName())
        let inverter = DocumentInverter()
        for d in documents {
            writer.add(inverter.invert(d))
            if writer.estimatedBytes >= options.memoryBudget || writer.isFull {
                state.segments.append(try writer.flush(to: directory))
                writer = SegmentWriter(name: state.nextSegmentName())
            }
        }
        if writer.docCount > 0 { state.segments.append(try writer.flush(to: directory)) }
        var manifest = Manifest(generation: state.generation, created: Manifest.now(), segments: state.segments)
        try writeEntityCatalog(&manifest)
        try manifest.write(to: directory)
        removeUnreferencedFiles(keeping: manifest)
        var report = Report()
        report.documentsAdded = documents.count
        report.documents = documents.count
        report.segments = state.segments.count
        report.generation = state.generation
        report.indexBytes = Indexer.size(of: manifest, in: directory)
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Merges segments down to one.
    public func forceMerge() throws {
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        var manifest = try Manifest.read(from: directory)
        var sources = SourceTable()
        if let s = manifest.sources { sources = try SourceTable.read(directory + "/" + s.name) }
        var state = BuildState(previous: manifest)
        state.generation = manifest.generation + 1
        var opts = options
        opts.maxSegments = 1
        _ = try state.merge(directory: directory, options: opts, sources: &sources)
        let roots = manifest.roots
        manifest = Manifest(generation: state.generation, created: Manifest.now(), segments: state.segments)
        manifest.roots = roots
        if !sources.entries.isEmpty { try writeSourceTable(sources, into: &manifest) }
        try writeEntityCatalog(&manifest)
        try manifest.write(to: directory)
        removeUnreferencedFiles(keeping: manifest)
    }

    static func size(of manifest: Manifest, in directory: String) -> Int {
        var total = 0
        for s in manifest.segments {
            total += s.files.reduce(0) { $0 + $1.size } + (s.deletions?.size ?? 0)
        }
        return total + (manifest.sources?.size ?? 0) + (manifest.entities?.size ?? 0)
    }

    /// Writes `sources` durably as the source table of `manifest`'s generation and names it there.
    private func writeSourceTable(_ sources: SourceTable, into manifest: inout Manifest) throws {
        let table = sources.encoded(generation: manifest.generation)
        let name = "sources_\(manifest.generation)"
        try FileIO.writeDurably(table, to: directory + "/" + name)
        manifest.sources = .init(name: name, bytes: table)
    }

    /// Computes the entity catalog of the commit `manifest` describes, writes it durably as
    /// `entities_<generation>` and names it in the manifest. The catalog depends on every live
    /// document, so new, changed, deleted and merged documents all change it: only a commit
    /// whose segments and deletion files are exactly `previous`'s (a build that found nothing
    /// to do) names `previous`'s file again, when that file's checksum holds. `resolved`, when
    /// given, must have been resolved from segments with the same live documents as `manifest`'s.
    func writeEntityCatalog(_ manifest: inout Manifest, previous: Manifest? = nil, resolved: EntityCatalog.Resolution? = nil) throws {
        if let p = previous, let e = p.entities, p.segments == manifest.segments, EntityCatalogFile.isIntact(directory + "/" + e.name) {
            manifest.entities = e
            return
        }
        let reader = try IndexReader(directory: directory, manifest: manifest)
        let catalog = resolved.map { EntityCatalog($0, segments: reader.segments) } ?? EntityCatalog(reader: reader)
        let bytes = EntityCatalogFile.encoded(catalog, segments: reader.segments, generation: manifest.generation)
        let name = EntityCatalogFile.fileName(generation: manifest.generation)
        try FileIO.writeDurably(bytes, to: directory + "/" + name)
        manifest.entities = .init(name: name, bytes: bytes)
    }

    /// Deletes index files and temporaries that `manifest` does not name (all of them when nil).
    func removeUnreferencedFiles(keeping manifest: Manifest?) {
        let keep = manifest?.fileNames ?? []
        guard let names = try? FileIO.list(directory) else { return }
        let exts = Set(SegmentFiles.all.map { "." + $0.0 } + [".del"])
        for name in names where !keep.contains(name) {
            let isIndexFile = (name.hasPrefix("g") && exts.contains { name.hasSuffix($0) }) || name.hasPrefix("sources_") || name.hasPrefix("entities_")
            if isIndexFile || name.hasSuffix(".tmp") { FileIO.remove(directory + "/" + name) }
        }
    }
}

import Foundation
import GleanerTestSupport
import Testing
@testable import GleanerCore

/// The entity catalog a commit stores (`entities_<generation>`, `EntityCatalogFile`): it answers
/// every lookup as the catalog built in memory does, every commit rewrites it, an index without
/// it still works, and damage is reported in one line naming the file.
@Suite struct EntityCatalogFileTests {
    /// Indexes a copy of the sample corpus (with the shipped entity model) into `dir/idx`.
    static func sampleIndex(_ dir: TempDirectory) throws -> (corpus: String, index: String) {
        let corpus = dir.path + "/corpus"
        try FileManager.default.copyItem(atPath: RepoPaths.corpus, toPath: corpus)
        let index = dir.path + "/idx"
        _ = try Indexer(directory: index).build(roots: [corpus])
        return (corpus, index)
    }

    /// Every lookup the searcher and `gleaner entities` make, on both catalogs.
    static func expectSameAnswers(_ stored: EntityCatalog, _ built: EntityCatalog, _ reader: IndexReader) {
        #expect(stored.difference(from: built, segments: reader.segments) == nil)
        #expect(stored.entities == built.entities)
        for s in reader.segments {
            for f in Field.entityFields { #expect(stored.ordinalMap(s, f) == built.ordinalMap(s, f), "\(s.info.name) \(f.name)") }
        }
        for e in built.entities {
            #expect(stored.entity(e.name, type: e.type) == built.entity(e.name, type: e.type))
            for name in [e.name, e.name.uppercased()] + e.variants {
                #expect(stored.entities(named: name) == built.entities(named: name), "\(name)")
                #expect(stored.entities(named: name, type: e.type) == built.entities(named: name, type: e.type))
            }
        }
    }

    /// Facet counts of a few searches and the entity listings, as the CLI prints them.
    static func answers(_ index: String) throws -> [String] {
        let s = Searcher(reader: try IndexReader(directory: index))
        var out: [String] = []
        for q in ["wagner", "org:wagner", "harbour OR ferry OR council", "person:prigozhin"] {
            var o = Searcher.Options()
            o.limit = 1
            o.facets = [.person, .org, .place, .misc]
            o.facetLimit = Int.max
            for (f, values) in try s.search(q, options: o).facets { out.append("\(q) \(f): \(values.map { "\($0.value)=\($0.count)" })") }
        }
        for query in [nil, "wagner"] as [String?] {
            let l = try EntityLister.list(s, query: query, limit: 10_000)
            out.append("\(query ?? "-") \(l.documents): \(l.entities.map { "\($0.type) \($0.name) \($0.documents) \($0.variants)" })")
        }
        return out
    }

    @Test func storedCatalogAnswersLikeTheOneBuiltInMemory() throws {
        let dir = TempDirectory()
        let (_, index) = try Self.sampleIndex(dir)
        let reader = try IndexReader(directory: index)
        let entry = try #require(reader.manifest.entities)
        #expect(entry.name == "entities_\(reader.manifest.generation)")
        #expect(reader.manifest.fileNames.contains(entry.name))
        let stored = try reader.loadEntityCatalog()
        let built = EntityCatalog(reader: reader)
        #expect(built.entities.count >= 100)
        Self.expectSameAnswers(stored, built, reader)
        _ = try IndexChecker(directory: index).check()
    }

    @Test func anIndexWithoutTheFileAnswersTheSame() throws {
        let dir = TempDirectory()
        let (_, index) = try Self.sampleIndex(dir)
        let with = try Self.answers(index)
        #expect(with.count > 10)
        // The manifest of a commit made before the file existed.
        var m = try Manifest.read(from: index)
        let name = try #require(m.entities?.name)
        m.entities = nil
        try m.write(to: index)
        try FileManager.default.removeItem(atPath: index + "/" + name)
        #expect(try Self.answers(index) == with)
        _ = try IndexChecker(directory: index).check()
        // The next build writes it again.
        _ = try Indexer(directory: index).build(roots: [dir.path + "/corpus"])
        #expect(try Manifest.read(from: index).entities != nil)
        #expect(try Self.answers(index) == with)
    }

    @Test func everyCommitRewritesIt() throws {
        let dir = TempDirectory()
        let (corpus, index) = try Self.sampleIndex(dir)
        let first = try IndexReader(directory: index)
        let firstName = try #require(first.manifest.entities?.name)
        let before = try first.loadEntityCatalog().entities
        // A build that finds nothing to do commits the same catalog file.
        let noop = try Indexer(directory: index).build(roots: [corpus])
        #expect(noop.unchangedFiles == noop.files && noop.generation == first.manifest.generation + 1)
        #expect(try Manifest.read(from: index).entities?.name == firstName)
        #expect(FileManager.default.fileExists(atPath: index + "/" + firstName))
        // Delete one article and change another: their entities leave the catalog.
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".html") }.sorted()
        try #require(files.count >= 2)
        try FileManager.default.removeItem(atPath: corpus + "/" + files[0])
        let changed = corpus + "/" + files[1]
        try Data("<html><head><title>Notice</title></head><body><article><p>The harbour office is closed on Monday for repairs to the quay.</p></article></body></html>".utf8)
            .write(to: URL(fileURLWithPath: changed))
        let r = try Indexer(directory: index).build(roots: [corpus])
        #expect(r.deletedFiles == 1 && r.changedFiles == 1)
        let second = try IndexReader(directory: index)
        let entry = try #require(second.manifest.entities)
        #expect(entry.name != firstName)
        #expect(!FileManager.default.fileExists(atPath: index + "/" + firstName))
        let stored = try second.loadEntityCatalog()
        #expect(stored.entities != before)
        Self.expectSameAnswers(stored, EntityCatalog(reader: second), second)
        _ = try IndexChecker(directory: index).check()
        // A forced merge is a commit too.
        try Indexer(directory: index).forceMerge()
        let merged = try IndexReader(directory: index)
        #expect(merged.manifest.entities?.name == "entities_\(merged.manifest.generation)")
        Self.expectSameAnswers(try merged.loadEntityCatalog(), EntityCatalog(reader: merged), merged)
    }

    /// A build resolves the catalog from its unmerged segments while it merges them: resolved
    /// from several segments and looked up in the merged one, it is the merged index's catalog.
    @Test func catalogResolvedBeforeTheMergeIsTheMergedIndexs() throws {
        let dir = TempDirectory()
        let corpus = dir.path + "/corpus", aside = dir.path + "/aside"
        try FileManager.default.copyItem(atPath: RepoPaths.corpus, toPath: corpus)
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
        let index = dir.path + "/idx"
        var options = Indexer.Options()
        options.maxSegments = 100
        // Three segments: half the files, then the rest, then one file deleted (deletions).
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".html") }.sorted()
        try #require(files.count >= 4)
        let later = files.enumerated().filter { $0.offset % 2 == 1 }.map { $0.element }
        for (i, f) in later.enumerated() { try FileManager.default.moveItem(atPath: corpus + "/" + f, toPath: aside + "/\(i)") }
        _ = try Indexer(directory: index, options: options).build(roots: [corpus])
        for (i, f) in later.enumerated() { try FileManager.default.moveItem(atPath: aside + "/\(i)", toPath: corpus + "/" + f) }
        _ = try Indexer(directory: index, options: options).build(roots: [corpus])
        try FileManager.default.removeItem(atPath: corpus + "/" + files[0])
        _ = try Indexer(directory: index, options: options).build(roots: [corpus])
        let unmerged = try IndexReader(directory: index)
        try #require(unmerged.segments.count >= 2 && unmerged.segments.contains { $0.info.deletedCount > 0 })
        let resolved = EntityCatalog.Resolution(segments: unmerged.segments)
        ReferenceEntityResolution.expectSame(resolved, segments: unmerged.segments)
        try Indexer(directory: index).forceMerge()
        let merged = try IndexReader(directory: index)
        #expect(merged.segments.count == 1)
        let built = EntityCatalog(reader: merged)
        #expect(built.entities.count >= 100)
        Self.expectSameAnswers(EntityCatalog(resolved, segments: merged.segments), built, merged)
        Self.expectSameAnswers(try merged.loadEntityCatalog(), built, merged)
    }

    @Test func damageIsReportedInOneLineNamingTheFile() throws {
        let dir = TempDirectory()
        _ = try Indexer(directory: dir.path).build(documents: EntityCatalogTests.docs)
        let m = try Manifest.read(from: dir.path)
        let path = dir.path + "/" + (try #require(m.entities?.name))
        let good = try FileIO.read(path)
        func expectReported(_ what: () throws -> Void, _ reason: String) {
            do {
                try what()
                Issue.record("not reported: \(reason)")
            } catch let e as GleanerError {
                #expect(e.description.contains(path), "\(e)")
                #expect(e.description.contains(reason), "\(e)")
                #expect(!e.description.contains("\n"))
            } catch { Issue.record("\(error)") }
        }
        func facetSearch() throws {
            var o = Searcher.Options()
            o.facets = [.person]
            _ = try Searcher(reader: try IndexReader(directory: dir.path)).search("wagner", options: o)
        }
        // One flipped byte in the payload.
        var bad = good
        bad[bad.count / 2] ^= 0x20
        try FileIO.writeUnsynced(bad, to: path)
        expectReported(facetSearch, "checksum mismatch")
        expectReported({ _ = try EntityLister.list(Searcher(reader: try IndexReader(directory: dir.path))) }, "checksum mismatch")
        expectReported({ _ = try IndexChecker(directory: dir.path).check() }, "manifest says")
        // Truncated.
        try FileIO.writeUnsynced(Array(good.prefix(good.count - 3)), to: path)
        expectReported(facetSearch, "bad footer magic")
        // A well-formed catalog that is not the live documents' (entity names swapped), with a
        // manifest entry to match: decoding accepts it, `gleaner check` does not.
        let reader = try IndexReader(directory: dir.path)
        let built = EntityCatalog(reader: reader)
        var entities = built.entities
        entities.swapAt(0, 1)
        let foreign = EntityCatalog(entities: entities, segments: reader.segments, columns: reader.segments.map(built.columns))
        let bytes = EntityCatalogFile.encoded(foreign, segments: reader.segments, generation: m.generation)
        try FileIO.writeUnsynced(bytes, to: path)
        var m2 = m
        m2.entities = .init(name: m.entities!.name, bytes: bytes)
        try m2.write(to: dir.path)
        expectReported({ _ = try IndexChecker(directory: dir.path).check() }, "does not match the live documents' entities")
        // Restored, everything is fine again.
        try FileIO.writeUnsynced(good, to: path)
        try m.write(to: dir.path)
        _ = try IndexChecker(directory: dir.path).check()
        try facetSearch()
    }
}

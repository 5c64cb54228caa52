import Foundation

/// The commit point of an index: which segments are live, written atomically as `MANIFEST`.
///
/// File layout: line 1 is compact JSON (this struct, keys sorted); line 2 is `crc32 XXXXXXXX`,
/// the CRC-32 of line 1's bytes. It is replaced by write-temp, fsync, rename, fsync(folder), so
/// a reader sees either the previous or the new commit, never a mix.
public struct Manifest: Codable, Sendable, Equatable {
    public static let fileName = "MANIFEST"
    public static let magic = "gleaner-index"
    /// The manifest carries the segments' format version, so an older index is refused at open.
    public static let currentVersion = SegmentFiles.formatVersion
    public static let supported = SegmentFiles.supported

    public var format: String = Manifest.magic
    public var version: Int = Manifest.currentVersion
    /// Increases by one with every commit; new segment names carry it.
    public var generation: Int
    /// ISO 8601 time of the commit.
    public var created: String
    public var gleanerVersion: String = GleanerVersion.string
    /// Field names by `Field.rawValue`.
    public var fields: [String] = Field.allCases.map(\.name)
    public var segments: [SegmentInfo]
    /// The source-file table (`sources_<generation>`) of incremental builds.
    public var sources: SegmentInfo.FileEntry? = nil
    /// The entity catalog (`entities_<generation>`, `EntityCatalogFile`) of this commit's live
    /// documents; nil in indexes committed before it existed, whose readers build it in memory.
    public var entities: SegmentInfo.FileEntry? = nil
    /// The corpus roots the index was built from.
    public var roots: [String] = []

    public init(generation: Int, created: String, segments: [SegmentInfo]) {
        self.generation = generation
        self.created = created
        self.segments = segments
    }

    /// Live (not deleted) documents.
    public var documentCount: Int { segments.reduce(0) { $0 + $1.liveCount } }

    /// Every file this commit names (segment files, deletion files, the source table, the
    /// entity catalog).
    public var fileNames: Set<String> {
        var names = Set(segments.flatMap { $0.files.map(\.name) })
        for s in segments { if let d = s.deletions { names.insert(d.name) } }
        if let sources { names.insert(sources.name) }
        if let entities { names.insert(entities.name) }
        return names
    }

    /// Serialises to the two-line form.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = [UInt8](try encoder.encode(self))
        let crc = CRC32.checksum(json)
        return json + Array(String(format: "\ncrc32 %08x\n", crc).utf8)
    }

    /// Reads and verifies the manifest in `directory`.
    public static func read(from directory: String) throws -> Manifest {
        let path = directory + "/" + fileName
        guard FileIO.exists(path) else { throw GleanerError.noIndex(path: directory) }
        let bytes = try FileIO.read(path)
        guard let nl = bytes.firstIndex(of: 0x0A) else {
            throw GleanerError.corruptIndex(file: path, reason: "no checksum line")
        }
        let json = Array(bytes[..<nl])
        let rest = String(decoding: bytes[(nl + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard rest.hasPrefix("crc32 "), let stored = UInt32(rest.dropFirst(6), radix: 16) else {
            throw GleanerError.corruptIndex(file: path, reason: "malformed checksum line")
        }
        let actual = CRC32.checksum(json)
        guard stored == actual else {
            throw GleanerError.corruptIndex(file: path, reason: String(format: "checksum mismatch (stored %08x, computed %08x)", stored, actual))
        }
        let m: Manifest
        do { m = try JSONDecoder().decode(Manifest.self, from: Data(json)) } catch {
            throw GleanerError.corruptIndex(file: path, reason: "unreadable JSON: \(error)")
        }
        guard m.format == magic else { throw GleanerError.corruptIndex(file: path, reason: "not a Gleaner manifest") }
        if m.version < supported.lowerBound { throw GleanerError.formatTooOld(file: path, found: m.version, supported: supported) }
        if m.version > supported.upperBound { throw GleanerError.formatTooNew(file: path, found: m.version, supported: supported) }
        return m
    }

    /// Commits this manifest into `directory` atomically.
    public func write(to directory: String) throws {
        try FileIO.replaceAtomically(try encoded(), at: directory + "/" + Manifest.fileName)
    }

    /// Current time as ISO 8601 (UTC, seconds).
    public static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}

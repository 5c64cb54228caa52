import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner stats`: documents, terms, segments, size, last build, entity counts.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print figures about an index.",
        discussion: """
        Examples:
          gleaner stats
          gleaner stats --json
        """
    )

    @Option(help: "Index folder.") var index: String = "Index"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        do {
            let s = try IndexStats(directory: index)
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.field("index", index)
                w.field("documents", s.documents)
                w.field("deletedDocuments", s.deletedDocuments)
                w.field("segments", s.segments)
                w.field("terms", s.terms)
                w.field("bytes", s.bytes)
                w.field("generation", s.generation)
                w.field("lastBuild", s.lastBuild)
                w.field("formatVersion", s.formatVersion)
                w.key("entities")
                w.beginObject()
                for k in s.distinctValues.keys.sorted() { w.field(k, s.distinctValues[k]!) }
                w.endObject()
                w.key("averageLength")
                w.beginObject()
                for k in s.averageLengths.keys.sorted() { w.field(k, s.averageLengths[k]!) }
                w.endObject()
                w.endObject()
                w.newline()
                FileHandle.standardOutput.write(Data(w.bytes))
            } else {
                var out = "index:        \(index) (format \(s.formatVersion), generation \(s.generation))\n"
                out += "documents:    \(s.documents)\(s.deletedDocuments > 0 ? " (+\(s.deletedDocuments) deleted, awaiting merge)" : "")\n"
                out += "segments:     \(s.segments)\n"
                out += "terms:        \(s.terms)\n"
                out += "size:         \(IndexCommand.size(s.bytes))\n"
                out += "last build:   \(s.lastBuild)\n"
                out += "entities:     " + ["person", "org", "place", "misc"].map { "\(s.distinctValues[$0] ?? 0) \($0)" }.joined(separator: ", ") + "\n"
                out += "sites:        \(s.distinctValues["site"] ?? 0)\n"
                FileHandle.standardOutput.write(Data(out.utf8))
            }
        } catch { CLIErrors.exit(for: error) }
    }
}

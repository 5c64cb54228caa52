import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner index`: builds the index from folders of articles.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index folders of articles (HTML, text, Markdown, JSON Lines).",
        discussion: """
        Walks each PATH recursively: .html/.htm pages (article extracted, boilerplate dropped),
        .txt and .md articles, and .jsonl files with one article object per line
        (id/_id, title, text/body, url, date, author). Bad files are reported and skipped.
        Examples:
          gleaner index Corpus/
          gleaner index ~/news --index ~/news-index --quiet
        """
    )

    @Argument(help: "Folders or files to index.") var paths: [String]
    @Option(help: "Index folder.") var index: String = "Index"
    @Flag(help: "Print only the one-line summary.") var quiet = false
    @Flag(help: "Print the run summary as JSON on stdout.") var json = false
    @Flag(help: "Rebuild everything instead of only new and changed files.") var full = false
    @Flag(help: "Skip entity recognition (no person/org/place facets; faster).") var noEntities = false
    @Option(name: .long, help: .hidden) var memoryBudget: Int?

    func run() throws {
        do {
            var options = Indexer.Options()
            options.full = full
            options.entities = !noEntities
            if let mb = memoryBudget {
                guard mb >= 1 else { throw ValidationError("--memory-budget must be at least 1 (MB)") }
                options.memoryBudget = mb << 20
            }
            let indexer = Indexer(directory: index, options: options)
            let showProgress = !quiet && !json && isatty(2) != 0
            let started = Date()
            let report = try indexer.build(roots: paths) { p in
                guard showProgress else { return }
                let secs = Date().timeIntervalSince(started)
                let rate = secs > 0 ? Double(p.filesDone) / secs : 0
                let eta = rate > 0 ? Double(p.filesTotal - p.filesDone) / rate : 0
                let width = 30
                let filled = p.filesTotal == 0 ? width : width * p.filesDone / p.filesTotal
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                FileHandleOutput.stderr("\r[\(bar)] \(p.filesDone)/\(p.filesTotal) files  \(Int(rate)) files/s  ETA \(Int(eta)) s ")
            }
            if showProgress { FileHandleOutput.stderr("\n") }
            for w in report.warnings { FileHandleOutput.stderr("gleaner: warning: \(w)\n") }
            if !json && !quiet {
                for p in report.problems { FileHandleOutput.stderr("gleaner: skipped \(p.path): \(p.reason)\n") }
            }
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.field("index", index)
                w.field("files", report.files)
                w.field("new", report.newFiles)
                w.field("changed", report.changedFiles)
                w.field("deleted", report.deletedFiles)
                w.field("unchanged", report.unchangedFiles)
                w.field("documentsAdded", report.documentsAdded)
                w.field("documents", report.documents)
                w.field("failed", report.problems.count)
                w.field("segments", report.segments)
                w.field("seconds", report.seconds)
                w.field("mergeSeconds", report.mergeSeconds)
                w.field("indexBytes", report.indexBytes)
                w.key("problems")
                w.beginArray()
                for p in report.problems {
                    w.beginObject(); w.field("path", p.path); w.field("reason", p.reason); w.endObject()
                }
                w.endArray()
                w.endObject()
                w.newline()
                FileHandle.standardOutput.write(Data(w.bytes))
            } else {
                print(IndexCommand.summary(report, index: index))
            }
            if report.documents == 0 && report.files > 0 && !report.problems.isEmpty {
                throw GleanerError.failed("nothing could be indexed")
            }
        } catch { CLIErrors.exit(for: error) }
    }

    /// The one-line summary: files new/changed/deleted/unchanged/failed, documents, time, size.
    static func summary(_ r: Indexer.Report, index: String) -> String {
        let skipped = r.problems.isEmpty ? "" : ", \(r.problems.count) skipped"
        return "indexed \(r.files) files (\(r.newFiles) new, \(r.changedFiles) changed, \(r.deletedFiles) deleted, "
            + "\(r.unchangedFiles) unchanged\(skipped)): \(r.documents) documents in \(index), "
            + "\(r.segments) segment\(r.segments == 1 ? "" : "s"), \(IndexCommand.size(r.indexBytes)), "
            + String(format: "%.2f s", r.seconds)
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

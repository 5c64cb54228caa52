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

    func run() throws {
        do {
            let indexer = Indexer(directory: index)
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
            if !json && !quiet {
                for p in report.problems { FileHandleOutput.stderr("gleaner: skipped \(p.path): \(p.reason)\n") }
            }
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.field("index", index)
                w.field("files", report.files)
                w.field("documents", report.documents)
                w.field("failed", report.problems.count)
                w.field("segments", report.segments)
                w.field("seconds", report.seconds)
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
                let skipped = report.problems.isEmpty ? "" : ", \(report.problems.count) skipped"
                print("indexed \(report.documents) documents from \(report.files) files\(skipped) into \(index) in "
                      + String(format: "%.2f", report.seconds) + " s (index \(IndexCommand.size(report.indexBytes)))")
            }
            if report.documents == 0 && report.files > 0 {
                throw GleanerError.failed("nothing could be indexed")
            }
        } catch { CLIErrors.exit(for: error) }
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner parse-floor`: the benchmark floor — libxml2's HTML parse alone, on one core.
struct ParseFloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-floor",
        abstract: "Benchmark helper: time libxml2's HTML parse of every page on one core.",
        shouldDisplay: false
    )

    @Argument(help: "Folders or files of HTML pages.") var paths: [String]

    func run() throws {
        do {
            var walker = CorpusWalker(roots: paths)
            let files = try walker.files().filter { $0.kind == .html }
            var bytes = 0
            var seconds = 0.0
            for f in files {
                let data = try FileIO.read(f.path, limit: CorpusWalker.maxFileBytes)
                bytes += data.count
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? data.withUnsafeBufferPointer { try HTMLDocument(bytes: $0, path: f.path) }
                seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
            print(String(format: "parse-floor: %d pages, %.1f MB, %.2f s, %.1f MB/s (one core, parse only)",
                         files.count, Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / max(seconds, 1e-9)))
        } catch { CLIErrors.exit(for: error) }
    }
}

import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner extract`: writes the clean article of each page, as text or JSON.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (body and metadata) from HTML pages.",
        discussion: """
        Writes <basename>.txt (or .json) per page into --out; without --out prints to stdout.
        Examples:
          gleaner extract page.html
          gleaner extract pages/ --out clean/ --format json
        """
    )

    @Argument(help: "HTML files or folders of them.") var paths: [String]
    @Option(help: "Folder for the output files (default: print to stdout).") var out: String?
    @Option(help: "Output format: text or json.") var format: ExtractFormat = .text
    @Flag(help: .hidden) var explain = false

    func run() throws {
        if explain {
            for path in paths {
                do {
                    let bytes = try FileIO.read(path, limit: CorpusWalker.maxFileBytes)
                    print(try ArticleExtractor().explain(html: bytes, path: path))
                } catch { CLIErrors.exit(for: error) }
            }
            return
        }
        do {
            var walker = CorpusWalker(roots: paths)
            let files = try walker.files().filter { $0.kind == .html }
            if let out { try FileIO.makeDirectory(out) }
            let extractor = ArticleExtractor()
            let format = self.format
            let out = self.out
            // Workers extract and, with --out, also write their file: creating files is a good
            // share of the run time on ext4, so it is spread over the cores too.
            let results = ParallelMap.run(files) { file -> Result<[UInt8], GleanerError> in
                do {
                    let bytes = try FileIO.read(file.path, limit: CorpusWalker.maxFileBytes)
                    let article = try extractor.extract(html: bytes, path: file.path)
                    let payload: [UInt8] = format == .json ? ExtractCommand.json(article, file: file) : article.body + [0x0A]
                    guard let out else { return .success(payload) }
                    let base = (file.relativePath as NSString).lastPathComponent
                    let stem = (base as NSString).deletingPathExtension
                    try FileIO.writeUnsynced(payload, to: out + "/" + stem + (format == .json ? ".json" : ".txt"))
                    return .success([])
                } catch let e as GleanerError { return .failure(e) } catch { return .failure(.parse(path: file.path, reason: "\(error)")) }
            }
            var failures = 0
            for result in results {
                switch result {
                case let .failure(e):
                    failures += 1
                    FileHandleOutput.stderr("gleaner: warning: \(e.description)\n")
                case let .success(payload):
                    if out == nil { FileHandle.standardOutput.write(Data(payload)) }
                }
            }
            if failures == files.count && !files.isEmpty { throw GleanerError.failed("no page could be extracted") }
        } catch { CLIErrors.exit(for: error) }
    }


    static func json(_ a: Article, file: CorpusFile) -> [UInt8] {
        var o = JSONWriter()
        o.beginObject()
            o.field("path", file.relativePath)
            o.field("title", a.title)
            o.field("author", a.author)
            o.field("date", a.date)
            o.field("site", a.siteName)
            o.field("url", a.url)
            o.field("language", a.language)
            o.field("text", a.text)
        o.endObject()
        o.newline()
        return o.bytes
    }
}

/// Output format of `gleaner extract`.
enum ExtractFormat: String, ExpressibleByArgument { case text, json }

import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner search`: ranked search with snippets, or batch evaluation runs.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
        Syntax: words (documents with all of them rank first), "quoted phrases" ("north korea"~2
        allows 2 words between), AND, OR, NOT (capitals), +required, -excluded, (groups),
        title:word, title:"a phrase", body:word.
        Examples:
          gleaner search "wagner group mercenaries"
          gleaner search '"meat shields"' --json
          gleaner search 'title:missile (korea OR japan) -drill' --limit 5
          gleaner search --queries queries.tsv --format trec --limit 1000 --match any > run.trec
        """
    )

    @Argument(help: "The query (omit with --queries).") var query: String?
    @Option(help: "Index folder.") var index: String = "Index"
    @Option(help: "Number of results.") var limit: Int = 10
    @Option(help: "Results to skip (paging).") var offset: Int = 0
    @Option(help: "How words combine: default (all-words first), all, any.") var match: MatchArgument = .default
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Highlight matches in bold: auto (on a terminal, unless NO_COLOR), always, never.") var color: ColorMode = .auto
    @Option(help: "Batch mode: run every query of a TSV (id<TAB>text) or JSONL (_id, text) file.") var queries: String?
    @Option(help: "Batch output format: trec or json.") var format: BatchFormat = .trec
    @Option(help: "Title weight in BM25F.") var titleWeight: Float = BM25Parameters().titleWeight
    @Option(help: "BM25 k1.") var k1: Float = BM25Parameters().k1
    @Option(help: "BM25 b.") var b: Float = BM25Parameters().b

    func validate() throws {
        if query == nil && queries == nil { throw ValidationError("give a QUERY or --queries FILE") }
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must be ≥ 0") }
    }

    var options: Searcher.Options {
        var o = Searcher.Options()
        o.limit = limit
        o.offset = offset
        o.match = match.mode
        o.bm25 = BM25Parameters(k1: k1, b: b, titleWeight: titleWeight)
        return o
    }

    func run() throws {
        do {
            let reader = try IndexReader(directory: index)
            let searcher = Searcher(reader: reader)
            if let queries {
                try BatchSearch(searcher: searcher, options: options, format: format).run(file: queries)
                return
            }
            let results = try searcher.search(query!, options: options)
            let printer = ResultPrinter(reader: reader, results: results)
            if json {
                FileHandle.standardOutput.write(Data(try printer.json(query: query!)))
            } else {
                let bold = color == .always || (color == .auto && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
                FileHandle.standardOutput.write(Data(try printer.human(query: query!, bold: bold, offset: offset).utf8))
            }
        } catch { CLIErrors.exit(for: error) }
    }
}

enum MatchArgument: String, ExpressibleByArgument, CaseIterable {
    case `default`, all, any
    var mode: Searcher.MatchMode {
        switch self {
        case .default: return .tiered
        case .all: return .all
        case .any: return .any
        }
    }
}

enum ColorMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }
enum BatchFormat: String, ExpressibleByArgument, CaseIterable { case trec, json }

import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner fuzz`: seeded random-input testing of the HTML extraction entry point and of the
/// query parser and searcher. Used by `Scripts/fuzz.sh`, which keeps inputs that crash.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run seeded random inputs through extraction or the query engine (see Scripts/fuzz.sh).",
        shouldDisplay: false
    )

    @Option(help: "What to fuzz: html or query.") var target: FuzzTarget = .html
    @Option(help: "How long to run, in seconds.") var seconds: Double = 10
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Folder where the current input is written before it runs (kept when it crashes).") var crashDir: String
    @Option(help: "Seed inputs (files or folders of HTML pages) to mutate.") var corpus: [String] = []

    func run() throws {
        do {
            try FileIO.makeDirectory(crashDir)
            var rng = SplitMix64(seed: seed)
            let deadline = Date().addingTimeInterval(seconds)
            var seeds: [[UInt8]] = []
            var walker = CorpusWalker(roots: corpus)
            for f in walker.filesReportingProblems() where f.size < 512 * 1024 { seeds.append(try FileIO.read(f.path)) }
            if seeds.isEmpty { seeds = [Array("<html><body><article><h1>T</h1><p>Text, text.</p></article></body></html>".utf8)] }
            let current = crashDir + "/current-\(target.rawValue).bin"
            var cases = 0
            switch target {
            case .html:
                let extractor = ArticleExtractor()
                while Date() < deadline {
                    let input = FuzzInputs.html(&rng, seeds: seeds)
                    try FileIO.writeUnsynced(input, to: current)
                    _ = try? extractor.extract(html: input, path: "fuzz")
                    cases += 1
                }
            case .query:
                let dir = NSTemporaryDirectory() + "gleaner-fuzz-\(getpid())"
                defer { try? FileManager.default.removeItem(atPath: dir) }
                _ = try Indexer(directory: dir).build(documents: FuzzInputs.documents)
                let searcher = Searcher(reader: try IndexReader(directory: dir))
                while Date() < deadline {
                    let q = FuzzInputs.query(&rng)
                    try FileIO.writeUnsynced(Array(q.utf8), to: current)
                    if let parsed = try? QueryParser.parse(q) {
                        for mode in Searcher.MatchMode.allCases {
                            var o = Searcher.Options()
                            o.match = mode
                            _ = try? searcher.search(parsed, options: o)
                        }
                    }
                    cases += 1
                }
            }
            FileIO.remove(current)
            print("fuzz \(target.rawValue): \(cases) inputs in \(Int(seconds)) s, seed \(seed): no crash")
        } catch { CLIErrors.exit(for: error) }
    }
}

/// What `gleaner fuzz` feeds random inputs to.
enum FuzzTarget: String, ExpressibleByArgument, CaseIterable { case html, query }

/// Input generators: mutated real pages, synthetic tag soup, query-language soup.
enum FuzzInputs {
    static let tags = ["div", "p", "article", "main", "section", "span", "a", "h1", "h2", "li", "ul", "table", "td", "tr", "script",
                       "style", "nav", "footer", "aside", "form", "figure", "figcaption", "template", "br", "wbr", "source", "time", "meta"]
    static let attrs = ["class=\"comment\"", "id=\"content\"", "itemprop=\"articleBody\"", "hidden", "style=\"display:none\"",
                        "role=\"navigation\"", "class=\"share related\"", "datetime=\"2023-02-30\"", "charset=\"utf-16\""]
    static let bits: [[UInt8]] = ["&amp;", "&#x0;", "&#xD800;", "&nbsp;", "<!--", "-->", "<![CDATA[", "]]>", "\u{0}", "’", "…",
                                  "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<meta charset=\"windows-1252\">",
                                  "{\"@type\":\"NewsArticle\",\"headline\":", "<script type=\"application/ld+json\">"].map { Array($0.utf8) }

    static func html(_ rng: inout SplitMix64, seeds: [[UInt8]]) -> [UInt8] {
        var out: [UInt8]
        if rng.below(3) == 0 {
            out = []
            var depth = 0
            for _ in 0 ..< rng.below(400) {
                switch rng.below(5) {
                case 0: out += Array("<\(tags[rng.below(tags.count)]) \(attrs[rng.below(attrs.count)])>".utf8); depth += 1
                case 1: out += Array("</\(tags[rng.below(tags.count)])>".utf8); depth -= 1
                case 2: out += bits[rng.below(bits.count)]
                default: out += Array("Words, more words and a sentence. ".utf8)
                }
            }
        } else {
            out = seeds[rng.below(seeds.count)]
        }
        for _ in 0 ..< rng.below(24) {
            guard !out.isEmpty else { break }
            let at = rng.below(out.count)
            switch rng.below(5) {
            case 0: out[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: out.insert(contentsOf: bits[rng.below(bits.count)], at: at)
            case 2: out.removeSubrange(at ..< min(out.count, at + rng.below(64)))
            case 3: out.insert(contentsOf: out[at ..< min(out.count, at + rng.below(256))], at: rng.below(out.count))
            default: out = Array(out[..<at])
            }
        }
        return out
    }

    static let queryPieces = ["wagner", "group", "\"", "(", ")", "AND", "OR", "NOT", "-", "+", "title:", "site:", "date:", "person:",
                              "2023-01", "..", ">=", "~", "~2", "*", "meat", "shields", "\"north korea\"~3", "é", "’s", ":", "  ",
                              "entity:", "lang:", "\u{0}", "x*", "wagnr~", "2023-13-45", "((", "))", "body:", "author:"]

    static func query(_ rng: inout SplitMix64) -> String {
        var q = ""
        for _ in 0 ..< rng.below(12) {
            q += queryPieces[rng.below(queryPieces.count)]
            if rng.below(2) == 0 { q += " " }
        }
        return q
    }

    static let documents: [StoredDocument] = (0 ..< 40).map { i in
        let words = ["wagner", "group", "meat", "shields", "north", "korea", "missile", "bakhmut", "harbour", "strike"]
        var text = ""
        for k in 0 ..< 60 { text += words[(i * 7 + k * 3) % words.count] + (k % 9 == 0 ? ". " : " ") }
        return StoredDocument(id: "d\(i)", path: "d\(i)", title: "\(words[i % 10]) \(words[(i + 3) % 10])",
                              date: "2023-0\(1 + i % 9)-1\(i % 10)", site: "Site \(i % 3)", text: Array(text.utf8))
    }
}

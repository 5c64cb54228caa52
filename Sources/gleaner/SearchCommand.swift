import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner search`: ranked search with snippets, facets and collapsed near-duplicates, or
/// batch evaluation runs.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
        Syntax: words (documents with all of them rank first), "quoted phrases" ("north korea"~2
        allows 2 words between), AND, OR, NOT (capitals), +required, -excluded, (groups),
        prefix* (up to 64 completions), fuzzy~ or fuzzy~1 (spelling within 2 or 1 edits),
        fields title: body: site: author: lang: person: org: place: entity:, and dates
        date:2023-03, date:2023-01..2023-03, date:>=2023-02-01.
        Examples:
          gleaner search "wagner group mercenaries"
          gleaner search '"meat shields"' --json
          gleaner search 'title:missile (korea OR japan) -drill' --limit 5
          gleaner search 'wagnr~ bakhm*' --sort=-date --facets site,year
          gleaner search --queries queries.tsv --format trec --limit 1000 --match any > run.trec
        """
    )

    @Argument(help: "The query (omit with --queries).") var query: String?
    @Option(help: "Index folder.") var index: String = "Index"
    @Option(help: "Number of results.") var limit: Int = 10
    @Option(help: "Results to skip (paging).") var offset: Int = 0
    @Option(help: "How words combine: default (all-words first), all, any.") var match: MatchArgument = .default
    @Option(parsing: .unconditional, help: "Order: relevance, date (oldest first) or -date (newest first).")
    var sort: SortArgument = .relevance
    @Option(help: "Facets to count over all matches, comma-separated: person,org,place,misc,site,year,month or all.")
    var facets: String?
    @Option(help: "Values shown per facet.") var facetLimit: Int = 10
    @Flag(help: "Show near-duplicate copies (syndicated stories) as separate hits.") var noCollapse = false
    @Flag(help: "Pseudo-relevance feedback (RM3): re-rank with terms from the top documents.") var expand = false
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Highlight matches in bold: auto (on a terminal, unless NO_COLOR), always, never.") var color: ColorMode = .auto
    @Option(help: "Batch mode: run every query of a TSV (id<TAB>text) or JSONL (_id, text) file.") var queries: String?
    @Option(help: "Batch output format: trec or json.") var format: BatchFormat = .trec
    @Option(help: "Title weight in BM25F.") var titleWeight: Float = BM25Parameters().titleWeight
    @Option(help: "BM25 k1.") var k1: Float = BM25Parameters().k1
    @Option(help: "BM25 b.") var b: Float = BM25Parameters().b
    @Option(help: "BM25+ delta (0 = classic BM25).") var delta: Float = BM25Parameters().delta
    @Flag(inversion: .prefixedNo, help: "BM25F with each field normalised by its own length (else by the weighted total).")
    var perFieldNorms = BM25Parameters().perFieldNormalization
    @Option(help: "Weight of the term-proximity score (0 turns it off).") var proximityWeight: Float = ProximityParameters().weight
    @Option(help: "Proximity window in words.") var proximityWindow: Int = ProximityParameters().window
    @Flag(help: "Proximity counts only words adjacent in the query.") var proximityAdjacent = false
    @Option(help: "Documents re-ranked by proximity.") var rerankDepth: Int = ProximityParameters().rerankDepth
    @Option(help: "Fuse BM25F with query likelihood: rrf, sum or off.") var fusion: String = FusionParameters().enabled ? FusionParameters().method.rawValue : "off"
    @Option(help: "Query-likelihood Dirichlet prior μ.") var fusionMu: Float = FusionParameters().mu
    @Option(help: "Reciprocal rank fusion constant k.") var fusionK: Float = FusionParameters().k
    @Option(help: "Documents fused.") var fusionDepth: Int = FusionParameters().depth
    @Option(help: "Weight of the query-likelihood ranking.") var fusionWeight: Float = FusionParameters().weight
    @Option(help: "Words split by the analyzer (IL-6): also match the joined spelling (1/0).") var compoundJoined: Int = 1
    @Option(help: "Words split by the analyzer: with --match any also match each part (1/0).") var compoundParts: Int = 1
    @Option(help: "Words split by the analyzer: weight of the phrase.") var compoundPhrase: Float = 1
    @Option(help: "With --expand: feedback documents.") var fbDocs: Int = FeedbackParameters().documents
    @Option(help: "With --expand: expansion terms.") var fbTerms: Int = FeedbackParameters().terms
    @Option(help: "With --expand: weight of the original query, 0…1.") var fbWeight: Float = FeedbackParameters().originalWeight
    @Option(help: "With --expand: skip terms found in more than this fraction of documents (1 = keep all).")
    var fbMaxDf: Float = FeedbackParameters().maxDocumentFraction
    @Option(help: "With --expand: fuse the expanded ranking with the original at this weight (0 = the expanded query replaces the original).")
    var fbFuse: Float = FeedbackParameters().fusedWeight

    func validate() throws {
        if query == nil && queries == nil { throw ValidationError("give a QUERY or --queries FILE") }
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must be ≥ 0") }
        if facetLimit < 1 { throw ValidationError("--facet-limit must be ≥ 1") }
    }

    func facetFields() throws -> [FacetField] {
        guard let facets else { return [] }
        if facets == "all" { return FacetField.allCases }
        return try facets.split(separator: ",").map { name in
            let n = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let f = FacetField(rawValue: n == "organization" ? "org" : n) else {
                throw GleanerError.usage("unknown facet '\(n)' (known: \(FacetField.allCases.map(\.rawValue).joined(separator: ", ")), all)")
            }
            return f
        }
    }

    func makeOptions() throws -> Searcher.Options {
        var o = Searcher.Options()
        o.limit = limit
        o.offset = offset
        o.match = match.mode
        o.sort = sort.order
        o.bm25 = BM25Parameters(k1: k1, b: b, titleWeight: titleWeight, delta: delta)
        o.bm25.perFieldNormalization = perFieldNorms
        o.facets = try facetFields()
        o.facetLimit = facetLimit
        o.collapse = !noCollapse
        o.suggest = true
        o.proximity.weight = proximityWeight
        o.proximity.enabled = proximityWeight > 0
        o.proximity.window = max(1, proximityWindow)
        o.proximity.rerankDepth = max(0, rerankDepth)
        o.proximity.adjacentPairsOnly = proximityAdjacent
        if fusion == "off" {
            o.fusion.enabled = false
        } else if let m = FusionParameters.Method(rawValue: fusion) {
            o.fusion.enabled = true
            o.fusion.method = m
        } else {
            throw GleanerError.usage("unknown fusion '\(fusion)' (known: rrf, sum, off)")
        }
        o.compoundJoined = compoundJoined != 0
        o.compoundParts = compoundParts != 0
        o.compoundPhraseWeight = max(compoundPhrase, 0)
        o.fusion.mu = fusionMu
        o.fusion.k = fusionK
        o.fusion.depth = max(0, fusionDepth)
        o.fusion.weight = fusionWeight
        if expand {
            var fb = FeedbackParameters()
            fb.documents = fbDocs
            fb.terms = fbTerms
            fb.originalWeight = fbWeight
            fb.maxDocumentFraction = min(max(fbMaxDf, 0), 1)
            fb.fuse = fbFuse > 0
            if fbFuse > 0 { fb.fusedWeight = fbFuse }
            o.feedback = fb
        }
        return o
    }

    func run() throws {
        do {
            let reader = try IndexReader(directory: index)
            let searcher = Searcher(reader: reader)
            if let queries {
                // A TREC run needs every document and nothing but the ranking.
                var o = try makeOptions()
                o.collapse = false
                o.suggest = false
                o.facets = []
                try BatchSearch(searcher: searcher, options: o, format: format).run(file: queries)
                return
            }
            let results = try searcher.search(query!, options: try makeOptions())
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

/// `--match`: how juxtaposed words combine.
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

/// `--sort`: result order.
enum SortArgument: String, ExpressibleByArgument, CaseIterable {
    case relevance, date
    case dateDescending = "-date"
    var order: Searcher.SortOrder {
        switch self {
        case .relevance: return .relevance
        case .date: return .date
        case .dateDescending: return .dateDescending
        }
    }
}

/// `--color`: when to highlight matches in bold.
enum ColorMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }
/// `--format`: output of batch mode.
enum BatchFormat: String, ExpressibleByArgument, CaseIterable { case trec, json }

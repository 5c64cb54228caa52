import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner train-ner`: trains the entity tagger (averaged perceptron) from CoNLL files.
struct TrainNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-ner",
        abstract: "Train the named-entity tagger from CoNLL files (deterministic for a seed).",
        discussion: """
        CoNLL: token first, BIO tag (PER/ORG/LOC/MISC) last, blank line between sentences.
        Gazetteer files: `type<TAB>name` lines, type one of place, country, first, last, org, misc.
        Cluster files: `word<TAB>bit-path` lines (Brown-style paths; prefixes of 4, 8 and up to 14
        bits become features). Scripts/train-ner.sh records the command behind the shipped model.
        Example:
          gleaner train-ner --train a.conll b.conll --dev dev.conll --out Models/ner-en.model
        """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Training CoNLL files.") var train: [String]
    @Option(name: .long, parsing: .upToNextOption, help: "Development CoNLL files (keep the best epoch).") var dev: [String] = []
    @Option(name: .long, help: "Where to write the model.") var out: String
    @Option(name: .long, help: "Seed for the sentence shuffles.") var seed: UInt64 = 1
    @Option(name: .long, help: "Training passes.") var epochs: Int = 12
    @Option(name: .long, help: "log2 of the weight-table rows (size ≈ 18 × 2^bits bytes).") var bits: Int = 19
    @Option(name: .long, parsing: .upToNextOption, help: "Gazetteer TSV files.") var gazetteer: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "Word-cluster TSV files.") var clusters: [String] = []
    @Flag(name: .long, help: "Print no progress.") var quiet = false

    func run() throws {
        do {
            guard (8...24).contains(bits) else { throw GleanerError.usage("--bits must be in 8...24") }
            guard epochs >= 1 else { throw GleanerError.usage("--epochs must be at least 1") }
            // Documents are numbered across files (document-level features never span two).
            func readAll(_ files: [String]) throws -> [CoNLLSentence] {
                var out: [CoNLLSentence] = []
                var offset = 0
                for f in files {
                    var part = try CoNLL.read(path: f)
                    for i in part.indices { part[i].document += offset }
                    offset = (part.last?.document ?? offset) + 1
                    out += part
                }
                return out
            }
            let trainSet = try readAll(train)
            let devSet = try readAll(dev)
            guard !trainSet.isEmpty else { throw GleanerError.usage("no training sentences in \(train.joined(separator: " "))") }
            var builder = LexiconBuilder()
            for f in gazetteer { try GazetteerFile.load(path: f, into: &builder) }
            for f in clusters { try GazetteerFile.loadClusters(path: f, into: &builder) }
            let lexicon = builder.build()
            var options = NERTrainer.Options()
            options.rowBits = bits
            options.epochs = epochs
            options.seed = seed
            let name = { (p: String) in (p as NSString).lastPathComponent }
            let metadata = "gleaner train-ner --train \(train.map(name).joined(separator: " "))"
                + (dev.isEmpty ? "" : " --dev \(dev.map(name).joined(separator: " "))")
                + (gazetteer.isEmpty ? "" : " --gazetteer \(gazetteer.map(name).joined(separator: " "))")
                + (clusters.isEmpty ? "" : " --clusters \(clusters.map(name).joined(separator: " "))")
                + " --seed \(seed) --epochs \(epochs) --bits \(bits); lexicon \(lexicon.count) entries"
            let quiet = self.quiet
            let start = Date()
            let model = NERTrainer(options: options, lexicon: lexicon).train(trainSet, dev: devSet, metadata: metadata) { line in
                if !quiet { FileHandleOutput.stderr(String(format: "[%6.1fs] ", Date().timeIntervalSince(start)) + line + "\n") }
            }
            try model.write(to: out)
            if !quiet { FileHandleOutput.stderr("wrote \(out)\n") }
        } catch { CLIErrors.exit(for: error) }
    }
}

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
        --unannotated TYPES=FILE: FILE (one of the --train files) does not annotate TYPES
        (comma-separated, e.g. MISC): its O tokens may be those types (partial labels).
        --domain NAME=FILE: feature augmentation; every --train file needs a domain, and the
        model keeps the shared weights plus those of --tag-domain (if given).
        Example:
          gleaner train-ner --train a.conll b.conll --dev dev.conll --out Models/ner-en.model
        """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Training CoNLL files.") var train: [String]
    @Option(name: .long, parsing: .upToNextOption, help: "Development CoNLL files (keep the best epoch).") var dev: [String] = []
    @Option(name: .long, help: "Where to write the model.") var out: String
    @Option(name: .long, help: "Seed for the sentence shuffles.") var seed: UInt64 = 1
    @Option(name: .long, help: "Training passes.") var epochs: Int = 12
    @Option(name: .long, help: "Training runs (seeds seed, seed+1, …) whose weights are averaged.") var runs: Int = 1
    @Option(name: .long, help: "log2 of the weight-table rows (size ≈ 18 × 2^bits bytes).") var bits: Int = 19
    @Option(name: .long, parsing: .upToNextOption, help: "Gazetteer TSV files.") var gazetteer: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "Word-cluster TSV files.") var clusters: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "TYPES=FILE: a training file that does not annotate TYPES (e.g. MISC=btc.conll).") var unannotated: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "NAME=FILE: the domain of a training file (feature augmentation).") var domain: [String] = []
    @Option(name: .long, help: "The domain whose weights the model adds to the shared ones.") var tagDomain: String?
    @Flag(name: .long, help: "Print no progress.") var quiet = false

    func run() throws {
        do {
            guard (8...24).contains(bits) else { throw GleanerError.usage("--bits must be in 8...24") }
            guard epochs >= 1 else { throw GleanerError.usage("--epochs must be at least 1") }
            guard (1...64).contains(runs) else { throw GleanerError.usage("--runs must be in 1...64") }
            // Documents are numbered across files (document-level features never span two);
            // `mark` sets what a sentence takes from its file.
            func readAll(_ files: [String], mark: (String, inout CoNLLSentence) -> Void = { _, _ in }) throws -> [CoNLLSentence] {
                var out: [CoNLLSentence] = []
                var offset = 0
                for f in files {
                    var part = try CoNLL.read(path: f)
                    for i in part.indices {
                        part[i].document += offset
                        mark(f, &part[i])
                    }
                    offset = (part.last?.document ?? offset) + 1
                    out += part
                }
                return out
            }
            // NAME=FILE pairs, each FILE one of the --train files.
            func pairs(_ values: [String], _ option: String, _ form: String) throws -> [(key: String, file: String)] {
                try values.map { v in
                    guard let eq = v.firstIndex(of: "="), eq != v.startIndex, v.index(after: eq) != v.endIndex else {
                        throw GleanerError.usage("\(option) takes \(form), got \(v)")
                    }
                    let file = String(v[v.index(after: eq)...])
                    guard train.contains(file) else { throw GleanerError.usage("\(option) \(v): \(file) is not a --train file") }
                    return (String(v[..<eq]), file)
                }
            }
            var missing: [String: UInt8] = [:]
            for (types, file) in try pairs(unannotated, "--unannotated", "TYPES=FILE") {
                for t in types.split(separator: ",") {
                    guard let type = EntityType(label: String(t)) else {
                        throw GleanerError.usage("--unannotated: unknown type \(t) (PER, ORG, LOC, MISC)")
                    }
                    missing[file, default: 0] |= 1 << type.rawValue
                }
            }
            var domainNames: [String] = []
            var domainOf: [String: Int] = [:]
            for (name, file) in try pairs(domain, "--domain", "NAME=FILE") {
                if !domainNames.contains(name) { domainNames.append(name) }
                domainOf[file] = domainNames.firstIndex(of: name)!
            }
            if !domainNames.isEmpty, let f = train.first(where: { domainOf[$0] == nil }) {
                throw GleanerError.usage("--domain: the training file \(f) has no domain")
            }
            var tagDomainIndex: Int? = nil
            if let tagDomain {
                guard let d = domainNames.firstIndex(of: tagDomain) else { throw GleanerError.usage("--tag-domain \(tagDomain) is not a --domain name") }
                tagDomainIndex = d
            }
            let trainSet = try readAll(train) { f, sentence in
                sentence.unannotated = missing[f] ?? 0
                sentence.domain = domainOf[f] ?? 0
            }
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
            options.runs = runs
            options.domains = max(1, domainNames.count)
            options.taggingDomain = tagDomainIndex
            let name = { (p: String) in (p as NSString).lastPathComponent }
            // NAME=FILE with the file's last path component.
            let pairName = { (v: String) -> String in
                guard let eq = v.firstIndex(of: "=") else { return v }
                return String(v[...eq]) + name(String(v[v.index(after: eq)...]))
            }
            let metadata = "gleaner train-ner --train \(train.map(name).joined(separator: " "))"
                + (dev.isEmpty ? "" : " --dev \(dev.map(name).joined(separator: " "))")
                + (gazetteer.isEmpty ? "" : " --gazetteer \(gazetteer.map(name).joined(separator: " "))")
                + (clusters.isEmpty ? "" : " --clusters \(clusters.map(name).joined(separator: " "))")
                + (unannotated.isEmpty ? "" : " --unannotated \(unannotated.map(pairName).joined(separator: " "))")
                + (domain.isEmpty ? "" : " --domain \(domain.map(pairName).joined(separator: " "))")
                + (tagDomain.map { " --tag-domain \($0)" } ?? "")
                + " --seed \(seed)" + (runs > 1 ? " --runs \(runs)" : "") + " --epochs \(epochs) --bits \(bits); lexicon \(lexicon.count) entries"
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

import ArgumentParser
import GleanerCore

/// `gleaner check`: verifies every checksum and cross-reference of an index.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file, checksum and cross-reference of an index.",
        discussion: """
        Exits 0 when the index is sound; otherwise prints one line naming the broken file and exits 1.
        Examples:
          gleaner check
          gleaner check --index /srv/news-index
        """
    )

    @Option(help: "Index folder.") var index: String = "Index"

    func run() throws {
        do {
            let r = try IndexChecker(directory: index).check()
            print("ok: \(index): \(r.documents) documents, \(r.segments) segment\(r.segments == 1 ? "" : "s"), "
                  + "\(r.terms) terms, \(r.postings) postings, \(r.files) files, \(IndexCommand.size(r.bytes)) verified")
        } catch { CLIErrors.exit(for: error) }
    }
}

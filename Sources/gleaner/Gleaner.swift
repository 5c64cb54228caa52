import ArgumentParser
import GleanerCore

/// The `gleaner` command: index a folder of articles and search it.
@main
struct Gleaner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gleaner",
        abstract: "Index a folder of news articles and search what they say.",
        discussion: """
        Examples:
          gleaner index Corpus/                     build Index/ from the articles in Corpus/
          gleaner search "wagner group mercenaries"
          gleaner search '"meat shields"' --json
          gleaner extract page.html --format json
        """,
        version: GleanerVersion.string,
        subcommands: [IndexCommand.self, SearchCommand.self, ShowCommand.self, ExtractCommand.self, CheckCommand.self, StatsCommand.self, ParseFloorCommand.self, FuzzCommand.self, BenchQueryCommand.self, NERCommand.self, TrainNERCommand.self, EntitiesCommand.self]
    )
}

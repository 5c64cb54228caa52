import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner entities`: the corpus's people, organisations and places by document count, or
/// those that co-occur with a query.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List the entities of the corpus, or of a query's matching documents, by document count.",
        discussion: """
        Each entity is counted once per document, under one corpus-wide spelling: short forms,
        case variants and acronyms ("Prigozhin", "NATO") are merged into the full name, and a
        name takes the type most documents give it. With --query the counts are over every
        document the query matches (search syntax, e.g. 'place:bakhmut date:2023-05').
        Examples:
          gleaner entities
          gleaner entities --type person --limit 10
          gleaner entities --query 'org:wagner' --type org
          gleaner entities --query bakhmut --json
        """
    )

    @Option(help: "Only this type: person, org, place or misc.") var type: String?
    @Option(help: "Count over the documents matching this query instead of the whole corpus.") var query: String?
    @Option(help: "Number of entities listed.") var limit: Int = 25
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Index folder.") var index: String = "Index"

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be ≥ 0") }
    }

    func types() throws -> [EntityType] {
        guard let type else { return [] }
        return try type.split(separator: ",").map { name in
            let n = name.trimmingCharacters(in: .whitespaces)
            guard let t = EntityType(label: n) else {
                throw GleanerError.usage("unknown entity type '\(n)' (known: person, org, place, misc)")
            }
            return t
        }
    }

    func run() throws {
        do {
            let types = try types()
            let reader = try IndexReader(directory: index)
            let listing = try EntityLister.list(Searcher(reader: reader), query: query, types: types, limit: limit)
            FileHandle.standardOutput.write(Data(json ? jsonOutput(listing) : Array(human(listing).utf8)))
        } catch { CLIErrors.exit(for: error) }
    }

    func human(_ l: EntityLister.Listing) -> String {
        let scope = query.map { "\(l.documents) document\(l.documents == 1 ? "" : "s") matching \($0)" }
            ?? "\(l.documents) document\(l.documents == 1 ? "" : "s")"
        var out = "Entities in \(scope)\n"
        if l.entities.isEmpty { return out + "  (none)\n" }
        let width = String(l.entities.map(\.documents).max() ?? 0).count
        for e in l.entities {
            let n = String(e.documents)
            out += String(repeating: " ", count: width - n.count + 2) + n + "  " + e.type.facetName.padding(toLength: 7, withPad: " ", startingAt: 0) + e.name
            if !e.variants.isEmpty { out += "  (also: \(e.variants.joined(separator: ", ")))" }
            out += "\n"
        }
        return out
    }

    func jsonOutput(_ l: EntityLister.Listing) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("query", query)
        w.field("documents", l.documents)
        w.key("entities")
        w.beginArray()
        for e in l.entities {
            w.beginObject()
            w.field("name", e.name)
            w.field("type", e.type.facetName)
            w.field("count", e.documents)
            w.key("variants")
            w.beginArray()
            for v in e.variants { w.value(v) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.newline()
        return w.bytes
    }
}

import ArgumentParser
import Foundation
import GleanerCore

/// `gleaner show ID`: prints one stored document — metadata, entities and the clean text.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a stored document by its id.",
        discussion: """
        The id is the one search results print (a path relative to the corpus folder, or a
        JSON Lines id). Exit status 1 when no document has that id.
        Examples:
          gleaner show meridian-daily/2023/prigozhin-claims-wagner-has-taken-bakhmut.html
          gleaner show cp-2023-08-24-0233 --json
        """
    )

    @Argument(help: "The document id.") var id: String
    @Option(help: "Index folder.") var index: String = "Index"
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        do {
            let reader = try IndexReader(directory: index)
            guard let doc = try reader.globalDocument(id: id) else { throw GleanerError.failed("no document with id '\(id)' in \(index)") }
            let stored = try reader.document(doc)
            let (seg, local) = reader.locate(doc)
            let print = String(reader.segments[seg].simhash(UInt32(local)), radix: 16)
            let out = json ? ShowCommand.json(stored, simhash: print) : ShowCommand.human(stored)
            FileHandle.standardOutput.write(Data(out))
        } catch { CLIErrors.exit(for: error) }
    }

    static func human(_ d: StoredDocument) -> [UInt8] {
        var s = (d.title.isEmpty ? d.id : d.title) + "\n"
        for (label, value) in [("id", d.id), ("path", d.path), ("date", d.date), ("author", d.author), ("site", d.site),
                               ("url", d.url), ("language", d.language)] where !value.isEmpty {
            s += "\(label): \(value)\n"
        }
        for field in Field.entityFields {
            let list = d.entities.filter { $0.field == field }
            if list.isEmpty { continue }
            s += "\(field.name): " + list.map { $0.count > 1 ? "\($0.name) (\($0.count))" : $0.name }.joined(separator: ", ") + "\n"
        }
        var out = Array(s.utf8)
        out.append(0x0A)
        out.append(contentsOf: d.text)
        if d.text.last != 0x0A { out.append(0x0A) }
        return out
    }

    static func json(_ d: StoredDocument, simhash: String) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("id", d.id)
        w.field("title", d.title)
        w.field("path", d.path)
        w.field("date", d.date.isEmpty ? nil : d.date)
        w.field("author", d.author.isEmpty ? nil : d.author)
        w.field("site", d.site.isEmpty ? nil : d.site)
        w.field("url", d.url.isEmpty ? nil : d.url)
        w.field("language", d.language.isEmpty ? nil : d.language)
        w.key("entities")
        w.beginArray()
        for e in d.entities {
            w.beginObject()
            w.field("type", e.field.name)
            w.field("name", e.name)
            w.field("count", e.count)
            w.endObject()
        }
        w.endArray()
        w.field("simhash", simhash)
        w.field("text", String(decoding: d.text, as: UTF8.self))
        w.endObject()
        w.newline()
        return w.bytes
    }
}

import Foundation

/// Adds the entity layer's output to documents before they are inverted: each document gets
/// its people, organisations, places and other names as `StoredEntity` facets.
///
/// One instance per worker (it owns a tagger's scratch state and the tokenizer's buffers; the
/// model is shared).
public struct EntityAnnotator {
    var tagger: NERTagger
    var scratch = MentionScratch()

    /// An annotator over the shipped model, or nil when the model cannot be loaded.
    public static func makeDefault() -> EntityAnnotator? {
        guard let recognizer = try? EntityRecognizer.loadDefault() else { return nil }
        return EntityAnnotator(tagger: recognizer.makeTagger())
    }

    public init(tagger: NERTagger) {
        self.tagger = tagger
    }

    public static func field(for type: EntityType) -> Field {
        switch type {
        case .person: return .person
        case .organization: return .organization
        case .place: return .place
        case .misc: return .misc
        }
    }

    /// Sets `doc.entities` from its title and text. Never inlined: one call per document, and
    /// a symbol profilers can count the entity layer by (`callgrind --toggle-collect`).
    @inline(never)
    public mutating func annotate(_ doc: inout StoredDocument) {
        let found = EntityRecognizer.documentEntities(title: doc.title, body: doc.text, tagger: &tagger, scratch: &scratch)
        doc.entities = EntityAnnotator.facets(found, of: doc)
    }

    /// The facets of a document's entities, minus the names that describe the page rather than
    /// the story: the site's own name (page metadata, `StoredDocument.site`: "Meridian Daily"
    /// in "…has not been edited by Meridian Daily staff") and the byline's author, who is the
    /// `author:` field, not a subject of the article.
    public static func facets(_ found: [DocumentEntity], of doc: StoredDocument) -> [StoredEntity] {
        let site = ownName(doc.site)
        let author = ownName(doc.author)
        return found.compactMap { e in
            if !site.isEmpty && isOwnName(e.name, site) { return nil }
            if !author.isEmpty && e.type == .person && isOwnName(e.name, author) { return nil }
            return StoredEntity(field: field(for: e.type), name: e.name, count: e.count)
        }
    }

    /// `ownName(name) == folded` (`folded` an `ownName`), without building the folded name when
    /// both are ASCII: spaces and tabs trimmed, a leading "the " skipped, the rest compared
    /// case-insensitively, byte by byte.
    static func isOwnName(_ name: String, _ folded: String) -> Bool {
        let fast: Bool?? = NameText.ascii(folded) { f in
            NameText.ascii(name) { b -> Bool in
                var lo = 0, hi = b.count
                while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
                while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
                @inline(__always) func lower(_ c: UInt8) -> UInt8 { NameText.isUpper(c) ? c | 0x20 : c }
                if hi - lo >= 4 && lower(b[lo]) == 0x74 && lower(b[lo + 1]) == 0x68 && lower(b[lo + 2]) == 0x65 && b[lo + 3] == 0x20 {
                    lo += 4
                }
                guard hi - lo == f.count else { return false }
                for j in 0 ..< f.count where lower(b[lo + j]) != f[j] { return false }
                return true
            }
        }
        if let answer = fast ?? nil { return answer }
        return ownName(name) == folded
    }

    /// A folded name for comparing page metadata with entity names: case, typography and a
    /// leading "the" ignored ("The Harbour Ledger" = "Harbour Ledger").
    static func ownName(_ s: String) -> String {
        var k = DocumentEntityResolver.key(Trimming.spaces(s))
        if k.hasPrefix("the ") { k.removeFirst(4) }
        return k
    }
}

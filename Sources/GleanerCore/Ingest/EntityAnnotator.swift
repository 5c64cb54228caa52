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
            let name = ownName(e.name)
            if !site.isEmpty && name == site { return nil }
            if !author.isEmpty && e.type == .person && name == author { return nil }
            return StoredEntity(field: field(for: e.type), name: e.name, count: e.count)
        }
    }

    /// A folded name for comparing page metadata with entity names: case, typography and a
    /// leading "the" ignored ("The Harbour Ledger" = "Harbour Ledger").
    static func ownName(_ s: String) -> String {
        var k = DocumentEntityResolver.key(Trimming.spaces(s))
        if k.hasPrefix("the ") { k.removeFirst(4) }
        return k
    }
}

/// Adds the entity layer's output to documents before they are inverted: each document gets
/// its people, organisations, places and other names as `StoredEntity` facets.
///
/// One instance per worker (it owns a tagger's scratch state; the model is shared).
public struct EntityAnnotator {
    var tagger: NERTagger

    /// An annotator over the shipped model, or nil when the model cannot be loaded.
    public static func makeDefault() -> EntityAnnotator? {
        guard let recognizer = try? EntityRecognizer.loadDefault() else { return nil }
        return EntityAnnotator(tagger: recognizer.makeTagger())
    }

    public static func field(for type: EntityType) -> Field {
        switch type {
        case .person: return .person
        case .organization: return .organization
        case .place: return .place
        case .misc: return .misc
        }
    }

    /// Sets `doc.entities` from its title and text.
    public mutating func annotate(_ doc: inout StoredDocument) {
        let found = EntityRecognizer.documentEntities(title: doc.title, body: doc.text, tagger: &tagger)
        doc.entities = found.map { StoredEntity(field: EntityAnnotator.field(for: $0.type), name: $0.name, count: $0.count) }
    }
}

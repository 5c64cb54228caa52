/// The indexed fields of a document. The raw value prefixes every term key on disk
/// (`[field byte] + term bytes`), so one term dictionary serves all fields.
///
/// `body` and `title` are the text that ranking scores; the others are metadata and entity
/// fields that queries filter on (`site:`, `author:`, `lang:`, `person:`, `org:`, `place:`,
/// `entity:`). All are analysed the same way, so `org:wagner` matches "Wagner Group"; several
/// values of one field are kept `valueGap` positions apart so phrases never span two values.
public enum Field: UInt8, CaseIterable, Sendable {
    case body = 0
    case title = 1
    case site = 2
    case author = 3
    case language = 4
    case person = 5
    case organization = 6
    case place = 7
    case misc = 8

    /// Position gap between two values of a multi-valued field.
    public static let valueGap = 100

    public var name: String {
        switch self {
        case .body: return "body"
        case .title: return "title"
        case .site: return "site"
        case .author: return "author"
        case .language: return "language"
        case .person: return "person"
        case .organization: return "org"
        case .place: return "place"
        case .misc: return "misc"
        }
    }

    /// Whether the field's postings keep token positions: the ranked text fields, body and
    /// title. The value fields (site, author, language, entities) hold a few short values each,
    /// so a phrase in them is verified against the document's stored values instead
    /// (`StoredValuePhraseScorer`) and their postings keep only frequencies.
    @inline(__always)
    public var hasPositions: Bool { self == .body || self == .title }

    /// Whether terms of the field byte `raw` keep positions (an unknown byte: assumed to).
    @inline(__always)
    public static func hasPositions(_ raw: UInt8) -> Bool { Field(rawValue: raw)?.hasPositions ?? true }

    /// The entity fields, in facet order.
    public static let entityFields: [Field] = [.person, .organization, .place, .misc]
}

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

    /// The entity fields, in facet order.
    public static let entityFields: [Field] = [.person, .organization, .place, .misc]
}

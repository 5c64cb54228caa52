/// The indexed text fields of a document. The raw value prefixes every term key on disk
/// (`[field byte] + term bytes`), so one term dictionary serves all fields.
public enum Field: UInt8, CaseIterable, Sendable {
    case body = 0
    case title = 1

    public var name: String {
        switch self {
        case .body: return "body"
        case .title: return "title"
        }
    }
}

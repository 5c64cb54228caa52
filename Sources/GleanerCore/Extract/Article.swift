/// What extraction keeps of one page: the article body and its metadata.
///
/// `body` is UTF-8: paragraphs (and in-body sub-headings and list items) separated by a blank
/// line. Metadata fields are nil when the page does not say.
public struct Article: Sendable, Equatable {
    public var title: String
    public var author: String?
    /// Publication date, ISO 8601 (`YYYY-MM-DD` or a full timestamp as the page gives it).
    public var date: String?
    public var siteName: String?
    public var url: String?
    public var language: String?
    public var body: [UInt8]

    public init(title: String = "", author: String? = nil, date: String? = nil, siteName: String? = nil,
                url: String? = nil, language: String? = nil, body: [UInt8] = []) {
        self.title = title
        self.author = author
        self.date = date
        self.siteName = siteName
        self.url = url
        self.language = language
        self.body = body
    }

    /// The body as a String.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// One input file found under a corpus root, with what decides how it is read.
public struct CorpusFile: Sendable, Equatable {
    /// How the file's contents are turned into documents.
    public enum Kind: String, Sendable, Codable {
        case html, text, markdown, jsonl
    }

    /// Path to open (as given, joined with the root).
    public var path: String
    /// Path relative to its corpus root: the document id for single-document files.
    public var relativePath: String
    public var kind: Kind
    public var size: Int
    /// Modification time in nanoseconds since the epoch.
    public var mtime: Int64

    public init(path: String, relativePath: String, kind: Kind, size: Int, mtime: Int64) {
        self.path = path
        self.relativePath = relativePath
        self.kind = kind
        self.size = size
        self.mtime = mtime
    }

    /// The kind for a file name, or nil when Gleaner does not read such files.
    public static func kind(forName name: String) -> Kind? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "html", "htm", "xhtml", "shtml": return .html
        case "txt", "text": return .text
        case "md", "markdown": return .markdown
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }
}

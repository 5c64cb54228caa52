import Foundation

/// Reads one corpus file into documents: HTML pages through `ArticleExtractor`, text and
/// Markdown through `PlainTextReader`, JSON Lines one article object per line.
///
/// Never throws: problems come back as `LoadResult.problems` (path plus reason), so one bad
/// file, or one bad JSONL line, costs only itself. One instance per worker thread.
public struct DocumentLoader {
    /// Documents and problems from one file.
    public struct LoadResult: Sendable {
        public var documents: [StoredDocument] = []
        public var problems: [Problem] = []
        /// CRC-32 of the file's bytes (0 when it could not be read).
        public var crc32: UInt32 = 0
        /// The bytes matched the CRC the caller already had: nothing was parsed.
        public var unchanged = false
    }

    /// A file (or part of one) that could not be indexed, and why.
    public struct Problem: Sendable, Equatable, Codable {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) { self.path = path; self.reason = reason }
    }

    let extractor = ArticleExtractor()
    let textReader = PlainTextReader()
    /// The extractor's class/id kinds, kept from page to page (this loader's thread only).
    private let classCache = ClassCacheBox()

    public init() {}

    /// Reads and parses `file`. When `unlessCRC` is given and the file's bytes still have that
    /// CRC-32, parsing is skipped and `unchanged` is set.
    public func load(_ file: CorpusFile, unlessCRC: UInt32? = nil) -> LoadResult {
        var result = LoadResult()
        let bytes: [UInt8]
        do { bytes = try FileIO.read(file.path, limit: CorpusWalker.maxFileBytes) } catch let e as GleanerError {
            result.problems.append(Problem(path: file.path, reason: DocumentLoader.reason(e)))
            return result
        } catch {
            result.problems.append(Problem(path: file.path, reason: "\(error)"))
            return result
        }
        result.crc32 = CRC32.checksum(bytes)
        if let unlessCRC, unlessCRC == result.crc32 {
            result.unchanged = true
            return result
        }
        if bytes.isEmpty {
            result.problems.append(Problem(path: file.path, reason: "empty file"))
            return result
        }
        if DocumentLoader.looksBinary(bytes) {
            result.problems.append(Problem(path: file.path, reason: "binary file (not text or HTML)"))
            return result
        }
        switch file.kind {
        case .html:
            do {
                let article = try extractor.extract(html: bytes, path: file.path, classCache: &classCache.value)
                append(StoredDocument(id: file.relativePath, path: file.relativePath, article: article), file: file, to: &result)
            } catch let e as GleanerError {
                result.problems.append(Problem(path: file.path, reason: DocumentLoader.reason(e)))
            } catch {
                result.problems.append(Problem(path: file.path, reason: "\(error)"))
            }
        case .text, .markdown:
            let article = textReader.read(bytes, path: file.path, markdown: file.kind == .markdown)
            append(StoredDocument(id: file.relativePath, path: file.relativePath, article: article), file: file, to: &result)
        case .jsonl:
            loadJSONL(bytes, file: file, into: &result)
        }
        return result
    }

    private func append(_ doc: StoredDocument, file: CorpusFile, to result: inout LoadResult) {
        if doc.text.isEmpty && doc.title.isEmpty {
            result.problems.append(Problem(path: file.path, reason: "no article text found"))
        } else {
            result.documents.append(doc)
        }
    }

    private func loadJSONL(_ bytes: [UInt8], file: CorpusFile, into result: inout LoadResult) {
        var lineNumber = 0
        var start = 0
        let repaired = PageEncoding.repairUTF8(bytes)
        while start < repaired.count {
            let end = repaired[start...].firstIndex(of: 0x0A) ?? repaired.count
            lineNumber += 1
            let line = repaired[start ..< end]
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let location = "\(file.path):\(lineNumber)"
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                result.problems.append(Problem(path: location, reason: "malformed JSON line"))
                continue
            }
            func string(_ keys: String...) -> String? {
                for k in keys {
                    if let s = obj[k] as? String { return s }
                    if let n = obj[k] as? NSNumber { return n.stringValue }
                }
                return nil
            }
            let id = string("_id", "id") ?? "\(file.relativePath)#\(lineNumber)"
            let text = string("text", "body", "content") ?? ""
            var builder = TextBuilder()
            for para in text.components(separatedBy: "\n\n") { builder.appendBlock(Array(para.utf8)) }
            let article = Article(title: string("title", "headline") ?? "", author: string("author", "byline"),
                                  date: string("date", "published", "datePublished").flatMap(DateParser.isoDate),
                                  siteName: string("site", "source"), url: string("url", "link"),
                                  language: string("lang", "language"), body: builder.bytes)
            append(StoredDocument(id: id, path: file.relativePath, article: article), file: CorpusFile(path: location, relativePath: file.relativePath, kind: .jsonl, size: 0, mtime: 0), to: &result)
        }
    }

    /// NUL bytes in the first 8 KB (outside UTF-16 with a BOM) mean a binary file.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) { return false }
        let n = min(bytes.count, 8192)
        var nul = 0
        for i in 0 ..< n where bytes[i] == 0 { nul += 1 }
        return nul > 0
    }

    static func reason(_ e: GleanerError) -> String {
        switch e {
        case let .parse(_, reason): return reason
        case let .io(_, errno, operation): return "\(operation) failed: \(String(cString: strerror(errno)))"
        default: return e.description
        }
    }
}

/// The class-kind cache a `DocumentLoader` keeps across pages (a box, so that `load` stays
/// non-mutating).
final class ClassCacheBox {
    var value: [UInt64: BoilerplateKind] = [:]
}

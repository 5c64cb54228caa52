import CLibXML2
import Foundation

/// Reads an article's metadata from a page: headline, author, date, site, canonical URL, language.
///
/// Sources in order of trust: JSON-LD (`NewsArticle`/`Article`), OpenGraph and `article:` meta
/// tags, named meta tags, `<time>`/`itemprop`, `<h1>`, `<title>` minus a site suffix, URL dates.
public struct MetadataReader {
    public var metas: [String: String] = [:]
    public var jsonLD: [String: Any] = [:]
    public var titleTag: String?
    public var firstH1: String?
    public var firstTime: String?
    public var itemprops: [String: String] = [:]
    public var canonical: String?
    public var language: String?
    public var relAuthor: String?
    /// The name in the first byline element reading "By Anna Reyes, Wire Service".
    public var bylineAuthor: String?

    public init() {}

    /// Reads every metadata element of `<head>` (iteratively; heads are shallow but need not be).
    mutating func collectHead(_ head: xmlNodePtr) {
        var node = head.pointee.children
        var depth = 0
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                let tag = Tag.of(n)
                visit(n, tag)
                if tag != .script && tag != .style && tag != .title, let c = n.pointee.children {
                    node = c; depth += 1; continue
                }
            }
            var cur = n
            node = nil
            while true {
                if let next = cur.pointee.next { node = next; break }
                guard depth > 0, let p = cur.pointee.parent else { break }
                cur = p
                depth -= 1
            }
        }
    }

    /// Reads one metadata-bearing element found by the page walk.
    mutating func visit(_ node: xmlNodePtr, _ tag: Tag) {
        switch tag {
        case .html:
            if language == nil { language = DOM.attribute(node, "lang") ?? DOM.attribute(node, "xml:lang") }
        case .meta:
            let key = (DOM.attribute(node, "property") ?? DOM.attribute(node, "name") ?? DOM.attribute(node, "itemprop") ?? "").lowercased()
            if !key.isEmpty, let content = DOM.attribute(node, "content"), metas[key] == nil {
                metas[key] = Trimming.spacesAndNewlines(content)
            }
            if let equiv = DOM.attribute(node, "http-equiv")?.lowercased(), equiv == "content-language",
               let content = DOM.attribute(node, "content") { metas["content-language"] = content }
        case .title:
            if titleTag == nil { titleTag = DOM.text(node) }
        case .h1:
            if firstH1 == nil { let t = DOM.text(node); if !t.isEmpty { firstH1 = t } }
        case .time:
            if firstTime == nil { firstTime = DOM.attribute(node, "datetime") ?? DOM.text(node) }
        case .link:
            if canonical == nil, let rel = DOM.attribute(node, "rel")?.lowercased(), rel == "canonical" { canonical = DOM.attribute(node, "href") }
        case .script:
            if let type = DOM.attributeBytes(node, "type"), ByteText.containsLowered(type, "ld+json") {
                readJSONLD(DOM.rawText(node))
            }
        case .a:
            if relAuthor == nil, let rel = DOM.attributeBytes(node, "rel"), ByteText.containsLowered(rel, "author") {
                relAuthor = DOM.text(node)
            }
        default:
            break
        }
    }

    /// Records an `itemprop` value (headline, author, datePublished…); the value is the element's
    /// `content` or `datetime` attribute, else its text.
    mutating func itemprop(_ raw: UnsafeBufferPointer<UInt8>, node: xmlNodePtr) {
        let prop = ByteText.lowerString(raw, max: 40)
        guard MetadataReader.itempropKeys.contains(prop), itemprops[prop] == nil else { return }
        let value = DOM.attribute(node, "content") ?? DOM.attribute(node, "datetime") ?? DOM.text(node)
        if !value.isEmpty && value.count < 200 { itemprops[prop] = value }
    }

    static let itempropKeys: Set<String> = ["headline", "author", "datepublished", "datecreated", "publisher", "inlanguage"]

    /// The body text a page declares in JSON-LD (`articleBody`), if any.
    public var declaredArticleBody: String? { jsonLD["articleBody"] as? String }

    mutating func readJSONLD(_ text: String) {
        guard let data = text.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        func visit(_ o: Any) {
            if let arr = o as? [Any] { arr.forEach(visit); return }
            guard let dict = o as? [String: Any] else { return }
            if let graph = dict["@graph"] { visit(graph) }
            let types: [String] = (dict["@type"] as? [String]) ?? ((dict["@type"] as? String).map { [$0] } ?? [])
            if types.contains(where: { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }) && jsonLD.isEmpty {
                jsonLD = dict
            }
        }
        visit(obj)
    }

    static func name(of value: Any?) -> String? {
        if let s = value as? String { return s }
        if let d = value as? [String: Any] { return d["name"] as? String }
        if let a = value as? [Any] {
            let names = a.compactMap { name(of: $0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }

    /// The site name: og:site_name, JSON-LD publisher, application-name.
    public var siteName: String? {
        metas["og:site_name"] ?? MetadataReader.name(of: jsonLD["publisher"]) ?? metas["application-name"]
    }

    /// The headline, preferring `<h1>` when it agrees with the other sources (or there are none).
    public var title: String {
        let og = metas["og:title"] ?? metas["twitter:title"] ?? (jsonLD["headline"] as? String) ?? itemprops["headline"]
        let cleanedTitle = titleTag.map { stripSiteSuffix($0) }
        if let h1 = firstH1, h1.count > 5 {
            let others = [og, cleanedTitle].compactMap { $0 }.filter { !$0.isEmpty }
            if others.isEmpty || others.contains(where: { MetadataReader.agree(h1, $0) }) { return h1 }
        }
        if let og, !og.isEmpty { return stripSiteSuffix(og) }
        if let t = cleanedTitle, !t.isEmpty { return t }
        return firstH1 ?? ""
    }

    /// Two headlines agree when they start alike (case-insensitively) for 20 characters, or for the
    /// whole of the shorter one.
    static func agree(_ a: String, _ b: String) -> Bool {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        let need = min(20, x.count, y.count)
        guard need > 0 else { return false }
        for i in 0 ..< need where x[i] != y[i] { return false }
        return true
    }

    func stripSiteSuffix(_ t: String) -> String {
        for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
            if let r = t.range(of: sep, options: .backwards) {
                let head = String(t[..<r.lowerBound])
                let tail = t[r.upperBound...]
                if tail.count < head.count && tail.count <= 40 { return Trimming.spaces(head) }
            }
        }
        return Trimming.spaces(t)
    }

    /// The author(s) as the page names them.
    public var author: String? {
        var candidates: [String?] = [MetadataReader.name(of: jsonLD["author"]), metas["author"], metas["article:author"],
                                     metas["byl"], metas["dc.creator"], itemprops["author"], itemprops["name"].flatMap { _ in nil }, relAuthor]
        candidates.append(bylineAuthor)
        candidates.removeAll { $0 == nil }
        for c in candidates {
            guard let c else { continue }
            var a = Trimming.spacesAndNewlines(c)
            guard !a.isEmpty else { continue }
            if a.hasPrefix("http") { continue }
            if a.lowercased().hasPrefix("by ") { a = String(a.dropFirst(3)) }
            return a
        }
        return nil
    }

    /// The name in a visible byline: "By Anna Reyes, Continental Press | 14 March" → "Anna Reyes".
    /// Nil when the text does not start with "By" or looks like anything but a short name.
    static func author(fromByline text: String) -> String? {
        var t = Substring(Trimming.spacesAndNewlines(text))
        guard t.lowercased().hasPrefix("by ") else { return nil }
        t = t.dropFirst(3)
        if let cut = t.firstIndex(where: { ",|·•–—\n(".contains($0) }) { t = t[..<cut] }
        let name = Trimming.spaces(t)
        let words = name.split(separator: " ")
        guard !words.isEmpty, words.count <= 8, !name.contains(where: \.isNumber),
              words.allSatisfy({ $0.first?.isUppercase == true || ["and", "de", "van", "von", "der", "la", "le", "da", "di"].contains($0) })
        else { return nil }
        return name
    }

    /// The publication date as `YYYY-MM-DD`.
    public var date: String? {
        let sources: [String?] = [jsonLD["datePublished"] as? String, metas["article:published_time"], metas["og:published_time"],
                                  metas["date"], metas["pubdate"], metas["publishdate"], metas["dc.date"], metas["dc.date.issued"],
                                  metas["sailthru.date"], itemprops["datepublished"], firstTime, jsonLD["dateCreated"] as? String]
        for s in sources {
            if let s, let d = DateParser.isoDate(s) { return d }
        }
        if let url = canonical ?? metas["og:url"], let d = DateParser.dateInURL(url) { return d }
        return nil
    }

    public var url: String? { canonical ?? metas["og:url"] }

    public var lang: String? {
        let raw = language ?? metas["content-language"] ?? metas["og:locale"] ?? (jsonLD["inLanguage"] as? String)
        guard let raw, !raw.isEmpty else { return nil }
        return String(raw.lowercased().prefix(while: { $0.isLetter }))
    }
}

extension DOM {
    /// The raw text content (scripts included), for JSON-LD.
    public static func rawText(_ node: xmlNodePtr) -> String {
        var out = ""
        var child = node.pointee.children
        while let c = child {
            if let content = c.pointee.content { out += String(cString: content) }
            child = c.pointee.next
        }
        return out
    }
}

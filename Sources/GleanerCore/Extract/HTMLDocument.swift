import CLibXML2

/// A parsed HTML page: owns libxml2's document tree and frees it on deinit.
///
/// Parsing recovers from broken markup (libxml2's HTML parser never gives up on bad tags) and
/// decodes according to `PageEncoding`. Not thread-safe; one document per thread at a time.
public final class HTMLDocument {
    public let doc: htmlDocPtr

    /// Calls libxml2's one-time global set-up; safe to call many times, from the main thread first.
    public static let initialize: Void = {
        xmlInitParser()
        gleaner_xmlSilenceErrors()
    }()

    /// Parses `bytes`. Throws `GleanerError.parse` naming `path` when libxml2 returns no tree.
    public init(bytes: UnsafeBufferPointer<UInt8>, path: String) throws {
        _ = HTMLDocument.initialize
        guard bytes.count > 0 else { throw GleanerError.parse(path: path, reason: "empty file") }
        if HTMLDocument.looksBinary(bytes) { throw GleanerError.parse(path: path, reason: "binary file (NUL bytes), not HTML") }
        let decision = PageEncoding.decide(bytes)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue)
            | Int32(XML_PARSE_HUGE.rawValue)
        func parse(_ input: UnsafeBufferPointer<UInt8>) -> htmlDocPtr? {
            input.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, decision.encoding, options)
            }
        }
        let parsed: htmlDocPtr?
        if let repaired = decision.repaired {
            parsed = repaired.withUnsafeBufferPointer { parse($0) }
        } else {
            parsed = parse(bytes)
        }
        guard let parsed else { throw GleanerError.parse(path: path, reason: "libxml2 could not parse the page") }
        guard xmlDocGetRootElement(parsed) != nil else {
            xmlFreeDoc(parsed)
            throw GleanerError.parse(path: path, reason: "no HTML elements in the page")
        }
        doc = parsed
    }

    /// NUL bytes in the first 8 KB mean a binary file, unless a UTF-16 byte order mark says otherwise.
    static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) { return false }
        let n = min(bytes.count, 8192)
        for i in 0 ..< n where bytes[i] == 0 { return true }
        return false
    }

    deinit { xmlFreeDoc(doc) }

    /// The `<html>` element, if any.
    public var root: xmlNodePtr? { xmlDocGetRootElement(doc) }
}

/// Cheap read-only helpers over libxml2 nodes (no allocation, no String unless asked).
public enum DOM {
    /// The element's lower-case tag name as a String ("" for non-elements).
    @inline(__always)
    public static func name(_ node: xmlNodePtr) -> String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n)
    }

    /// Whether the node's name equals `tag` (ASCII, case-sensitive; libxml2 lower-cases HTML tags).
    @inline(__always)
    public static func isTag(_ node: xmlNodePtr, _ tag: StaticString) -> Bool {
        guard let n = node.pointee.name else { return false }
        return strcmp(UnsafeRawPointer(n).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(tag.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// Whether a NUL-terminated attribute name equals `name` (lower-case ASCII), ignoring case.
    @inline(__always)
    static func nameEquals(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let q = name.utf8Start
        let m = name.utf8CodeUnitCount
        for k in 0 ..< m where ByteText.lower(p[k]) != q[k] { return false }
        return p[m] == 0
    }

    /// The bytes of attribute `name` (lower-case), pointing into the tree (valid while the document lives).
    /// Reads only the first text child, which is the whole value for the HTML parser.
    public static func attributeBytes(_ node: xmlNodePtr, _ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        var attr = node.pointee.properties
        while let a = attr {
            if let an = a.pointee.name, nameEquals(an, name) { return valueBytes(a) }
            attr = a.pointee.next
        }
        return nil
    }

    /// The value of an attribute node as bytes (empty when the attribute has no value).
    @inline(__always)
    static func valueBytes(_ a: xmlAttrPtr) -> UnsafeBufferPointer<UInt8> {
        guard let c = a.pointee.children, let content = c.pointee.content else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
    }

    /// The value of attribute `name`, or nil. `name` must be lower-case.
    public static func attribute(_ node: xmlNodePtr, _ name: StaticString) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let an = a.pointee.name {
                if nameEquals(an, name) {
                    var out: [UInt8] = []
                    var child = a.pointee.children
                    while let c = child {
                        if let content = c.pointee.content {
                            out.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                        }
                        child = c.pointee.next
                    }
                    return String(decoding: out, as: UTF8.self)
                }
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// All text under `node`, whitespace collapsed to single spaces and trimmed.
    public static func text(_ node: xmlNodePtr) -> String {
        var out: [UInt8] = []
        appendText(node, to: &out)
        return String(decoding: TextBuilder.collapse(out), as: UTF8.self)
    }

    /// Appends the text under `start` (scripts and styles skipped), a space at block edges.
    /// Iterative, so any nesting depth is safe. O(subtree).
    static func appendText(_ start: xmlNodePtr, to out: inout [UInt8]) {
        var node = start
        while true {
            var descend = false
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                if let c = node.pointee.content { out.append(contentsOf: UnsafeBufferPointer(start: c, count: Int(xmlStrlen(c)))) }
            } else if node.pointee.type == XML_ELEMENT_NODE {
                let tag = Tag.of(node)
                if tag.isBlock { out.append(0x20) }
                descend = !(tag == .script || tag == .style || tag == .template || tag == .noscript)
            }
            if descend, let c = node.pointee.children { node = c; continue }
            var n = node
            while true {
                if n == start { return }
                if let next = n.pointee.next { node = next; break }
                guard let p = n.pointee.parent else { return }
                n = p
                if Tag.of(n).isBlock { out.append(0x20) }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

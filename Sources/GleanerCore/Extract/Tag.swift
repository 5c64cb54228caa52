import CLibXML2

/// The HTML elements the extractor tells apart; every other name is `.other` (laid out inline).
///
/// Classified from libxml2's lower-cased name bytes with one dictionary probe on a packed
/// `UInt64`; no String is built per element.
enum Tag: UInt8 {
    case other
    case html, body, head, title, meta, link, base
    case script, style, noscript, template, svg, math, iframe, object, embed, video, audio, canvas, map
    case button, select, option, input, textarea, label, form, fieldset
    case nav, footer, header, aside, menu, dialog
    case figure, figcaption, picture, img, source
    case p, div, section, article, main
    case h1, h2, h3, h4, h5, h6
    case li, ul, ol, dl, dd, dt
    case blockquote, pre, table, tr, td, th, tbody, thead, tfoot, caption
    case center, address, hr, br, details, summary
    case a, time, span, em, strong, b, i, u, small, sup, sub, code, font, cite, q, abbr

    /// Elements whose whole subtree never holds article text (scripts, media, form controls, `<head>`).
    var isSkipped: Bool {
        switch self {
        case .head, .title, .meta, .link, .base, .script, .style, .noscript, .template, .svg, .math, .iframe,
             .object, .embed, .video, .audio, .canvas, .map, .button, .select, .option, .input, .textarea,
             .label, .img, .picture, .source:
            return true
        default:
            return false
        }
    }

    /// Elements that start and end a block of text (a paragraph boundary).
    var isBlock: Bool {
        switch self {
        case .body, .form, .fieldset, .nav, .footer, .header, .aside, .menu, .dialog, .figure, .figcaption,
             .p, .div, .section, .article, .main, .h1, .h2, .h3, .h4, .h5, .h6, .li, .ul, .ol, .dl, .dd, .dt,
             .blockquote, .pre, .table, .tr, .tbody, .thead, .tfoot, .caption, .center, .address,
             .hr, .br, .details, .summary, .html:
            return true
        default:
            return false
        }
    }

    /// Table cells: not block boundaries (a row reads as one line) but separated by a space.
    var isCell: Bool { self == .td || self == .th }

    var isHeading: Bool { self.rawValue >= Tag.h1.rawValue && self.rawValue <= Tag.h6.rawValue }

    /// Sub-headings that may appear inside an article body (h2–h6).
    var isSubheading: Bool { self.rawValue >= Tag.h2.rawValue && self.rawValue <= Tag.h6.rawValue }

    /// Lists, tables and their parts.
    var isListOrTable: Bool {
        switch self {
        case .ul, .ol, .dl, .table, .tbody, .thead, .tfoot, .tr: return true
        default: return false
        }
    }

    private static let names: [String: Tag] = [
        "html": .html, "body": .body, "head": .head, "title": .title, "meta": .meta, "link": .link, "base": .base,
        "script": .script, "style": .style, "noscript": .noscript, "template": .template, "svg": .svg, "math": .math,
        "iframe": .iframe, "object": .object, "embed": .embed, "video": .video, "audio": .audio, "canvas": .canvas,
        "map": .map, "button": .button, "select": .select, "option": .option, "input": .input, "textarea": .textarea,
        "label": .label, "form": .form, "fieldset": .fieldset, "nav": .nav, "footer": .footer, "header": .header,
        "aside": .aside, "menu": .menu, "dialog": .dialog, "figure": .figure, "figcaption": .figcaption,
        "picture": .picture, "img": .img, "source": .source, "p": .p, "div": .div, "section": .section,
        "article": .article, "main": .main, "h1": .h1, "h2": .h2, "h3": .h3, "h4": .h4, "h5": .h5, "h6": .h6,
        "li": .li, "ul": .ul, "ol": .ol, "dl": .dl, "dd": .dd, "dt": .dt, "blockquote": .blockquote, "pre": .pre,
        "table": .table, "tr": .tr, "td": .td, "th": .th, "tbody": .tbody, "thead": .thead, "tfoot": .tfoot,
        "caption": .caption, "center": .center, "address": .address, "hr": .hr, "br": .br, "details": .details,
        "summary": .summary, "a": .a, "time": .time, "span": .span, "em": .em, "strong": .strong, "b": .b, "i": .i,
        "u": .u, "small": .small, "sup": .sup, "sub": .sub, "code": .code, "font": .font, "cite": .cite, "q": .q,
        "abbr": .abbr, "amp-img": .img,
    ]

    /// Names packed into a UInt64 key: up to 10 bytes (a–z, 0–9, '-'), 6 bits each.
    private static let byKey: [UInt64: Tag] = {
        var t: [UInt64: Tag] = [:]
        for (name, tag) in names {
            let key = (Array(name.utf8) + [0]).withUnsafeBufferPointer { pack($0.baseAddress!) }
            t[key!] = tag
        }
        return t
    }()

    @inline(__always)
    private static func pack(_ p: UnsafePointer<UInt8>) -> UInt64? {
        var key: UInt64 = 0
        var i = 0
        while true {
            let c = p[i]
            if c == 0 { return key }
            if i == 10 { return nil }
            let v: UInt64
            switch c {
            case 0x61 ... 0x7A: v = UInt64(c - 0x61) + 1
            case 0x30 ... 0x39: v = UInt64(c - 0x30) + 27
            case 0x2D: v = 37
            default: return nil
            }
            key = (key << 6) | v
            i += 1
        }
    }

    /// The tag of a libxml2 element name (NUL-terminated, lower-case for HTML).
    @inline(__always)
    static func of(_ name: UnsafePointer<UInt8>?) -> Tag {
        guard let name, let key = pack(name) else { return .other }
        return byKey[key] ?? .other
    }

    static func of(_ node: xmlNodePtr) -> Tag { of(node.pointee.name) }
}

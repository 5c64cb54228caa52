import CLibXML2

/// Rules that recognise boilerplate elements by tag, class/id, role and visibility.
///
/// `ArticleExtractor` applies them only below the chosen article container, so a page-wide
/// wrapper named `paywall` or `has-comments` cannot remove the article itself; scoring uses them
/// to keep comment threads, related lists and sidebars from winning.
public enum Boilerplate {
    typealias K = BoilerplateKind

    /// Class/id patterns (lower-cased). Word patterns must not touch letters on either side.
    static let classPatterns = ClassPatternSet([
        // comment threads and comment forms
        ("comment", .substring, K.comments), ("disqus", .substring, K.comments), ("respond", .substring, K.comments),
        ("reply", .substring, K.comments), ("discussion", .substring, K.comments), ("replies", .substring, K.comments),
        ("coral", .word, K.comments), ("talk", .word, K.comments),
        // share / follow bars
        ("share", .substring, K.share), ("sharing", .substring, K.share), ("social", .substring, K.share),
        ("follow", .word, K.share), ("sociable", .substring, K.share), ("addthis", .substring, K.share),
        ("print", .word, K.share), ("email", .word, K.share), ("tools", .word, K.share), ("toolbar", .substring, K.share),
        // related / recommended / more stories
        ("related", .substring, K.related), ("recommend", .substring, K.related), ("trending", .substring, K.related),
        ("most-read", .substring, K.related), ("mostread", .substring, K.related), ("most-popular", .substring, K.related),
        ("popular", .word, K.related), ("outbrain", .substring, K.related), ("taboola", .substring, K.related),
        ("more-stories", .substring, K.related), ("morestories", .substring, K.related), ("read-more", .substring, K.related),
        ("readmore", .substring, K.related), ("also-read", .substring, K.related), ("further-reading", .substring, K.related),
        ("read-next", .substring, K.related), ("readnext", .substring, K.related), ("up-next", .substring, K.related),
        ("more-on", .substring, K.related), ("you-may-like", .substring, K.related), ("suggested", .substring, K.related),
        ("recirc", .substring, K.related), ("teaser", .substring, K.related), ("inline-link", .substring, K.related),
        ("embedded-link", .substring, K.related),
        // newsletter / subscribe
        ("newsletter", .substring, K.newsletter), ("subscribe", .substring, K.newsletter), ("subscription", .substring, K.newsletter),
        ("signup", .substring, K.newsletter), ("sign-up", .substring, K.newsletter), ("optin", .substring, K.newsletter),
        ("mailing", .substring, K.newsletter),
        // cookie and consent notices
        ("cookie", .substring, K.cookie), ("consent", .substring, K.cookie), ("gdpr", .substring, K.cookie),
        ("modal", .word, K.cookie), ("popup", .substring, K.cookie), ("overlay", .word, K.cookie),
        // paywall notices
        ("paywall", .substring, K.paywall), ("piano", .word, K.paywall), ("premium-prompt", .substring, K.paywall),
        ("regwall", .substring, K.paywall), ("meter", .word, K.paywall),
        // author bio boxes
        ("author-bio", .substring, K.bio), ("authorbio", .substring, K.bio), ("author-box", .substring, K.bio),
        ("authorbox", .substring, K.bio), ("about-author", .substring, K.bio), ("about-the-author", .substring, K.bio),
        ("author-info", .substring, K.bio), ("author-card", .substring, K.bio), ("bio", .word, K.bio),
        ("contributor", .substring, K.bio), ("author-details", .substring, K.bio),
        // bylines, datelines, timestamps, article meta
        ("byline", .substring, K.byline), ("author", .word, K.byline), ("authors", .word, K.byline),
        ("dateline", .substring, K.byline), ("timestamp", .substring, K.byline), ("published", .substring, K.byline), ("publish-date", .substring, K.byline),
        ("pubdate", .substring, K.byline), ("date", .word, K.byline), ("time", .word, K.byline), ("meta", .word, K.byline),
        ("posted-on", .substring, K.byline), ("updated", .word, K.byline),
        // captions and credits
        ("caption", .substring, K.caption), ("credit", .substring, K.caption), ("photo-credit", .substring, K.caption),
        ("image-credit", .substring, K.caption), ("figure", .word, K.caption), ("gallery", .word, K.caption),
        // advertising and promotion
        ("ad", .word, K.ad), ("ads", .word, K.ad), ("advert", .substring, K.ad), ("sponsor", .substring, K.ad),
        ("promo", .substring, K.ad), ("dfp", .word, K.ad), ("adslot", .substring, K.ad), ("ad-slot", .substring, K.ad),
        ("adunit", .substring, K.ad), ("ad-unit", .substring, K.ad), ("commercial", .word, K.ad), ("banner", .substring, K.ad),
        ("affiliate", .substring, K.ad),
        // navigation and page chrome
        ("nav", .word, K.navigation), ("navbar", .substring, K.navigation), ("navigation", .substring, K.navigation),
        ("menu", .substring, K.navigation), ("breadcrumb", .substring, K.navigation), ("pagination", .substring, K.navigation),
        ("pager", .word, K.navigation), ("skip", .word, K.navigation), ("masthead", .substring, K.pageHeader),
        ("site-header", .substring, K.pageHeader), ("footer", .substring, K.pageFooter), ("sidebar", .substring, K.sidebar),
        ("widget", .substring, K.sidebar), ("rail", .word, K.sidebar), ("aside", .word, K.sidebar),
        // tag lists
        ("tags", .word, K.tags), ("tag-list", .substring, K.tags), ("taglist", .substring, K.tags), ("keywords", .word, K.tags),
        ("topics", .word, K.tags),
        // visually hidden
        ("hidden", .word, K.hiddenClass), ("sr-only", .substring, K.hiddenClass), ("visually-hidden", .substring, K.hiddenClass),
        ("visuallyhidden", .substring, K.hiddenClass), ("screen-reader", .substring, K.hiddenClass), ("offscreen", .substring, K.hiddenClass),
        // the headline block
        ("headline", .word, K.headline), ("article-title", .substring, K.headline), ("entry-title", .substring, K.headline),
        ("post-title", .substring, K.headline), ("kicker", .word, K.headline), ("eyebrow", .substring, K.headline),
        // embedded posts are content
        ("embed", .substring, K.embed), ("tweet", .substring, K.embed), ("instagram-media", .substring, K.embed),
        // positive signals
        ("article", .substring, K.positive), ("content", .substring, K.positive), ("story", .substring, K.positive),
        ("entry", .substring, K.positive), ("post", .word, K.positive), ("body", .substring, K.positive),
        ("text", .word, K.positive), ("main", .word, K.positive), ("blog", .word, K.positive), ("prose", .word, K.positive),
        ("hentry", .substring, K.positive),
    ])

    /// Kinds implied by the element itself.
    static func kind(of tag: Tag) -> BoilerplateKind {
        switch tag {
        case .nav, .menu: return .navigation
        case .footer: return .pageFooter
        case .header: return .pageHeader
        case .aside: return .sidebar
        case .figcaption: return .caption
        case .dialog: return .cookie
        case .form, .fieldset: return .comments
        default: return []
        }
    }

    /// Kinds implied by an ARIA role value.
    static func kind(ofRole role: UnsafeBufferPointer<UInt8>) -> BoilerplateKind {
        switch ByteText.lowerString(role, max: 20) {
        case "navigation", "menu", "menubar", "search": return .navigation
        case "banner": return .pageHeader
        case "contentinfo": return .pageFooter
        case "complementary": return .sidebar
        case "dialog", "alertdialog": return .cookie
        case "main", "article": return .positive
        default: return []
        }
    }

    /// Whether an inline `style` hides the element (`display:none`, `visibility:hidden`).
    static func styleHides(_ style: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteText.containsLowered(style, "display:none") || ByteText.containsLowered(style, "display: none")
            || ByteText.containsLowered(style, "visibility:hidden") || ByteText.containsLowered(style, "visibility: hidden")
    }

    /// The kinds named by a class or id value. Lower-cases into `scratch` (reused, no allocation once warm).
    static func kind(ofClass value: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> BoilerplateKind {
        if value.isEmpty { return [] }
        scratch.removeAll(keepingCapacity: true)
        for b in value { scratch.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        return scratch.withUnsafeBufferPointer { classPatterns.match($0) }
    }

    /// `kind(ofClass:)` memoised per page (or per worker, when the caller keeps `cache`): class
    /// values repeat (every list item, every card, every page of a site), so
    /// most elements cost one FNV-1a hash and one dictionary probe.
    static func kind(ofClass value: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], cache: inout [UInt64: BoilerplateKind]) -> BoilerplateKind {
        if value.isEmpty { return [] }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in value { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= UInt64(value.count) << 56
        if let k = cache[h] { return k }
        let k = kind(ofClass: value, scratch: &scratch)
        cache[h] = k
        return k
    }

    /// Whether a lower-cased class/id string names a boilerplate container (used by tests and tools).
    public static func matchesClass(_ cls: String) -> Bool {
        var scratch: [UInt8] = []
        let k = Array(cls.utf8).withUnsafeBufferPointer { kind(ofClass: $0, scratch: &scratch) }
        return !k.intersection(.removable).isEmpty
    }
}

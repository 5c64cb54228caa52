/// Text-level boilerplate rules: single blocks that are cross-links, notices, bylines, datelines,
/// captions or form residue, whatever element holds them.
///
/// All checks look at the first bytes of a block (ASCII case folded) or count its words; none
/// builds a String. O(block length).
public enum BoilerplateText {
    /// Prefixes (lower-case) of blocks that are editorial cross-links, notices or form residue.
    static let prefixes: [StaticString] = [
        "read more:", "read more ", "read more>", "read more\u{00BB}", "related:", "related coverage", "related articles",
        "related stories", "related content", "related news", "related reading", "related link", "see also:",
        "also read:", "also read ", "read also:", "read next:", "recommended:", "recommended for you", "more:",
        "more from ", "more on this", "more stories", "watch:", "watch now:", "listen:", "sign up for", "sign up to",
        "subscribe to", "subscribe now", "subscribe for", "click here to", "follow us", "follow @", "share this",
        "share on ", "share via", "please enter your", "leave a reply", "leave a comment", "post comment",
        "you have entered an incorrect", "save my name, email", "comments are closed", "this article originally appeared",
        "this story originally appeared", "this story was supplied by", "this article was supplied by",
        "this story was provided by", "this article was provided by", "this story has not been edited",
        "this article has not been edited", "copyright \u{00A9}", "\u{00A9} copyright", "all rights reserved",
        "we use cookies", "this site uses cookies", "this website uses cookies", "by continuing to use",
        "you've reached your", "you have reached your", "to continue reading", "already a subscriber",
        "already have an account", "create a free account", "log in to continue", "get the latest",
        "get our newsletter", "newsletter sign", "join our newsletter", "enter your email", "photo credit:",
        "image credit:", "image source:", "photo:", "photo by ", "photograph:", "picture:", "image:", "credit:",
        "(photo:", "(photo by", "(image:", "featured image", "top image:", "pictured:", "file photo",
        "skip to content", "skip to main", "jump to", "advertisement", "story continues below",
        "continue reading below", "article continues below", "scroll to continue", "loading...", "view comments",
        "show comments", "add comment", "report an error", "report a typo", "this slideshow requires javascript",
        "tell us what you think", "have your say", "join the conversation", "what do you think?",
        "we want to hear from you", "let us know what you think", "you must be logged in", "log in to comment",
        "log in or register", "sign in to comment", "javascript is disabled", "please enable javascript",
        "your browser does not support", "click to share on", "click to email", "click to print",
        "filed under", "posted in ", "categories:", "category:", "tags:", "tagged:", "tagged with", "topics:",
        "like this story", "like this article", "if you enjoyed this article", "if you liked this article",
        "see more photos", "see more:", "view gallery", "view photos", "view the gallery", "more great ",
        "(reporting by", "reporting by ", "additional reporting by", "editing by", "(editing by", "compiled by ",
        "you may also like", "you might also like", "more stories", "most popular", "most read", "trending now",
    ]

    /// Whole blocks (lower-case, trimmed of trailing punctuation) that are page furniture.
    static let wholeLines: Set<String> = [
        "advertisement", "advert", "ad", "ads", "share", "tweet", "email", "print", "comments", "comment", "continue reading",
        "read more", "related", "recommended", "more", "share this", "share this article", "share this story",
        "sponsored", "sponsored content", "close", "menu", "search", "subscribe", "sign up", "sign in", "log in",
        "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit", "copy link", "copied", "skip ad",
        "opens in new window", "loading", "image", "photo", "video", "watch", "listen", "top", "back to top",
        "next", "previous", "see more", "show more", "view more", "load more", "click to expand", "tags",
        "key points", "highlights", "related topics", "related articles", "related stories", "read next",
    ]

    /// Whether a block (UTF-8, white space collapsed) is boilerplate by its text alone.
    static func isBoilerplate(_ t: ArraySlice<UInt8>) -> Bool {
        if t.isEmpty { return true }
        if t.count <= 40 {
            var end = t.endIndex
            while end > t.startIndex, let last = Optional(t[end - 1]), last == 0x2E || last == 0x3A || last == 0x20 || last == 0x21 {
                end -= 1
            }
            var lowered: [UInt8] = []
            lowered.reserveCapacity(end - t.startIndex)
            for b in t[t.startIndex ..< end] { lowered.append(ByteText.lower(b)) }
            if wholeLines.contains(String(decoding: lowered, as: UTF8.self)) { return true }
        }
        if t.count < 400 {
            for p in prefixes where ByteText.hasPrefixLowered(t, p) { return true }
        }
        // Separators and slugs without a letter ("___", "* * *") and gallery counters ("Image 2 of 5").
        if !t.contains(where: { ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 >= 0x80 || ($0 >= 0x30 && $0 <= 0x39) }) { return true }
        if t.count < 30 && isGalleryCounter(t) { return true }
        // Unexpanded CMS short codes: "[button link=…]…[/button]".
        if t.first == 0x5B && t.last == 0x5D && t.count < 400 && t.contains(0x3D) { return true }
        return false
    }

    /// A short block that credits a photo ("… photos © Inexhibit", "Getty Images"), promotes a
    /// newsletter ("Sign up … newsletter … inbox") or gives a reporter's contact or bio line.
    static func isCreditPromoOrContact(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count < 320 else { return false }
        var lowered = [UInt8]()
        lowered.reserveCapacity(t.count)
        for b in t { lowered.append(ByteText.lower(b)) }
        return lowered.withUnsafeBufferPointer { l in
            let hasCopyright = ByteText.containsLowered(l, "\u{00A9}") || ByteText.containsLowered(l, "credit")
            if hasCopyright && (ByteText.containsLowered(l, "photo") || ByteText.containsLowered(l, "image")
                || ByteText.containsLowered(l, "getty") || ByteText.containsLowered(l, "shutterstock")
                || ByteText.containsLowered(l, "istock") || ByteText.containsLowered(l, "picture")) { return true }
            if ByteText.containsLowered(l, "newsletter") && (ByteText.containsLowered(l, "sign up") || ByteText.containsLowered(l, "subscribe")
                || ByteText.containsLowered(l, "inbox")) { return true }
            if ByteText.containsLowered(l, "may be reached at") || ByteText.containsLowered(l, "can be reached at")
                || ByteText.containsLowered(l, "follow him on twitter") || ByteText.containsLowered(l, "follow her on twitter")
                || ByteText.containsLowered(l, "follow them on twitter") || ByteText.containsLowered(l, "contributed to this report")
                || ByteText.containsLowered(l, "contributed reporting") { return true }
            if ByteText.containsLowered(l, "follow") && t.count < 250 && (ByteText.containsLowered(l, "twitter")
                || ByteText.containsLowered(l, "facebook") || ByteText.containsLowered(l, "instagram")) { return true }
            return false
        }
    }

    /// "Jane Doe is a reporter for …", "… covers energy for …": a short paragraph about the author,
    /// recognised only at the end of an article.
    static func isAuthorBio(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count < 400 else { return false }
        var lowered = [UInt8]()
        lowered.reserveCapacity(t.count)
        for b in t { lowered.append(ByteText.lower(b)) }
        return lowered.withUnsafeBufferPointer { l in
            let role = ByteText.containsLowered(l, " is a reporter") || ByteText.containsLowered(l, " is a correspondent")
                || ByteText.containsLowered(l, " is an editor") || ByteText.containsLowered(l, " is a senior")
                || ByteText.containsLowered(l, " is a staff") || ByteText.containsLowered(l, " is a freelance")
                || ByteText.containsLowered(l, " is a journalist") || ByteText.containsLowered(l, " is a writer")
                || ByteText.containsLowered(l, " is a contributor") || ByteText.containsLowered(l, " is a contributing")
                || ByteText.containsLowered(l, " curator") || ByteText.containsLowered(l, " covers ")
                || ByteText.containsLowered(l, " is based in ") || ByteText.containsLowered(l, " reports on ")
                || ByteText.containsLowered(l, " is the author of")
            return role && (ByteText.containsLowered(l, " for ") || ByteText.containsLowered(l, " based in")
                || ByteText.containsLowered(l, "'s ") || ByteText.containsLowered(l, "\u{2019}s "))
        }
    }

    /// Headers that open a list of cross-links: "More Great WIRED Stories", "Related", "Read next",
    /// "You may also like", "Related Roundup: …".
    static func isRelatedHeader(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count <= 60 else { return false }
        if ByteText.hasPrefixLowered(t, "related") || ByteText.hasPrefixLowered(t, "more great ") || ByteText.hasPrefixLowered(t, "read next")
            || ByteText.hasPrefixLowered(t, "read more") || ByteText.hasPrefixLowered(t, "you may also like")
            || ByteText.hasPrefixLowered(t, "you might also like") || ByteText.hasPrefixLowered(t, "recommended")
            || ByteText.hasPrefixLowered(t, "more stories") || ByteText.hasPrefixLowered(t, "more from ")
            || ByteText.hasPrefixLowered(t, "most popular") || ByteText.hasPrefixLowered(t, "most read")
            || ByteText.hasPrefixLowered(t, "trending") || ByteText.hasPrefixLowered(t, "also read")
            || ByteText.hasPrefixLowered(t, "see also") || ByteText.hasPrefixLowered(t, "further reading") {
            // "Related: <a>Story</a>" is a single cross-link line, not a header — dropped all the same.
            return true
        }
        return false
    }

    /// "Image 2 of 5", "Photo 3 of 12", "2 of 5".
    static func isGalleryCounter(_ t: ArraySlice<UInt8>) -> Bool {
        var words: [String] = []
        var cur: [UInt8] = []
        for b in t {
            if b == 0x20 { if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)); cur = [] } } else { cur.append(ByteText.lower(b)) }
        }
        if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)) }
        if words.count == 4, ["image", "photo", "picture", "slide", "foto", "bild"].contains(words[0]) { words.removeFirst() }
        return words.count == 3 && words[1] == "of" && Int(words[0]) != nil && Int(words[2]) != nil
    }

    /// Public test hook: `isBoilerplate` over a String.
    public static func isBoilerplateLine(_ s: String) -> Bool {
        isBoilerplate(ArraySlice(Array(s.utf8)))
    }

    /// "By Jane Doe and John Roe", "By JANE DOE, Associated Press": a short line naming authors.
    static func isByline(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count <= 120, ByteText.hasPrefixLowered(t, "by ") || ByteText.hasPrefixLowered(t, "by:")
            || ByteText.hasPrefixLowered(t, "written by") || ByteText.hasPrefixLowered(t, "posted by")
            || ByteText.hasPrefixLowered(t, "words by") || ByteText.hasPrefixLowered(t, "reporting by")
        else { return false }
        // Sentence-like lines ("By the end of the year, …") have lower-case words after "by".
        var words = 0
        var lowerStarts = 0
        var atStart = true
        for b in t.dropFirst(3) {
            if b == 0x20 { atStart = true; continue }
            if atStart {
                words += 1
                if b >= 0x61 && b <= 0x7A { lowerStarts += 1 }
                atStart = false
            }
        }
        if t.last == 0x2E && words > 6 { return false }
        return lowerStarts <= max(1, words / 3)
    }

    static let dateWords: Set<String> = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "am", "pm", "a", "p", "m", "et", "est", "edt", "pt", "pst", "pdt",
        "ct", "cst", "cdt", "gmt", "bst", "utc", "cet", "cest", "ist", "aest", "published", "updated", "posted",
        "last", "on", "at", "modified", "first", "date", "time", "ago", "hours", "hour", "minutes", "minute", "days",
        "day", "mins", "min", "hrs", "hr", "yesterday", "today", "read", "reading", "of", "the", "and", "by",
        // Portuguese, Spanish, French, German, Italian months and weekdays, and their little words
        "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro",
        "dezembro", "enero", "febrero", "marzo", "mayo", "junio", "julio", "septiembre", "octubre", "noviembre",
        "diciembre", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "gennaio",
        "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "segunda", "terça",
        "quarta", "quinta", "sexta", "feira", "sábado", "domingo", "lunes", "martes", "miércoles", "jueves", "viernes",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch",
        "donnerstag", "freitag", "samstag", "sonntag", "de", "às", "à", "le", "um", "uhr", "del", "el", "h",
        "publicado", "publié", "veröffentlicht", "pubblicato", "atualizado", "actualizado", "mis", "jour",
    ]

    /// Words allowed in a dateline that do not by themselves make one.
    static let fillerWords: Set<String> = ["a", "p", "m", "on", "at", "of", "the", "and", "by", "last", "first", "read", "reading",
                                           "date", "time", "de", "às", "à", "le", "um", "del", "el", "h", "mis", "jour"]

    /// "Updated 3:04 PM ET, Tue November 19, 2019", "5 hours ago", "Nov. 19, 2019": a line made only
    /// of date and time words with at least one number.
    static func isDateline(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count <= 90 else { return false }
        var numbers = 0
        var others = 0
        var dateWords = 0
        var word: [UInt8] = []
        func finish() {
            if word.isEmpty { return }
            if word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { numbers += 1 } else {
                let w = String(decoding: word, as: UTF8.self)
                if BoilerplateText.dateWords.contains(w) {
                    if !BoilerplateText.fillerWords.contains(w) { dateWords += 1 }
                } else if !(word.first! >= 0x30 && word.first! <= 0x39 && ["st", "nd", "rd", "th"].contains(String(w.dropFirst(w.count - 2)))) {
                    others += 1
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        for b in t {
            let l = ByteText.lower(b)
            if (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) { word.append(l) } else if b >= 0x80 { word.append(l) } else { finish() }
        }
        finish()
        // A lone number ("57", a table cell) is not a date: it needs a date word or a full d/m/y.
        if dateWords == 0 && numbers < 3 { return false }
        return numbers > 0 && others == 0
    }
}

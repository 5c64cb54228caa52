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
        "this story originally appeared", "copyright \u{00A9}", "\u{00A9} copyright", "all rights reserved",
        "we use cookies", "this site uses cookies", "this website uses cookies", "by continuing to use",
        "you've reached your", "you have reached your", "to continue reading", "already a subscriber",
        "already have an account", "create a free account", "log in to continue", "get the latest",
        "get our newsletter", "newsletter sign", "join our newsletter", "enter your email", "photo credit:",
        "image credit:", "image source:", "photo:", "photo by ", "photograph:", "picture:", "image:", "credit:",
        "(photo:", "(photo by", "(image:", "featured image", "top image:", "pictured:", "file photo",
        "skip to content", "skip to main", "jump to", "advertisement", "story continues below",
        "continue reading below", "article continues below", "scroll to continue", "loading...", "view comments",
        "show comments", "add comment", "report an error", "report a typo",
    ]

    /// Whole blocks (lower-case, trimmed of trailing punctuation) that are page furniture.
    static let wholeLines: Set<String> = [
        "advertisement", "ad", "share", "tweet", "email", "print", "comments", "comment", "continue reading",
        "read more", "related", "recommended", "more", "share this", "share this article", "share this story",
        "sponsored", "sponsored content", "close", "menu", "search", "subscribe", "sign up", "sign in", "log in",
        "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit", "copy link", "copied", "skip ad",
        "opens in new window", "loading", "image", "photo", "video", "watch", "listen", "top", "back to top",
        "next", "previous", "see more", "show more", "view more", "load more", "click to expand",
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
        return false
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
    ]

    /// "Updated 3:04 PM ET, Tue November 19, 2019", "5 hours ago", "Nov. 19, 2019": a line made only
    /// of date and time words with at least one number.
    static func isDateline(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count <= 90 else { return false }
        var numbers = 0
        var others = 0
        var word: [UInt8] = []
        func finish() {
            if word.isEmpty { return }
            if word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { numbers += 1 } else {
                let w = String(decoding: word, as: UTF8.self)
                if !dateWords.contains(w) && !(word.first! >= 0x30 && word.first! <= 0x39 && ["st", "nd", "rd", "th"].contains(String(w.dropFirst(w.count - 2)))) {
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
        return numbers > 0 && others == 0
    }
}

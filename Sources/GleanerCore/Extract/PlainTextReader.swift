/// Reads plain-text and Markdown articles: the first non-empty line is the headline, the rest
/// the body; trailing author bios and comment-form residue are cut off.
public struct PlainTextReader: Sendable {
    public init() {}

    /// Lines that end an article when they appear after the body (form residue, sign-offs).
    static let residue: [String] = [
        "leave a reply", "leave a comment", "please enter your comment", "please enter your name",
        "post comment", "submit comment", "you have entered an incorrect email", "save my name, email",
        "comments", "share this", "share this article", "like this", "related", "related articles",
        "subscribe to our newsletter", "sign up for our newsletter",
    ]

    public func read(_ bytes: [UInt8], path: String, markdown: Bool = false) -> Article {
        let text = String(decoding: PageEncoding.repairUTF8(stripBOM(bytes)), as: UTF8.self)
        var paragraphs: [[String]] = [[]]
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)  // "\r\n" is one Character: isNewline splits CRLF files too
        }
        let front = markdown ? PlainTextReader.frontMatter(&lines) : [:]
        for raw in lines {
            var line = raw
            if markdown { line = stripMarkdown(line) }
            // Comment-form and sharing residue ends the article, wherever its paragraph starts.
            if PlainTextReader.isResidue(line) { break }
            if line.isEmpty {
                if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        var blocks = paragraphs.filter { !$0.isEmpty }.map { $0.joined(separator: " ") }
        var title = front["title"] ?? ""
        if !title.isEmpty, blocks.first == title { blocks.removeFirst() }
        if title.isEmpty, let first = blocks.first, first.count <= 200 {
            title = first
            blocks.removeFirst()
        }
        // Cut at the first residue line, and drop a trailing one-paragraph author bio.
        if let cut = blocks.firstIndex(where: PlainTextReader.isResidue) {
            blocks.removeSubrange(cut...)
        }
        if let last = blocks.last, blocks.count > 1, PlainTextReader.isBio(last) { blocks.removeLast() }
        var builder = TextBuilder()
        for b in blocks { builder.appendBlock(Array(b.utf8)) }
        return Article(title: title, author: front["author"], date: front["date"].flatMap(DateParser.isoDate),
                       body: builder.bytes)
    }

    /// Removes a leading YAML front-matter block (`---` … `---`) and returns its simple
    /// `key: value` pairs (title, author, date), unquoted.
    static func frontMatter(_ lines: inout [String]) -> [String: String] {
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), lines[first] == "---",
              let end = lines[(first + 1)...].firstIndex(of: "---") else { return [:] }
        var out: [String: String] = [:]
        for l in lines[(first + 1) ..< end] {
            guard let colon = l.firstIndex(of: ":") else { continue }
            let key = l[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            if !value.isEmpty { out[key] = value }
        }
        lines.removeSubrange(first ... end)
        return out
    }

    /// A short line that starts comment-form or sharing residue. One-word entries ("comments",
    /// "related") must be the whole line, so "Comments from the mayor …" is not cut.
    static func isResidue(_ block: String) -> Bool {
        guard block.utf8.count < 120 else { return false }
        var lower = block.lowercased()
        while let last = lower.last, last == ":" || last == "." || last == "!" || last == " " { lower.removeLast() }
        for r in residue {
            if lower == r { return true }
            if r.contains(" ") && lower.hasPrefix(r) { return true }
        }
        return false
    }

    /// "Jane Doe is a reporter for …", "… covers energy for …": a short closing paragraph about the author.
    static func isBio(_ s: String) -> Bool {
        if BoilerplateText.isAuthorBio(ArraySlice(Array(s.utf8))) { return true }
        guard s.count < 400 else { return false }
        let lower = s.lowercased()
        let markers = [" is a reporter", " is a correspondent", " is an editor", " is a senior", " is a staff",
                       " is a freelance", " is a journalist", " is a writer", " covers ", " is based in ", " reports on "]
        return markers.contains { lower.contains($0) } && (lower.contains(" for ") || lower.contains("based in"))
    }

    func stripBOM(_ b: [UInt8]) -> [UInt8] {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? Array(b[3...]) : b
    }

    func stripMarkdown(_ line: String) -> String {
        var l = Substring(line)
        while l.first == "#" || l.first == ">" { l = l.dropFirst() }
        if l.hasPrefix("- ") || l.hasPrefix("* ") { l = l.dropFirst(2) }
        return l.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "").trimmingCharacters(in: .whitespaces)
    }
}

import Foundation

/// One entity of a document: a canonical name, one type, and its mentions.
public struct DocumentEntity: Sendable, Equatable {
    /// The document's fullest spelling ("John Kirby", "Wagner Group", "North Atlantic Treaty Organization").
    public var name: String
    /// The majority type of its body mentions.
    public var type: EntityType
    /// Mentions in the body plus confirmed mentions in the title.
    public var count: Int
    /// Byte ranges of the body mentions, in order.
    public var offsets: [Range<Int>]
    /// Other spellings merged into this entity (short forms, acronyms), most frequent first.
    public var aliases: [String]
    /// Whether the title mentions it too.
    public var inTitle: Bool

    public init(name: String, type: EntityType, count: Int, offsets: [Range<Int>] = [], aliases: [String] = [], inTitle: Bool = false) {
        self.name = name
        self.type = type
        self.count = count
        self.offsets = offsets
        self.aliases = aliases
        self.inTitle = inTitle
    }
}

extension EntityRecognizer {
    /// The entities of one article: body mentions merged per entity (short forms into full
    /// names, acronyms into their long form, one majority type), title mentions counted only
    /// when the body confirms them. Sorted by count (descending), then name.
    public func documentEntities(title: String, body: [UInt8]) -> [DocumentEntity] {
        var tagger = makeTagger()
        return EntityRecognizer.documentEntities(title: title, body: body, tagger: &tagger)
    }

    public func documentEntities(title: String, body: String) -> [DocumentEntity] {
        documentEntities(title: title, body: Array(body.utf8))
    }

    /// As `documentEntities(title:body:)` with a caller-owned (per-thread) tagger.
    public static func documentEntities(title: String, body: [UInt8], tagger: inout NERTagger) -> [DocumentEntity] {
        var scratch = MentionScratch()
        return documentEntities(title: title, body: body, tagger: &tagger, scratch: &scratch)
    }

    /// As `documentEntities(title:body:tagger:)` with the caller's (per-thread) buffers too.
    static func documentEntities(title: String, body: [UInt8], tagger: inout NERTagger, scratch: inout MentionScratch) -> [DocumentEntity] {
        let bodyMentions = body.withUnsafeBufferPointer { mentions(in: $0, tagger: &tagger, scratch: &scratch) }
        var titleMentions: [EntityMention] = []
        if !title.isEmpty {
            var t = title
            titleMentions = t.withUTF8 { mentions(in: $0, tagger: &tagger, scratch: &scratch) }
        }
        return DocumentEntityResolver.resolve(title: titleMentions, body: bodyMentions, bodyText: body, lexicon: tagger.model.lexicon,
                                              tokenizer: &scratch.tokenizer)
    }
}

/// The document-level clean-up, on mentions (no model needed; tested on its own).
public enum DocumentEntityResolver {
    /// One distinct spelling (case-insensitive) and what its mentions said.
    struct Form {
        var key: String
        var words: [String]            // lower-cased words of the key
        /// `words` as ids, equal exactly when the words are (`String` equality), per call of `resolve`.
        var wordIds: [Int32] = []
        /// Spellings as written and how often (a handful per form: a list, not a dictionary).
        var spellings: [(spelling: String, count: Int)] = []
        var votes = SIMD4<Int>()
        var count = 0
        var offsets: [Range<Int>] = []
        var isAcronym = false
        var majority: EntityType {
            var best = 0
            for t in 1..<4 where votes[t] > votes[best] { best = t }
            return EntityType(rawValue: UInt8(best))!
        }
        var display: String {
            // Most frequent spelling, preferring one that is not all capitals.
            var best: (spelling: String, count: Int, caps: Bool)? = nil
            for (spelling, count) in spellings {
                let caps = NameText.isAllCapitals(spelling, longerThan: 5) ?? (spelling.uppercased() == spelling && spelling.count > 5)
                guard let b = best else { best = (spelling, count, caps); continue }
                let better = caps != b.caps ? !caps : (count != b.count ? count > b.count : spelling < b.spelling)
                if better { best = (spelling, count, caps) }
            }
            return best?.spelling ?? key
        }
    }

    /// Lower-cased key of a mention text: typographic apostrophes and dashes folded.
    static func key(_ text: String) -> String {
        if let k = NameText.lowercased(text) { return k }
        let lower = text.lowercased()
        // Every character folded below is encoded from the byte 0xE2 on: without one, the
        // loop would append the characters of `lower` unchanged.
        guard lower.utf8.contains(0xE2) else { return lower }
        var s = ""
        for ch in lower {
            switch ch {
            case "\u{2019}", "\u{2018}": s.append("'")
            case "\u{2010}", "\u{2011}", "\u{2013}": s.append("-")
            default: s.append(ch)
            }
        }
        return s
    }

    static func words(_ key: String) -> [String] {
        // ASCII: the runs between spaces (what splitting on the Character " " gives).
        if let w = NameText.ascii(key, { b -> [String] in
            var out: [String] = []
            out.reserveCapacity(b.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 })
            var start = 0
            for i in 0 ... b.count where i == b.count || b[i] == 0x20 {
                if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start ..< i]), as: UTF8.self)) }
                start = i + 1
            }
            return out
        }) { return w }
        return key.split(separator: " ").map(String.init)
    }

    ///
    /// With a `lexicon` (the model's), gazetteer knowledge fixes types the tagger gets wrong
    /// in news: countries are places ("Russia" said…), nationality words are misc, and a bare
    /// single-word "person" that the gazetteer knows as a place, and that no full name in the
    /// document contains, is a place ("Washington").
    public static func resolve(title: [EntityMention], body: [EntityMention], bodyText: [UInt8], lexicon: Lexicon? = nil) -> [DocumentEntity] {
        var tokenizer = NERTokenizer()
        return resolve(title: title, body: body, bodyText: bodyText, lexicon: lexicon, tokenizer: &tokenizer)
    }

    /// As `resolve(title:body:bodyText:lexicon:)`, with a caller's tokenizer (its buffers are
    /// reused for the gazetteer lookups of whole names).
    static func resolve(title: [EntityMention], body: [EntityMention], bodyText: [UInt8], lexicon: Lexicon?,
                        tokenizer: inout NERTokenizer) -> [DocumentEntity] {
        // 1. Forms from body mentions.
        var building: [Form] = []
        var index: [String: Int] = [:]
        var wordIds: [String: Int32] = [:]
        building.reserveCapacity(body.count)
        index.reserveCapacity(body.count)
        wordIds.reserveCapacity(2 * body.count)
        for var m in body {
            guard isNameLike(m.text) else { continue }
            // A dateline in capitals at the start of a paragraph ("KYIV —") is a place.
            if isDateline(m, bodyText) {
                m.text = NameText.capitalisedFirst(m.text) ?? (String(m.text.prefix(1)) + m.text.dropFirst().lowercased())
                m.type = .place
            }
            let k = key(m.text)
            let i: Int
            if let j = index[k] { i = j } else {
                i = building.count
                index[k] = i
                var f = Form(key: k, words: words(k))
                f.wordIds = f.words.map { w in
                    if let id = wordIds[w] { return id }
                    let id = Int32(wordIds.count)
                    wordIds[w] = id
                    return id
                }
                f.isAcronym = isAcronym(m.text)
                building.append(f)
            }
            if let j = building[i].spellings.firstIndex(where: { $0.spelling == m.text }) {
                building[i].spellings[j].count += 1
            } else {
                building[i].spellings.append((m.text, 1))
            }
            building[i].votes[Int(m.type.rawValue)] += 1
            building[i].count += 1
            building[i].offsets.append(m.start..<m.end)
        }
        guard !building.isEmpty else { return [] }
        // Read-only from here: closures (the sorts below) read a constant's elements in place
        // rather than copying each `Form` out of a captured variable.
        let forms = building

        // 2. Union-find: longer forms first become roots; short forms join the one family that holds them.
        var parent = Array(forms.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let order = forms.indices.sorted { a, b in
            forms[a].words.count != forms[b].words.count ? forms[a].words.count > forms[b].words.count
                : (forms[a].count != forms[b].count ? forms[a].count > forms[b].count : forms[a].key < forms[b].key)
        }
        // Acronyms first: "NATO" joins "North Atlantic Treaty Organization" when its letters are the initials.
        let acronymLinks = AcronymLinker.links(forms: forms, bodyText: bodyText, body: body)
        for (short, long) in acronymLinks { parent[find(short)] = find(long) }
        for s in order where !forms[s].isAcronym || acronymLinks[s] == nil {
            if acronymLinks[s] != nil { continue }
            var roots = Set<Int>()
            let shortCount = forms[s].words.count
            for l in order {
                // `order` runs from most words to fewest: the rest cannot hold this form.
                if forms[l].words.count <= shortCount { break }
                if contains(forms[l].wordIds, forms[s].wordIds) && compatible(short: forms[s], long: forms[l]) { roots.insert(find(l)) }
            }
            if roots.count == 1, let r = roots.first, find(s) != r { parent[find(s)] = r }
        }

        // 3. Title mentions: counted only when they match a body family.
        var titleCounts = [Int](repeating: 0, count: forms.count)
        for m in title {
            let k = key(m.text)
            if let j = index[k] { titleCounts[find(j)] += 1; continue }
            // Words no form has get id -1, which equals no form's word.
            let w = words(k).map { wordIds[$0] ?? -1 }
            var roots = Set<Int>()
            for j in forms.indices where contains(forms[j].wordIds, w) || contains(w, forms[j].wordIds) { roots.insert(find(j)) }
            if roots.count == 1 { titleCounts[roots.first!] += 1 }
        }

        // 4. One entity per family.
        // Families as runs of one array (a counting sort by root), members in index order. Their
        // order does not matter: the (count, name) order below is total, names being distinct.
        var rootOf = [Int](repeating: 0, count: forms.count)
        var runStart = [Int](repeating: 0, count: forms.count + 1)
        for i in forms.indices {
            rootOf[i] = find(i)
            runStart[rootOf[i] + 1] += 1
        }
        for r in forms.indices { runStart[r + 1] += runStart[r] }
        var byFamily = [Int](repeating: 0, count: forms.count)
        var fill = runStart
        for i in forms.indices {
            byFamily[fill[rootOf[i]]] = i
            fill[rootOf[i]] += 1
        }
        var out: [DocumentEntity] = []
        for root in forms.indices where runStart[root] < runStart[root + 1] {
            let members = byFamily[runStart[root] ..< runStart[root + 1]]
            var votes = SIMD4<Int>()
            var offsets: [Range<Int>] = []
            var count = 0
            for i in members {
                for t in 0..<4 { votes[t] += forms[i].votes[t] }
                offsets += forms[i].offsets
                count += forms[i].count
            }
            // Canonical: the fullest non-acronym form (most words, then most mentions).
            let ranked = members.count == 1 ? [members.first!] : members.sorted { a, b in
                if forms[a].isAcronym != forms[b].isAcronym { return !forms[a].isAcronym }
                if forms[a].words.count != forms[b].words.count { return forms[a].words.count > forms[b].words.count }
                if forms[a].count != forms[b].count { return forms[a].count > forms[b].count }
                return forms[a].key < forms[b].key
            }
            // Majority over the family's mentions; the canonical form's own mentions weigh 3
            // (a full name is tagged more reliably than a bare surname), ties go to its type.
            let canon = forms[ranked[0]]
            for t in 0..<4 { votes[t] += 2 * canon.votes[t] }
            var best = Int(canon.majority.rawValue)
            for t in 0..<4 where votes[t] > votes[best] { best = t }
            // A full name decides its family's type ("Wagner Group" stays an organisation even
            // when the bare "Wagner" is mostly tagged as a person).
            if canon.words.count >= 2 && canon.count > 0 { best = Int(canon.majority.rawValue) }
            var name = canon.display
            if let lexicon {
                let bits = gazetteerBits(canon.key, lexicon, tokenizer: &tokenizer)
                if bits & Lexicon.Bit.country != 0 {
                    best = Int(EntityType.place.rawValue)
                } else if bits & Lexicon.Bit.misc != 0 && bits & Lexicon.Bit.place == 0 {
                    best = Int(EntityType.misc.rawValue)
                } else if best == Int(EntityType.person.rawValue) && canon.words.count == 1 && bits & Lexicon.Bit.place != 0
                            && !forms.contains(where: { $0.words.count > 1 && $0.majority == .person && $0.words.contains(canon.words[0]) }) {
                    best = Int(EntityType.place.rawValue)
                }
            }
            // Designator words: "Wagner Group" is an organisation, "Abbey Meadow" a place,
            // whatever the tagger made of the surname or first word.
            if canon.words.count >= 2, best == Int(EntityType.person.rawValue) || best == Int(EntityType.misc.rawValue) {
                if let last = canon.words.last, organizationWords.contains(last) {
                    best = Int(EntityType.organization.rawValue)
                } else if best == Int(EntityType.person.rawValue),
                          placeWords.contains(canon.words.last!) || placeWords.contains(canon.words.first!) {
                    best = Int(EntityType.place.rawValue)
                }
            }
            if name.isEmpty { name = canon.key }
            let aliases = ranked.dropFirst().sorted { forms[$0].count > forms[$1].count }.map { forms[$0].display }
            out.append(DocumentEntity(name: name, type: EntityType(rawValue: UInt8(best))!,
                                      count: count + titleCounts[root], offsets: inOrder(offsets),
                                      aliases: aliases, inTitle: titleCounts[root] > 0))
        }
        out.sort { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return out
    }

    /// `offsets` sorted by start: a stable sort, skipped when they are in order already (the
    /// mentions of a one-form family come in text order).
    static func inOrder(_ offsets: [Range<Int>]) -> [Range<Int>] {
        var i = 1
        while i < offsets.count && offsets[i - 1].lowerBound <= offsets[i].lowerBound { i += 1 }
        return i >= offsets.count ? offsets : offsets.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Last words that make a name an organisation.
    static let organizationWords: Set<String> = ["group", "council", "party", "ministry", "agency", "corporation", "corp.",
        "inc.", "inc", "ltd", "ltd.", "company", "association", "organization", "organisation", "committee", "commission",
        "authority", "union", "university", "institute", "foundation", "forum", "bank", "department", "federation",
        "alliance", "coalition", "army", "navy", "police", "court", "parliament", "assembly", "society", "club", "trust",
        "board", "office", "service", "services", "airlines", "airways", "holdings", "partners", "logistics", "analytics",
        "terminals", "agency", "bureau", "directorate", "secretariat", "fund", "network", "press", "news", "times"]
    /// First or last words that make a name a place.
    static let placeWords: Set<String> = ["river", "bridge", "street", "road", "square", "meadow", "park", "lake", "mount",
        "sea", "bay", "island", "islands", "valley", "hill", "hills", "mountains", "coast", "port", "harbour", "harbor",
        "county", "province", "district", "region", "oblast", "strait", "gulf", "ocean", "peninsula", "canal", "avenue"]

    /// An all-capitals mention that opens a paragraph and is followed by a dash or comma.
    /// The byte tests come first (most mentions fail them), then the capitals test.
    static func isDateline(_ m: EntityMention, _ text: [UInt8]) -> Bool {
        guard m.start <= text.count else { return false }
        var i = m.start - 1
        while i >= 0 && text[i] == 0x20 { i -= 1 }
        guard i < 0 || text[i] == 0x0A else { return false }
        var j = m.end
        while j < text.count && text[j] == 0x20 { j += 1 }
        guard j < text.count else { return false }
        guard text[j] == 0x2D || text[j] == 0x2C || (text[j] == 0xE2 && j + 2 < text.count && text[j + 1] == 0x80 && (text[j + 2] == 0x94 || text[j + 2] == 0x93)) else {
            return false
        }
        return NameText.isCapitalsWord(m.text, minCount: 3)
            ?? (m.text.count >= 3 && m.text.uppercased() == m.text && !m.text.contains(" "))
    }

    /// The gazetteer bits of a whole name (0 when it is not an entry).
    static func gazetteerBits(_ key: String, _ lexicon: Lexicon) -> UInt64 {
        var tokenizer = NERTokenizer()
        return gazetteerBits(key, lexicon, tokenizer: &tokenizer)
    }

    /// As `gazetteerBits(_:_:)` with a caller's tokenizer: each token's `FeatureHash.word`
    /// hash taken over its bytes (the same scalars), no strings.
    static func gazetteerBits(_ key: String, _ lexicon: Lexicon, tokenizer: inout NERTokenizer) -> UInt64 {
        var key = key
        let k = key.withUTF8 { b -> UInt64 in
            tokenizer.tokenize(b)
            var k = FeatureHash.lexiconSeed
            for r in tokenizer.tokens {
                var h = FeatureHash.fnvOffset
                var i = r.lowerBound
                while i < r.upperBound {
                    let (u, len) = NERText.decode(b, i, r.upperBound)
                    h = FeatureHash.fnv(h, NERText.lower(u))
                    i += len
                }
                k = FeatureHash.lexiconKey(k, h)
            }
            return k
        }
        return lexicon.value(k)
    }

    /// Whether `long`'s words contain `short`'s words as a contiguous run (fewer words than `long`).
    static func contains<T: Equatable>(_ l: [T], _ s: [T]) -> Bool {
        guard !s.isEmpty, s.count < l.count else { return false }
        for start in 0...(l.count - s.count) {
            var k = 0
            while k < s.count && l[start + k] == s[k] { k += 1 }
            if k == s.count { return true }
        }
        return false
    }

    /// A short form may join a longer one of the same type, or a person's name at either end
    /// ("Kirby", "John" → "John Kirby") whatever the tagger said about the short form.
    static func compatible(short: Form, long: Form) -> Bool {
        let lt = long.majority
        if short.votes[Int(lt.rawValue)] > 0 { return true }
        if lt == .person && short.words.count == 1 && (long.words.first == short.words[0] || long.words.last == short.words[0]) {
            return true
        }
        // An organisation named after a person or thing ("Wagner" → "Wagner Group"), but a
        // place stays apart from an organisation named after it ("Shropshire", "Shropshire Council").
        if (lt == .organization || lt == .misc) && short.words.count == 1 && long.words.first == short.words[0]
            && short.majority != .place {
            return true
        }
        return false
    }

    /// A mention that can be a facet value: has an upper-case letter or digit-free letters, > 1 character.
    static func isNameLike(_ text: String) -> Bool {
        if let answer = NameText.isNameLike(text) { return answer }
        guard text.count >= 2 else { return false }
        return text.unicodeScalars.contains { $0.properties.isUppercase }
    }

    static func isAcronym(_ text: String) -> Bool {
        if let answer = NameText.isAcronym(text) { return answer }
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard letters.count >= 2, letters.count <= 8, !text.contains(" ") else { return false }
        return letters.filter { $0.properties.isUppercase }.count >= max(2, letters.count - 1)
    }
}

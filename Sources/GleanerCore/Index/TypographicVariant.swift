/// Paragraphs that differ only in typography — straight or curly quotes and apostrophes, the
/// kind of dash, a no-break or thin space for a space — as one text plus an exact description.
///
/// Syndicated copy is often re-typeset: the same paragraph appears with `"` on one site and
/// `“ ”` on another. Each character of the four classes below maps one to one onto its
/// class's ASCII representative (`"`, `'`, `-`, space); two paragraphs with the same
/// *normalised* text differ only in which member of its class each such character is. So a
/// variant is stored as a reference to the first-seen paragraph of its normalised text (the
/// base) plus its **exceptions**: the occurrences of class characters (numbered in text order)
/// that are not the representative, each with the member it is.
///
/// ```
/// Description := VInt exceptionCount  (VInt gap  u8 member){exceptionCount}
/// ```
/// `gap` is the occurrence number minus the previous exception's minus 1 (the first: the
/// occurrence number itself); `member` (≥ 1) indexes the class's member list below. The base's
/// text is decoded by mapping its class characters to representatives, then the exceptions
/// replace theirs: the output is the variant byte for byte. Works on any bytes (the class
/// characters are matched as fixed UTF-8 sequences), allocates nothing per character.
enum TypographicVariant {
    /// The classes; member 0 is the ASCII representative. Order is part of the format.
    static let classes: [[[UInt8]]] = [
        // double quotes: " “ ” „ ‟ « » ″
        [[0x22], [0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D], [0xE2, 0x80, 0x9E], [0xE2, 0x80, 0x9F],
         [0xC2, 0xAB], [0xC2, 0xBB], [0xE2, 0x80, 0xB3]],
        // single quotes and apostrophes: ' ‘ ’ ‚ ‛ ′ ‹ ›
        [[0x27], [0xE2, 0x80, 0x98], [0xE2, 0x80, 0x99], [0xE2, 0x80, 0x9A], [0xE2, 0x80, 0x9B],
         [0xE2, 0x80, 0xB2], [0xE2, 0x80, 0xB9], [0xE2, 0x80, 0xBA]],
        // hyphen and dashes: - ‐ ‑ ‒ – — ― −
        [[0x2D], [0xE2, 0x80, 0x90], [0xE2, 0x80, 0x91], [0xE2, 0x80, 0x92], [0xE2, 0x80, 0x93],
         [0xE2, 0x80, 0x94], [0xE2, 0x80, 0x95], [0xE2, 0x88, 0x92]],
        // spaces: space, no-break, thin, narrow no-break
        [[0x20], [0xC2, 0xA0], [0xE2, 0x80, 0x89], [0xE2, 0x80, 0xAF]],
    ]

    /// `(class << 4 | member) + 1` of the character starting at each lead byte pattern
    /// `E2 80 xx` (indexed by `xx & 0x3F`), 0 when it is not a class character.
    private static let e280: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 64)
        for (c, members) in classes.enumerated() {
            for (m, s) in members.enumerated() where s.count == 3 && s[0] == 0xE2 && s[1] == 0x80 {
                t[Int(s[2] & 0x3F)] = UInt8(c << 4 | m) + 1
            }
        }
        return t
    }()

    /// The class character at `i` of `p`: its class, member and byte length, or nil.
    @inline(__always)
    static func match(_ p: UnsafeRawBufferPointer, _ i: Int) -> (cls: Int, member: Int, length: Int)? {
        let b = p[i]
        switch b {
        case 0x22: return (0, 0, 1)
        case 0x27: return (1, 0, 1)
        case 0x2D: return (2, 0, 1)
        case 0x20: return (3, 0, 1)
        case 0xC2:
            guard i + 1 < p.count else { return nil }
            switch p[i + 1] {
            case 0xAB: return (0, 5, 2)
            case 0xBB: return (0, 6, 2)
            case 0xA0: return (3, 1, 2)
            default: return nil
            }
        case 0xE2:
            guard i + 2 < p.count else { return nil }
            let b1 = p[i + 1], b2 = p[i + 2]
            if b1 == 0x80, b2 & 0xC0 == 0x80 {
                let v = e280[Int(b2 & 0x3F)]
                return v == 0 ? nil : (Int(v - 1) >> 4, Int(v - 1) & 15, 3)
            }
            if b1 == 0x88, b2 == 0x92 { return (2, 7, 3) }
            return nil
        default:
            return nil
        }
    }

    /// Whether `p` holds a class character other than a representative (else it is its own
    /// normalised form).
    static func hasNonRepresentative(_ p: UnsafeRawBufferPointer) -> Bool {
        for i in 0 ..< p.count where p[i] >= 0xC2 {
            if let m = match(p, i), m.member != 0 { return true }
        }
        return false
    }

    /// Replaces `out` with `p` normalised: every class character as its representative.
    static func normalize(_ p: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < p.count {
            if p[i] >= 0xC2, let m = match(p, i) {
                out.append(classes[m.cls][0][0])
                i += m.length
            } else {
                out.append(p[i])
                i += 1
            }
        }
    }

    /// Appends the description of variant `p` (its exceptions, see the type's comment).
    static func describe(_ p: UnsafeRawBufferPointer, into w: inout ByteWriter) {
        var exceptions: [(occurrence: Int, member: Int)] = []
        var occurrence = 0
        var i = 0
        while i < p.count {
            if let m = match(p, i) {
                if m.member != 0 { exceptions.append((occurrence, m.member)) }
                occurrence += 1
                i += m.length
            } else {
                i += 1
            }
        }
        w.writeVInt(UInt32(exceptions.count))
        var previous = -1
        for e in exceptions {
            w.writeVInt(UInt32(e.occurrence - previous - 1))
            w.writeByte(UInt8(e.member))
            previous = e.occurrence
        }
    }

    /// Appends to `text` the variant of `base` that `description` describes; false when the
    /// description does not fit the base (a damaged file).
    static func apply(base: UnsafeRawBufferPointer, description: UnsafeRawBufferPointer, file: String,
                      to text: inout [UInt8]) throws -> Bool {
        var r = ByteReader(description, file: file)
        var remaining = Int(try r.readVInt())
        guard remaining <= description.count else { return false }
        var next = remaining > 0 ? Int(try r.readVInt()) : Int.max
        var member = remaining > 0 ? Int(try r.readByte()) : 0
        var occurrence = 0
        var i = 0
        while i < base.count {
            guard let m = match(base, i) else {
                text.append(base[i])
                i += 1
                continue
            }
            if occurrence == next {
                guard member >= 1, member < classes[m.cls].count else { return false }
                text.append(contentsOf: classes[m.cls][member])
                remaining -= 1
                if remaining > 0 {
                    let gap = Int(try r.readVInt())
                    guard gap < Int.max - occurrence - 1 else { return false }
                    next = occurrence + 1 + gap
                    member = Int(try r.readByte())
                } else {
                    next = Int.max
                }
            } else {
                text.append(classes[m.cls][0][0])
            }
            occurrence += 1
            i += m.length
        }
        return remaining == 0 && r.isAtEnd
    }
}

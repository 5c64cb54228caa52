// Entities/: *Who, which organisations and which places does this article name?*
// A feature-hashed averaged-perceptron tagger (BIO over PER/ORG/LOC/MISC, Viterbi decoding),
// trained by `gleaner train-ner`, and a document layer that turns its mentions into one
// canonical name and type per entity.

/// The four CoNLL entity types.
public enum EntityType: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case person = 0, organization = 1, place = 2, misc = 3

    /// The CoNLL label: PER, ORG, LOC, MISC.
    public var label: String {
        switch self {
        case .person: return "PER"
        case .organization: return "ORG"
        case .place: return "LOC"
        case .misc: return "MISC"
        }
    }

    /// The facet name used by the index and the CLI: person, org, place, misc.
    public var facetName: String {
        switch self {
        case .person: return "person"
        case .organization: return "org"
        case .place: return "place"
        case .misc: return "misc"
        }
    }

    public var description: String { facetName }

    /// Parses a CoNLL label (PER, ORG, LOC, MISC) or a facet name (person, org, place, misc).
    public init?(label: String) {
        switch label.uppercased() {
        case "PER", "PERSON": self = .person
        case "ORG", "ORGANIZATION", "ORGANISATION": self = .organization
        case "LOC", "PLACE", "LOCATION": self = .place
        case "MISC": self = .misc
        default: return nil
        }
    }

    public static func < (a: EntityType, b: EntityType) -> Bool { a.rawValue < b.rawValue }
}

/// A BIO tag as a small integer: 0 = O, 1 + 2·type = B-type, 2 + 2·type = I-type.
public struct NERTag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    /// Number of tags (O + B/I for each of the four types).
    public static let count = 1 + 2 * EntityType.allCases.count
    public static let outside = NERTag(rawValue: 0)

    public init(rawValue: UInt8) {
        precondition(Int(rawValue) < NERTag.count, "tag out of range")
        self.rawValue = rawValue
    }

    public static func begin(_ t: EntityType) -> NERTag { NERTag(rawValue: 1 + 2 * t.rawValue) }
    public static func inside(_ t: EntityType) -> NERTag { NERTag(rawValue: 2 + 2 * t.rawValue) }

    public var isOutside: Bool { rawValue == 0 }
    public var isBegin: Bool { rawValue != 0 && rawValue & 1 == 1 }
    public var isInside: Bool { rawValue != 0 && rawValue & 1 == 0 }
    /// The entity type, nil for O.
    public var type: EntityType? { rawValue == 0 ? nil : EntityType(rawValue: (rawValue - 1) / 2) }

    /// "O", "B-PER", "I-LOC", …
    public var description: String {
        guard let type else { return "O" }
        return (isBegin ? "B-" : "I-") + type.label
    }

    /// Parses a BIO/IOB1 tag; a bare type or an unknown type prefix counts as I-type, unknown types as O.
    public init(parsing s: Substring) {
        if s == "O" || s.isEmpty { self = .outside; return }
        var body = s
        var prefix: Character = "I"
        if s.count > 2, let dash = s.firstIndex(where: { $0 == "-" || $0 == "_" }), s.distance(from: s.startIndex, to: dash) == 1 {
            prefix = s.first!
            body = s[s.index(after: dash)...]
        }
        guard let t = EntityType(label: String(body)) else { self = .outside; return }
        self = (prefix == "B" || prefix == "S" || prefix == "U") ? .begin(t) : .inside(t)
    }

    /// Whether `next` may follow `self` in a valid BIO sequence (I-X only after B-X or I-X).
    @inline(__always)
    public func allows(_ next: NERTag) -> Bool {
        guard next.isInside else { return true }
        return !isOutside && type == next.type
    }
}

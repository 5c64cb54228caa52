import Testing
@testable import GleanerCore

/// `FacetWriter` numbers values by first appearance, treats canonically equivalent spellings
/// as one value (String equality, as its String-keyed dictionary did) while finding repeated
/// byte spellings through its byte table, and returns the stored records' entity references.
@Suite struct FacetWriterTests {
    /// The plain computation the writer's fast path must match: String-keyed dictionaries,
    /// `Set(...).sorted()` per document and field, `firstIndex` for the references.
    struct Reference {
        var names: [[String]] = Array(repeating: [], count: FacetWriter.fields.count)
        var ids: [[String: UInt32]] = Array(repeating: [:], count: FacetWriter.fields.count)
        var perDoc: [[[UInt32]]] = Array(repeating: [], count: FacetWriter.fields.count)

        mutating func add(_ doc: StoredDocument) -> [UInt32?] {
            var refs = [UInt32?](repeating: nil, count: doc.entities.count)
            func ordinal(_ k: Int, _ v: String) -> UInt32 {
                if let id = ids[k][v] { return id }
                ids[k][v] = UInt32(names[k].count)
                names[k].append(v)
                return UInt32(names[k].count - 1)
            }
            for (k, f) in FacetWriter.fields.enumerated() {
                if f == .site { perDoc[k].append(doc.site.isEmpty ? [] : [ordinal(k, doc.site)]); continue }
                var ords: [UInt32] = []
                for (i, e) in doc.entities.enumerated() where e.field == f { refs[i] = ordinal(k, e.name); ords.append(refs[i]!) }
                ords = Set(ords).sorted()
                for (i, e) in doc.entities.enumerated() where e.field == f { refs[i] = UInt32(ords.firstIndex(of: refs[i]!)! + 1) }
                perDoc[k].append(ords)
            }
            return refs
        }
    }

    static func documents() -> [StoredDocument] {
        var rng = SplitMix64(seed: 5)
        // Precomposed and decomposed "é", and the Kelvin sign beside "K": equal as Strings.
        let spellings = ["Caf\u{E9} Noir", "Cafe\u{301} Noir", "\u{212A}iel", "Kiel", "Reyes", "Ana Reyes", "", "東京"]
        let fields: [Field] = [.person, .organization, .place, .misc, .title, .site]
        return (0 ..< 300).map { d in
            var doc = StoredDocument(id: "d\(d)", path: "d\(d)", site: d % 7 == 0 ? "" : spellings[Int(rng.next() % 8)])
            doc.entities = (0 ..< Int(rng.next() % 9)).map { _ in
                StoredEntity(field: fields[Int(rng.next() % UInt64(fields.count))],
                             name: spellings[Int(rng.next() % 8)] + (rng.next() % 3 == 0 ? " \(rng.next() % 40)" : ""), count: 1)
            }
            return doc
        }
    }

    @Test func matchesThePlainComputation() throws {
        var writer = FacetWriter()
        var reference = Reference()
        let docs = Self.documents()
        for doc in docs { #expect(writer.add(doc) == reference.add(doc)) }
        var w = ByteWriter()
        writer.write(into: &w)
        try w.bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, file: "test.facets")
            let facets = try FacetReader(&r, docCount: docs.count)
            for (k, f) in FacetWriter.fields.enumerated() {
                #expect(facets.valueCount(f) == reference.names[k].count)
                for (o, name) in reference.names[k].enumerated() { #expect(facets.value(f, o) == name) }
                for d in docs.indices {
                    var got: [UInt32] = []
                    facets.forEachOrdinal(f, doc: UInt32(d)) { got.append(UInt32($0)) }
                    #expect(got == reference.perDoc[k][d])
                }
            }
        }
        // The two spellings of "Café Noir" are one person value, as they were one dictionary key.
        #expect(reference.names[1].filter { $0 == "Caf\u{E9} Noir" }.count == 1)
    }
}

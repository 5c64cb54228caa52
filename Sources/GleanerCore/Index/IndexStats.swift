/// Figures about an index, as `gleaner stats` prints them.
public struct IndexStats: Sendable {
    public var documents = 0
    public var deletedDocuments = 0
    public var segments = 0
    /// Sum of the segments' term counts (a term in two segments counts twice).
    public var terms = 0
    public var bytes = 0
    public var generation = 0
    public var lastBuild = ""
    public var formatVersion = 0
    /// Distinct entity names per entity field name (person, org, place, misc), and sites.
    public var distinctValues: [String: Int] = [:]
    public var averageLengths: [String: Double] = [:]

    /// Reads the statistics of the index in `directory`.
    public init(directory: String) throws {
        let reader = try IndexReader(directory: directory)
        let m = reader.manifest
        documents = m.documentCount
        deletedDocuments = m.segments.reduce(0) { $0 + $1.deletedCount }
        segments = m.segments.count
        generation = m.generation
        lastBuild = m.created
        formatVersion = m.version
        bytes = Indexer.size(of: m, in: directory)
        for s in reader.segments { terms += s.terms.termCount }
        for f in FacetWriter.fields {
            var names = Set<String>()
            for s in reader.segments {
                for o in 0 ..< s.facets.valueCount(f) { names.insert(s.facets.value(f, o)) }
            }
            distinctValues[f.name] = names.count
        }
        for f in [Field.title, Field.body] { averageLengths[f.name] = reader.averageLength(f) }
    }
}

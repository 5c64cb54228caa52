/// BM25F scoring parameters and the per-term weight computed from index statistics.
///
/// Robertson & Zaragoza's BM25F (2009): each field's frequency is normalised by that field's own
/// length, weighted (title counts `titleWeight` times) and summed before BM25's saturation:
/// `score = idf · tf' / (tf' + k1)`, `tf' = Σ w_f · tf_f / (1 − b + b · len_f/avglen_f)`.
/// `perFieldNormalization = false` gives the simple form that normalises the combined frequency
/// by the weighted total length: `tf' = Σ w_f tf_f`, `score = idf · tf' / (tf' + k1 · (1 − b +
/// b · L'/avgL'))`, `L' = Σ w_f len_f` (a short title then cannot offset a long body).
///
/// Defaults are Robertson's standard `k1 = 1.2`, `b = 0.75` (Okapi, Elasticsearch, Terrier). On
/// SciFact (with the query-likelihood fusion) they gave nDCG@10 0.702 against 0.692 with
/// Anserini's `0.9 / 0.4` (27 queries better, 11 worse, p = 0.003); with `k1` 1.0–1.4 and
/// `b` 0.65–0.85 it lay within 0.698–0.704, either normalisation. The two normalisations are
/// indistinguishable there (nDCG@10 0.7020 against 0.7034, 9 queries better, 7 worse;
/// Recall@100 0.933 against 0.929): the default is the standard form.
public struct BM25Parameters: Sendable, Equatable {
    public var k1: Float = 1.2
    public var b: Float = 0.75
    public var titleWeight: Float = 2.0
    /// BM25+ lower bound (Lv & Zhai 2011): every matching term scores at least
    /// `idf · delta / (k1 + 1)`, so long documents are not over-penalised. 0 = classic BM25.
    public var delta: Float = 0
    /// Normalise each field's frequency by that field's own length before combining (Robertson's
    /// BM25F) instead of combining first and normalising by the weighted total length.
    public var perFieldNormalization = true

    public init(k1: Float = 1.2, b: Float = 0.75, titleWeight: Float = 2.0, delta: Float = 0) {
        self.k1 = k1
        self.b = b
        self.titleWeight = titleWeight
        self.delta = delta
    }

    /// The weight of `field` within `scope`.
    public func weight(_ field: Field, scope: FieldScope) -> Float {
        guard scope.fields.contains(field) else { return 0 }
        return scope.isDefault && field == .title ? titleWeight : 1
    }

    /// idf = ln(1 + (N − df + 0.5) / (df + 0.5)), always positive.
    public static func idf(docFreq: Int, docCount: Int) -> Float {
        Float(log(1 + (Double(docCount - docFreq) + 0.5) / (Double(docFreq) + 0.5)))
    }
}

/// Everything a scorer needs to turn field frequencies into a BM25F score for one query term.
public struct BM25Weight: Sendable {
    public var idf: Float
    public var k1: Float
    public var b: Float
    /// Weight per field (by `Field.rawValue`); 0 means the field is not searched.
    public var fieldWeights: [Float]
    /// Σ w_f · avglen_f.
    public var averageLength: Float
    /// BM25+ floor per matching term, already divided by (k1 + 1).
    public var floor: Float = 0
    /// Average length per field (by `Field.rawValue`) when fields are normalised separately; empty otherwise.
    public var fieldAverages: [Float] = []

    /// Saturated score of a frequency `tf` already normalised by length (per-field BM25F).
    @inline(__always)
    public func score(normalizedTF tf: Float) -> Float { idf * (tf / (tf + k1) + floor) }

    /// A field's length normalisation factor `1 − b + b · len/avg` (per-field BM25F).
    @inline(__always)
    public func fieldNorm(_ field: Int, length: Float) -> Float { 1 - b + b * length / max(fieldAverages[field], 1) }

    /// Saturated, length-normalised score of a combined frequency `tf` at combined length `length`.
    @inline(__always)
    public func score(tf: Float, length: Float) -> Float {
        let norm = k1 * (1 - b + b * length / max(averageLength, 1))
        return idf * (tf / (tf + norm) + floor)
    }

    /// An upper bound of `score` over all documents.
    public var maxScore: Float { idf * (1 + floor) }
}

import Foundation

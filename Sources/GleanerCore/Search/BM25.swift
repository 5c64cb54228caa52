/// BM25F scoring parameters and the per-term weight computed from index statistics.
///
/// A term's frequency and the document length are combined over fields with per-field weights
/// (title counts `titleWeight` times) before BM25's saturation and length normalisation
/// (Robertson & Zaragoza's BM25F, simple form):
/// `score = idf · tf' / (tf' + k1 · (1 − b + b · L'/avgL'))`, `tf' = Σ w_f tf_f`, `L' = Σ w_f len_f`.
public struct BM25Parameters: Sendable, Equatable {
    public var k1: Float = 0.9
    public var b: Float = 0.4
    public var titleWeight: Float = 2.0

    public init(k1: Float = 0.9, b: Float = 0.4, titleWeight: Float = 2.0) {
        self.k1 = k1
        self.b = b
        self.titleWeight = titleWeight
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

    /// Saturated, length-normalised score of a combined frequency `tf` at combined length `length`.
    @inline(__always)
    public func score(tf: Float, length: Float) -> Float {
        let norm = k1 * (1 - b + b * length / max(averageLength, 1))
        return idf * tf / (tf + norm)
    }
}

import Foundation

/// One-byte quantised field lengths ("norms"), as BM25 needs them.
///
/// Lengths below 32 are exact; above, each code step is ×1.04 (≤ 4 % error), capping near
/// 200,000 tokens. `decodeTable` maps every byte back to a representative length.
public enum FieldNorms {
    static let exactLimit = 32
    static let ratio = 1.04

    public static func encode(_ length: UInt32) -> UInt8 {
        let l = Int(length)
        if l < exactLimit { return UInt8(l) }
        let steps = Int((log(Double(l) / Double(exactLimit)) / log(ratio)).rounded(.down))
        return UInt8(min(255, exactLimit + steps))
    }

    public static let decodeTable: [Float] = (0 ..< 256).map { code in
        code < exactLimit ? Float(code) : Float((Double(exactLimit) * pow(ratio, Double(code - exactLimit))).rounded())
    }

    @inline(__always)
    public static func decode(_ code: UInt8) -> Float { decodeTable[Int(code)] }
}

import Foundation

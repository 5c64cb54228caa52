/// Plural acronyms lose their "s" before stemming: "RXRs" → "rxr", "miRNAs" → "mirna",
/// "CEOs" → "ceo", "iPSCs" → "ipsc".
///
/// Porter2 only strips a plural "s" after a vowel earlier in the word, so a folded acronym such
/// as "rxrs" or "npcs" would never meet its singular. The case of the source text tells a plural
/// acronym apart from an ordinary word: a final lower-case "s" right after an upper-case letter,
/// in a token with at least two upper-case letters. Words written all in capitals ("ROS",
/// "AIDS", "NEWS") end in a capital S and are left alone; tokens under four bytes ("Ms", "IDs")
/// are left to the stemmer. O(token length), no allocation.
public enum AcronymPlurals {
    /// How many bytes of `folded` to keep: `folded.count - 1` for a plural acronym, else all.
    /// `raw` is the token's source text (before case folding).
    @inlinable
    public static func keptLength(raw: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Int {
        let n = raw.count
        guard n >= 4, folded.count >= 4, raw[n - 1] == 0x73, folded[folded.count - 1] == 0x73 else { return folded.count }
        guard raw[n - 2] >= 0x41 && raw[n - 2] <= 0x5A else { return folded.count }
        var upper = 0
        for i in 0 ..< n - 1 where raw[i] >= 0x41 && raw[i] <= 0x5A {
            upper += 1
            if upper >= 2 { return folded.count - 1 }
        }
        return folded.count
    }
}

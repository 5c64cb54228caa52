/// Builds clean article text from pieces of UTF-8: collapses white space (including no-break
/// spaces), trims, and joins blocks with a blank line.
public struct TextBuilder {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends one block (paragraph, heading, list item) after collapsing its white space.
    public mutating func appendBlock(_ raw: [UInt8]) {
        let block = TextBuilder.collapse(raw)
        guard !block.isEmpty else { return }
        if !bytes.isEmpty { bytes.append(0x0A); bytes.append(0x0A) }
        bytes.append(contentsOf: block)
    }

    /// Appends one block whose white space is already collapsed (from `PageModel`).
    mutating func appendCollapsed(_ block: ArraySlice<UInt8>) {
        guard !block.isEmpty else { return }
        if !bytes.isEmpty { bytes.append(0x0A); bytes.append(0x0A) }
        bytes.append(contentsOf: block)
    }

    /// Collapses runs of ASCII white space and U+00A0 into one space; trims both ends. O(n).
    public static func collapse(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var pendingSpace = false
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            var isSpace = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
            var len = 1
            if b == 0xC2 && i + 1 < n && raw[i + 1] == 0xA0 { isSpace = true; len = 2 }
            // U+2009 thin space, U+200B zero-width space, U+202F narrow no-break space
            if b == 0xE2 && i + 2 < n && raw[i + 1] == 0x80 && (raw[i + 2] == 0x89 || raw[i + 2] == 0x8B || raw[i + 2] == 0xAF) {
                isSpace = true; len = 3
            }
            if isSpace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(contentsOf: raw[i ..< i + len])
            }
            i += len
        }
        return out
    }
}

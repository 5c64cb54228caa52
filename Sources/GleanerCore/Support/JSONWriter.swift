/// A small streaming JSON writer over UTF-8 bytes (keys in the order written).
///
/// Used for `--json` output and the index manifest; escapes per RFC 8259.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private var afterKey = false

    public init() {}

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    /// Starts an object (as a value, an array element or after `key`).
    public mutating func beginObject() { valueSeparator(); bytes.append(0x7B); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(0x7D) }
    /// Starts an array (as a value, an array element or after `key`).
    public mutating func beginArray() { valueSeparator(); bytes.append(0x5B); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(0x5D) }

    /// Writes a key; the next value written belongs to it.
    public mutating func key(_ k: String) {
        separator()
        string(k)
        bytes.append(0x3A)
        afterKey = true
    }

    private mutating func valueSeparator() {
        if afterKey { afterKey = false; return }
        if needsComma.count > 1 { separator() }
    }

    public mutating func field(_ k: String, _ v: String?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Double) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Bool) { key(k); valueSeparator(); bytes.append(contentsOf: Array((v ? "true" : "false").utf8)) }

    /// A string value (or null), as an array element or after `key`.
    public mutating func value(_ v: String?) { valueSeparator(); if let v { string(v) } else { null() } }
    public mutating func value(_ v: Int) { valueSeparator(); bytes.append(contentsOf: Array(String(v).utf8)) }
    public mutating func value(_ v: Double) { valueSeparator(); number(v) }

    mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
    public mutating func newline() { bytes.append(0x0A) }

    mutating func number(_ v: Double) {
        if v.isFinite {
            let rounded = (v * 1_000_000).rounded() / 1_000_000
            bytes.append(contentsOf: Array("\(rounded)".utf8))
        } else { null() }
    }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0 ..< 0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
}

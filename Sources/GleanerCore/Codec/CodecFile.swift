/// The header and footer that frame every file of an index segment (after Lucene's CodecUtil).
///
/// On disk:
/// ```
/// header: magic u32 LE 0x524E4C47 ("GLNR") | codec name (VInt length + UTF-8) | version u32 LE
///         | segment name (VInt length + UTF-8)
/// ...payload...
/// footer: magic u32 LE 0x46454C47 ("GLEF") | CRC-32 u32 LE of every byte before the CRC
/// ```
public enum CodecFile {
    public static let headerMagic: UInt32 = 0x524E_4C47
    public static let footerMagic: UInt32 = 0x4645_4C47
    public static let footerLength = 8

    /// Appends a header for `codec` at `version` to an empty writer.
    public static func writeHeader(_ w: inout ByteWriter, codec: String, version: Int, segment: String) {
        w.writeUInt32(headerMagic)
        w.writeString(codec)
        w.writeUInt32(UInt32(version))
        w.writeString(segment)
    }

    /// Appends the footer (magic + CRC-32 of everything before it).
    public static func writeFooter(_ w: inout ByteWriter) {
        w.writeUInt32(footerMagic)
        let crc = CRC32.checksum(w.bytes)
        w.writeUInt32(crc)
    }

    /// Checks header and footer of a whole file and returns a reader positioned after the header,
    /// whose visible bytes end before the footer. Verifies the CRC when `verifyChecksum` is set.
    public static func open(
        _ data: UnsafeRawBufferPointer, file: String, codec: String,
        versions: ClosedRange<Int>, segment: String?, verifyChecksum: Bool
    ) throws -> ByteReader {
        guard data.count >= 4 + footerLength else {
            throw GleanerError.corruptIndex(file: file, reason: "file is \(data.count) bytes, too short for header and footer")
        }
        let footerStart = data.count - footerLength
        var f = ByteReader(data, position: footerStart, file: file)
        guard try f.readUInt32() == footerMagic else {
            throw GleanerError.corruptIndex(file: file, reason: "bad footer magic (truncated file?)")
        }
        if verifyChecksum {
            let stored = try f.readUInt32()
            let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: data[0 ..< data.count - 4]))
            guard stored == actual else {
                throw GleanerError.corruptIndex(file: file, reason: String(format: "checksum mismatch (stored %08x, computed %08x)", stored, actual))
            }
        }
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: data[0 ..< footerStart]), file: file)
        guard try r.readUInt32() == headerMagic else {
            throw GleanerError.corruptIndex(file: file, reason: "bad header magic (not a Gleaner index file)")
        }
        let name = try r.readString()
        guard name == codec else {
            throw GleanerError.corruptIndex(file: file, reason: "codec is '\(name)', expected '\(codec)'")
        }
        let version = Int(try r.readUInt32())
        if version < versions.lowerBound { throw GleanerError.formatTooOld(file: file, found: version, supported: versions) }
        if version > versions.upperBound { throw GleanerError.formatTooNew(file: file, found: version, supported: versions) }
        let seg = try r.readString()
        if let segment, seg != segment {
            throw GleanerError.corruptIndex(file: file, reason: "belongs to segment '\(seg)', expected '\(segment)'")
        }
        guard r.position <= footerStart else {
            throw GleanerError.corruptIndex(file: file, reason: "header overlaps footer")
        }
        return ByteReader(UnsafeRawBufferPointer(rebasing: data[0 ..< footerStart]), position: r.position, file: file)
    }
}

import Foundation

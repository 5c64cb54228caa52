import Foundation

/// Finds the shipped tagger model at run time. Order:
/// 1. `$GLEANER_MODEL` (a file path);
/// 2. `Models/ner-en.model` (or `ner-en.model`) in the folder of the running executable or any
///    of its parents — covers `.build/release/gleaner` and test bundles under `.build*/`;
/// 3. the repository's `Models/` as seen from this source file at compile time;
/// 4. `Models/ner-en.model` under the current directory.
public enum ModelLocator {
    public static let fileName = "ner-en.model"
    public static let environmentVariable = "GLEANER_MODEL"

    /// The candidate paths in lookup order (for error messages and tests).
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var out: [String] = []
        if let env = environment[environmentVariable], !env.isEmpty { out.append(env) }
        if let exe = executablePath() {
            var dir = FileIO.parent(of: exe)
            for _ in 0..<8 {
                out.append(dir + "/Models/" + fileName)
                out.append(dir + "/" + fileName)
                let up = FileIO.parent(of: dir)
                if up == dir { break }
                dir = up
            }
        }
        // .../Sources/GleanerCore/Entities/ModelLocator.swift → repository root.
        var root = #filePath
        for _ in 0..<4 { root = FileIO.parent(of: root) }
        out.append(root + "/Models/" + fileName)
        out.append("Models/" + fileName)
        return out
    }

    /// The first existing candidate; throws `GleanerError.usage` listing where it looked.
    public static func defaultModelPath() throws -> String {
        let c = candidates()
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty {
            guard FileIO.exists(env) else { throw GleanerError.usage("\(environmentVariable)=\(env): no such model file") }
            return env
        }
        for p in c where FileIO.exists(p) { return p }
        throw GleanerError.usage("no entity model found (looked for \(fileName) in: \(c.prefix(4).joined(separator: ", ")), …); set \(environmentVariable)")
    }

    static func executablePath() -> String? {
        #if os(Linux)
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        #endif
        return Bundle.main.executablePath
    }
}

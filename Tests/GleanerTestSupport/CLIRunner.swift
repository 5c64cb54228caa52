import Foundation

/// Runs the built `gleaner` executable (a sibling of the test bundle) and captures its output.
public enum CLIRunner {
    /// What one run printed and returned.
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static var executable: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Inside an .xctest bundle on some platforms the binary sits deeper.
        for _ in 0 ..< 4 {
            let candidate = dir.appendingPathComponent("gleaner").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return RepoPaths.root + "/.build/debug/gleaner"
    }

    /// Runs `gleaner args…` with `environment` added to the inherited one.
    public static func run(_ args: [String], environment: [String: String] = [:], cwd: String? = nil,
                           executable: String = CLIRunner.executable) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        // Output goes to temporary files, so a large output can never block the child.
        let base = NSTemporaryDirectory() + "gleaner-cli-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        let outData = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let errData = FileManager.default.contents(atPath: base + ".err") ?? Data()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `gleaner args…` in the background, output discarded.
    public static func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts a `bash -c` command in the background, output discarded.
    public static func startShell(_ command: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs a `bash -c` command and captures its output.
    public static func runShell(_ command: String) throws -> Output {
        try run(["-c", command], executable: "/bin/bash")
    }

    /// Parses stdout as a JSON object.
    public static func json(_ o: Output) throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any] else {
            throw NSError(domain: "CLIRunner", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a JSON object: \(o.stdout.prefix(200))"])
        }
        return obj
    }
}

/// One index of the sample `Corpus/`, built once per test process by the real binary (with
/// the shipped entity model) and shared by the CLI suites that only read it.
public enum SampleCorpusIndex {
    private static let dir: TempDirectory = {
        let dir = TempDirectory("gleaner-sample-index")
        let r = try! CLIRunner.run(["index", RepoPaths.corpus, "--index", dir.path + "/idx", "--quiet"])
        precondition(r.status == 0, "indexing the sample corpus failed: \(r.stderr)")
        return dir
    }()

    /// The index folder.
    public static var path: String { dir.path + "/idx" }
}

#if canImport(Glibc)
import Glibc
#endif

/// Lists the readable article files under one or more roots, recursively and in a stable order.
///
/// Symbolic links are followed, but a folder already visited (same device and inode) is not
/// entered twice, so link loops end. Unreadable folders and broken links are reported in
/// `problems`, never fatal. Hidden files and folders (leading ".") are skipped.
public struct CorpusWalker {
    /// Files larger than this are reported and skipped (a 60 MB page is still read).
    public static let maxFileBytes = 256 << 20

    public let roots: [String]
    /// Files that could not be listed, with the reason, in discovery order.
    public private(set) var problems: [(path: String, reason: String)] = []

    public init(roots: [String]) { self.roots = roots }

    /// All article files, sorted by relative path within each root. Throws when a root is missing.
    public mutating func files() throws -> [CorpusFile] {
        var out: [CorpusFile] = []
        for root in roots {
            var st = stat()
            guard stat(root, &st) == 0 else { throw GleanerError.io(path: root, errno: errno, operation: "stat") }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                var visited = Set<DevIno>()
                var found: [CorpusFile] = []
                walk(dir: root, relative: "", visited: &visited, into: &found)
                found.sort { $0.relativePath < $1.relativePath }
                out.append(contentsOf: found)
            } else {
                let name = root.split(separator: "/").last.map(String.init) ?? root
                // An explicitly named file is read by its extension, or as HTML when it has none we know.
                let kind = CorpusFile.kind(forName: name) ?? .html
                out.append(CorpusFile(path: root, relativePath: name, kind: kind, size: Int(st.st_size), mtime: CorpusWalker.mtime(st)))
            }
        }
        return out
    }

    /// Like `files()` but never throws: a missing root becomes a problem.
    public mutating func filesReportingProblems() -> [CorpusFile] {
        var out: [CorpusFile] = []
        for root in roots {
            var single = CorpusWalker(roots: [root])
            do { out.append(contentsOf: try single.files()) } catch let e as GleanerError {
                problems.append((root, e.description))
            } catch { problems.append((root, "\(error)")) }
            problems.append(contentsOf: single.problems)
        }
        return out
    }

    struct DevIno: Hashable { var dev: UInt64; var ino: UInt64 }

    static func mtime(_ st: stat) -> Int64 {
        Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    private mutating func walk(dir: String, relative: String, visited: inout Set<DevIno>, into out: inout [CorpusFile]) {
        var st = stat()
        guard stat(dir, &st) == 0 else { problems.append((dir, "cannot stat folder")); return }
        let key = DevIno(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
        guard visited.insert(key).inserted else {
            problems.append((dir, "symbolic link loop (folder already visited)"))
            return
        }
        let names: [String]
        do { names = try FileIO.list(dir) } catch let e as GleanerError {
            problems.append((dir, e.description)); return
        } catch { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var est = stat()
            guard stat(path, &est) == 0 else {
                var lst = stat()
                if lstat(path, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK {
                    problems.append((path, errno == ELOOP ? "symbolic link loop" : "broken symbolic link"))
                }
                continue
            }
            let fmt = est.st_mode & S_IFMT
            if fmt == S_IFDIR {
                walk(dir: path, relative: rel, visited: &visited, into: &out)
            } else if fmt == S_IFREG, let kind = CorpusFile.kind(forName: name) {
                out.append(CorpusFile(path: path, relativePath: rel, kind: kind, size: Int(est.st_size), mtime: CorpusWalker.mtime(est)))
            }
        }
    }
}

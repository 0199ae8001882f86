import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files that are either whole on disk or absent under their final name: written under a
/// temporary name, flushed, then renamed, the directory flushed after. A machine that loses
/// power, or a process killed with SIGKILL, leaves at most a `.partial` behind.
enum DurableFile {
    /// The name a file is written under until it is complete and checked.
    static func partial(_ path: String) -> String { path + ".partial" }

    /// Flushes the file (or directory) at `path` to disk.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw WorkflowError(.storage, "无法打开 \(path) 以写入磁盘：\(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw WorkflowError(.storage, "无法将 \(path) 写入磁盘：\(String(cString: strerror(errno)))") }
    }

    /// Gives the flushed `partial` its final name `path` in one step, and makes the new name
    /// itself durable.
    static func publish(_ partial: String, as path: String) throws {
        try sync(partial)
        guard rename(partial, path) == 0 else {
            throw WorkflowError(.storage, "无法将 \(partial) 改名为 \(path)：\(String(cString: strerror(errno)))")
        }
        try sync(directory(of: path))
    }

    /// Copies `source` to `target` (which must not exist) and flushes the copy.
    static func copy(_ source: String, to target: String) throws {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            throw WorkflowError(.storage, "无法复制 \(source) 到 \(target)", cause: error)
        }
        try sync(target)
    }

    /// Removes `path` and the companions SQLite and the store keep beside it, whichever exist.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The size of the file at `path` (0 when absent).
    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The directory holding `path`.
    static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}

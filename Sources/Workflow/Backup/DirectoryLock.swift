import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a backup directory (`flock` on a lock file in it), held while one
/// backup runs: several servers configured with the same directory take turns instead of
/// writing over each other, and whoever holds it knows every `.partial` there is stale. The
/// kernel releases it when the process dies, so a killed server never leaves it taken.
final class DirectoryLock {
    private let fd: Int32

    /// Takes the lock on `directory`, or returns nil when another process holds it.
    init?(_ directory: String) throws {
        let path = directory + "/.letters-backup.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw WorkflowError(.storage, "无法在备份目录 \(directory) 中建锁文件：\(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

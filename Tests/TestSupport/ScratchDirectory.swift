import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Fresh directories for a test's files, all under one folder per test process that is removed
/// when the process exits.
///
/// The folder is `fanout-tests-PID-UUID` in the system's temporary directory, created with mode
/// 0700, and the process holds an exclusive `flock` on its `.owner` file until it ends. A run that
/// is killed cannot remove its folder; the next run removes every such folder of this user whose
/// lock it can take (its process is gone, whatever PID or PID namespace it had).
public enum ScratchDirectory {
    /// A new empty directory named after `label`, inside this process's folder.
    public static func make(_ label: String = "test") throws -> URL {
        guard let root else { throw CocoaError(.fileWriteUnknown) }
        let directory = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        return directory
    }

    /// The path of a file named `name` in a new directory (the file is not created).
    public static func path(for name: String, label: String = "test") throws -> String {
        try make(label).appendingPathComponent(name).path
    }

    private static let prefix = "fanout-tests-"
    private static let ownerFile = ".owner"

    /// This process's folder, created (with its lock taken and its removal at exit arranged) on
    /// first use; nil when it cannot be created.
    private static let root: URL? = {
        let temporary = FileManager.default.temporaryDirectory
        removeFoldersOfEndedRuns(in: temporary)
        let folder = temporary.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString)")
        guard mkdir(folder.path, 0o700) == 0 else { return nil }
        // Held open, and locked, for the life of the process.
        let owner = open(folder.appendingPathComponent(ownerFile).path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard owner >= 0, flock(owner, LOCK_EX | LOCK_NB) == 0 else { return nil }
        removalPath = strdup(folder.path)
        atexit {
            guard let path = ScratchDirectory.removalPath else { return }
            try? FileManager.default.removeItem(atPath: String(cString: path))
        }
        return folder
    }()

    nonisolated(unsafe) private static var removalPath: UnsafeMutablePointer<CChar>?

    /// Removes this user's folders of test runs that ended without removing theirs: those whose
    /// owner lock is free.
    private static func removeFoldersOfEndedRuns(in temporary: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let folder = temporary.appendingPathComponent(name)
            var status = stat()
            guard lstat(folder.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == getuid()
            else { continue }
            let owner = open(folder.appendingPathComponent(ownerFile).path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            guard owner >= 0 else { continue }  // not (yet) a run's folder
            defer { close(owner) }
            if flock(owner, LOCK_EX | LOCK_NB) == 0 { try? FileManager.default.removeItem(at: folder) }
        }
    }
}

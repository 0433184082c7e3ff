import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Fresh directories for a test's files, all under one folder per test process that is removed
/// when the process exits.
///
/// The folder is `fanout-tests-PID` in the system's temporary directory. A run that is killed
/// cannot remove its own; the next run removes every such folder whose process is gone.
public enum ScratchDirectory {
    /// A new empty directory named after `label`, inside this process's folder.
    public static func make(_ label: String = "test") throws -> URL {
        let directory = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The path of a file named `name` in a new directory (the file is not created).
    public static func path(for name: String, label: String = "test") throws -> String {
        try make(label).appendingPathComponent(name).path
    }

    private static let prefix = "fanout-tests-"

    /// This process's folder, created (and its removal at exit arranged) on first use.
    private static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeFoldersOfEndedProcesses(in: temporary)
        let folder = temporary.appendingPathComponent(prefix + String(getpid()))
        try? FileManager.default.removeItem(at: folder)  // a reused PID's leftovers
        atexit {
            try? FileManager.default.removeItem(
                at: FileManager.default.temporaryDirectory.appendingPathComponent(
                    ScratchDirectory.prefix + String(getpid())
                )
            )
        }
        return folder
    }()

    /// Removes the folders of test processes that ended without removing theirs.
    private static func removeFoldersOfEndedProcesses(in temporary: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
    }
}

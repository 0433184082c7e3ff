import FanoutInput
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The files one command writes, all or none: each is written to a temporary file next to its
/// target, flushed to disk, and only when every one is complete are they renamed into place (and
/// their directories flushed).
///
/// Temporary files are named `.NAME.fanout-partial-PID`. SIGINT and SIGTERM remove them before
/// the process ends; after SIGKILL one can remain, and the next write to the same target removes
/// it (when its process is gone). An existing target that is a symbolic link, not a regular file,
/// or not writable is refused: Fanout replaces files it may write, it does not write through links
/// or change modes.
struct OutputFiles {
    private var staged: [(temporary: String, target: String)] = []

    /// Checks every target can be replaced, before anything is computed or written; `targets`
    /// pairs each file with the option that names it.
    static func check(_ targets: [(option: String, path: String)]) throws(InputError) {
        var seen: [String: (option: String, path: String)] = [:]
        for (option, target) in targets {
            let identity = Self.identity(of: target)
            if let other = seen[identity] {
                throw InputError(
                    source: option,
                    keyPath: "",
                    message: "names the same file as \(other.option) (\(other.path)); give each its own"
                )
            }
            seen[identity] = (option, target)
            var status = stat()
            guard lstat(target, &status) == 0 else {  // a new file, in a directory that must exist
                let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
                    isDirectory.boolValue
                else {
                    throw InputError(source: target, keyPath: "", message: "cannot write file (no such directory)")
                }
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                throw InputError(
                    source: target,
                    keyPath: "",
                    message: "is a symbolic link; Fanout does not write through links (name the file itself)"
                )
            case S_IFREG:
                // Mode bits as well as access(2): root may write anything, and still should not replace a 0444 file.
                guard status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) != 0, access(target, W_OK) == 0 else {
                    throw InputError(
                        source: target,
                        keyPath: "",
                        message: "exists and is read-only; Fanout does not replace it (remove it or make it writable)"
                    )
                }
            default:
                throw InputError(source: target, keyPath: "", message: "exists and is not a regular file")
            }
        }
    }

    /// The same string for two names of one file (`a.csv`, `./a.csv`, `dir/../a.csv`).
    private static func identity(of path: String) -> String {
        var status = stat()
        if stat(path, &status) == 0 { return "inode \(status.st_dev):\(status.st_ino)" }
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Writes `text` to a new temporary file next to `target` and flushes it to disk.
    mutating func stage(_ text: String, to target: String) throws(InputError) {
        func fail(_ what: String) -> InputError {
            InputError(
                source: target,
                keyPath: "",
                message: "cannot write file (\(what): \(String(cString: strerror(errno))))"
            )
        }
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).fanout-partial-"
        Self.sweep(directory: directory, prefix: prefix)
        let temporary = directory + "/" + prefix + String(getpid())
        PartialFiles.register(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            PartialFiles.unregister(temporary)
            throw fail("create")
        }
        staged.append((temporary, target))
        var existing = stat()
        if lstat(target, &existing) == 0 { fchmod(fd, existing.st_mode & 0o7777) }  // a replaced file keeps its mode
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, min(1 << 20, bytes.count - written)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                close(fd)
                abandon()
                throw fail("write")
            }
            written += n
            OutputFiles.pauseForTests()
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            abandon()
            throw fail("flush")
        }
    }

    /// Renames every staged file onto its target and flushes the directories.
    mutating func commit() throws(InputError) {
        for (temporary, target) in staged {
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                abandon()
                throw InputError(source: target, keyPath: "", message: "cannot write file (rename: \(reason))")
            }
            PartialFiles.unregister(temporary)
            let directory = open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
        staged.removeAll()
    }

    /// Removes every staged temporary file.
    mutating func abandon() {
        for (temporary, _) in staged {
            unlink(temporary)
            PartialFiles.unregister(temporary)
        }
        staged.removeAll()
    }

    /// Removes `prefix*` files in `directory` left by processes that no longer run (SIGKILL).
    ///
    /// Reads the directory's entries as C strings and compares their bytes: a directory of
    /// tens of thousands of files (a shared `/tmp`) costs a few instructions per entry, not a
    /// Swift `String` each.
    private static func sweep(directory: String, prefix: String) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        let prefixLength = prefix.utf8.count
        var leftovers: [(name: String, pid: pid_t)] = []
        while let entry = readdir(stream) {
            let name: String? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                // strncmp stops at the name's NUL: a short name is not read past its end.
                let characters = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                guard strncmp(characters, prefix, prefixLength) == 0 else { return nil }
                return String(cString: characters)
            }
            guard let name, let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            leftovers.append((name, pid))
        }
        for (name, pid) in leftovers where kill(pid, 0) != 0 && errno == ESRCH {
            unlink(directory + "/" + name)
        }
    }

    /// `FANOUT_TEST_WRITE_PAUSE_SECONDS`: sleep after each chunk, so a test can interrupt a write.
    private static func pauseForTests() {
        guard let text = ProcessInfo.processInfo.environment["FANOUT_TEST_WRITE_PAUSE_SECONDS"],
            let seconds = DecimalText.parse(text), seconds > 0, seconds < 600
        else { return }
        usleep(UInt32(seconds * 1e6))
    }
}

/// Temporary files to remove if SIGINT or SIGTERM arrives; the handler only calls `unlink`,
/// `signal` and `raise` (async-signal-safe) and reads a fixed table of C strings.
enum PartialFiles {
    private static let capacity = 8
    nonisolated(unsafe) private static let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
        capacity: capacity
    )
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        if !installed {
            paths.initialize(repeating: nil, count: capacity)
            installed = true
            var unblock = sigset_t()
            sigemptyset(&unblock)
            for sig in [SIGINT, SIGTERM] {
                // A parent may hand down these signals blocked (Foundation's Process does); an
                // ignored one stays ignored, as `nohup` and background jobs expect.
                sigaddset(&unblock, sig)
                var current = sigaction()
                sigaction(sig, nil, &current)
                if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }  // SIG_IGN
                signal(sig) { received in
                    for index in 0..<PartialFiles.capacity {
                        if let path = PartialFiles.paths[index] { unlink(path) }
                    }
                    signal(received, SIG_DFL)
                    raise(received)
                }
            }
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        }
        guard let slot = (0..<capacity).first(where: { paths[$0] == nil }) else { return }
        paths[slot] = strdup(path)
    }

    static func unregister(_ path: String) {
        guard installed else { return }
        for index in 0..<capacity {
            if let entry = paths[index], String(cString: entry) == path {
                paths[index] = nil
                free(entry)
            }
        }
    }
}

extension OutputFiles {
    /// Throws unless `path` names an existing file (a command that reads it must not create it).
    static func requireExisting(_ path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(source: path, keyPath: "", message: "no such file")
        }
        if isDirectory.boolValue { throw InputError(source: path, keyPath: "", message: "is a directory") }
    }
}

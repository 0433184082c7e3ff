import Foundation

/// The process's open-file limit (`RLIMIT_NOFILE`), which bounds the sockets it can hold.
public enum FileDescriptorLimit {
    /// Raises the soft limit to `wanted`: first the hard limit too where the process may (root, up
    /// to `fs.nr_open`), else the soft limit up to the hard one.
    ///
    /// - Returns: the soft limit before and after.
    @discardableResult
    public static func raise(toAtLeast wanted: Int) -> (before: Int, after: Int) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let before = Int(limit.rlim_cur)
        let target = rlim_t(max(wanted, before))
        if target > limit.rlim_cur {
            var raised = rlimit(rlim_cur: target, rlim_max: max(target, limit.rlim_max))
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
                limit.rlim_cur = min(target, limit.rlim_max)
                setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            }
        }
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return (before, Int(limit.rlim_cur))
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open files (`RLIMIT_NOFILE`), which bounds how many connections it can hold.
enum OpenFilesLimit {
    /// The soft limit in force.
    static var current: Int { limits.soft }

    /// The soft and the hard limit in force.
    static var limits: (soft: Int, hard: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (1024, 1024) }
        return (value(limit.rlim_cur), value(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one, as far as the process may, and says what they are.
    @discardableResult
    static func raiseToHard() -> (soft: Int, hard: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (current, current) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return (value(limit.rlim_cur), value(limit.rlim_max))
    }

    /// A limit as a count; "unlimited" (all bits set) as a very large one.
    private static func value(_ raw: rlim_t) -> Int {
        raw > rlim_t(Int32.max) ? Int(Int32.max) : Int(raw)
    }
}

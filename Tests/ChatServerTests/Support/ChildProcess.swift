import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a short command to its end with `posix_spawn` and `waitpid`, for the PostgreSQL helper, instead of
/// Foundation's `Process`, which has two hazards here (removing them did not cure the PostgreSQL suites'
/// occasional stall, whose cause is still open):
///
/// - Foundation learns that a child ended when a socket the child inherits closes, then calls a blocking
///   `waitpid` for that pid on its one manager thread. `pg_ctl start` hands that socket on to the
///   postmaster, which outlives it by minutes; by the time it closes, this machine's 32768 pids may have
///   wrapped and the pid belong to another child of the tests (a chat-server), and the manager thread
///   would wait on it, so no other `Process` would be seen to end and every `waitUntilExit()` would hang.
/// - A child spawned without closing descriptors inherits every one not marked close-on-exec, among them
///   the socket of a `Process` being started on another thread at that moment; a postmaster holding it
///   would keep that process "running" for Foundation long after it has gone.
///
/// So the child gets standard input from `/dev/null`, standard output and error on one pipe, every other
/// descriptor closed, the default signal handling and mask, and is reaped here and only here.
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` with `arguments` in `directory`, with this process's environment and `environment`
    /// over it; returns its exit status (128 + signal if killed) and everything it wrote to standard output
    /// and error. Blocks the calling thread: call it off the cooperative pool.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String = "/tmp",
        environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "pipe: \(errno)") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // Not inherited by what Foundation starts meanwhile (it closes all but the child's own); the children
        // started here close everything from 3 up anyway.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, STDERR_FILENO)
        guard let closeFrom = gnuAction("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self),
            let changeDirectory = gnuAction("posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self)
        else {
            close(writeEnd)
            throw Failure(description: "this C library lacks posix_spawn_file_actions_addclosefrom_np or _addchdir_np (glibc 2.34 has both)")
        }
        _ = closeFrom(&actions, 3)
        _ = directory.withCString { changeDirectory(&actions, $0) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(executable): \(spawned)") }

        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 {
                output += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid \(pid): \(errno)") }
        }
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, String(decoding: output, as: UTF8.self))
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `_np` spawn actions, which Swift's Glibc module does not declare (they need `_GNU_SOURCE`).
    private static func gnuAction<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}

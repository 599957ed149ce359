import CReadline
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The shell's persistent history: `$XDG_STATE_HOME/chatctl/history` (default `~/.local/state/chatctl/`),
/// at most ``limit`` lines, private to the user. Lines that start with a space, and lines that carry a
/// secret (a token, a password), are never written.
struct ShellHistory {
    let path: URL
    let limit: Int32

    init(environment: [String: String] = ProcessInfo.processInfo.environment, limit: Int32 = 1000) {
        let base: URL
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            base = URL(fileURLWithPath: state)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".local/state")
        }
        path = base.appendingPathComponent("chatctl").appendingPathComponent("history")
        self.limit = limit
    }

    /// Whether a line may be remembered.
    static func shouldKeep(_ line: String) -> Bool {
        guard !line.hasPrefix(" "), !line.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        let lowered = line.lowercased()
        let secrets = ["--token", "password", "chatctl_token", "chat_", "passwd "]
        return !secrets.contains { lowered.contains($0) }
    }

    func load() {
        using_history()
        stifle_history(limit)
        _ = read_history(path.path)
    }

    func add(_ line: String) {
        guard Self.shouldKeep(line) else { return }
        add_history(line)
        let directory = path.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let previous = umask(0o077)
        _ = write_history(path.path)
        umask(previous)
        _ = history_truncate_file(path.path, limit)
    }
}

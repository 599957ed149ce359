import AdminAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Logins kept by `chatctl login`, per server URL, in `$XDG_CONFIG_HOME/chatctl/credentials.json`
/// (default `~/.config/chatctl/`), a file of mode 0600 in a directory of mode 0700.
struct CredentialStore {
    struct Entry: Codable, Equatable {
        var token: String
        var username: String
        var expiresAt: Date?
    }

    let path: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base: URL
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            base = URL(fileURLWithPath: config)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        }
        path = base.appendingPathComponent("chatctl").appendingPathComponent("credentials.json")
    }

    func load() -> [String: Entry] {
        guard let data = try? Data(contentsOf: path) else { return [:] }
        return (try? AdminJSON.decoder().decode([String: Entry].self, from: data)) ?? [:]
    }

    func entry(for server: String) -> Entry? {
        load()[Self.key(server)]
    }

    func save(_ entry: Entry?, for server: String) throws {
        var entries = load()
        entries[Self.key(server)] = entry
        let directory = path.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try AdminJSON.encoder().encode(entries)
        let temporary = directory.appendingPathComponent(".credentials.\(getpid()).tmp")
        // Created 0600 before anything is written, then moved into place.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == data.count, rename(temporary.path, path.path) == 0 else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Servers are remembered without a trailing slash.
    static func key(_ server: String) -> String {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        return server
    }
}

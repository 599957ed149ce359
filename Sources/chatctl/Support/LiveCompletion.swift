import AdminAPI
import ArgumentParser
import Foundation

/// Live values for the bash, zsh and fish completion scripts: the shell runs chatctl itself to ask, and
/// chatctl asks the server it would talk to (the `--socket`, `--server` and `--token` already typed, or the
/// environment), giving up after two seconds with nothing rather than hanging the user's shell.
enum LiveCompletion {
    /// Words that are global options and their values, from a command line being completed.
    private static func connection(_ words: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if ["--socket", "--server", "--token"].contains(name) {
                kept.append(word)
                if !word.contains("="), index + 1 < words.count {
                    kept.append(words[index + 1])
                    index += 1
                }
            }
            index += 1
        }
        return kept
    }

    private static func client(_ words: [String]) -> AdminClient? {
        guard let options = try? GlobalOptions.parse(connection(words)), var client = try? options.client() else { return nil }
        client.timeout = .seconds(2)
        return client
    }

    @Sendable static func nicks(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        guard let client = client(words), let users: UserList = try? await client.get(AdminPaths.users) else { return [] }
        return users.users.map(\.nick).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func targets(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        guard let client = client(words) else { return [] }
        var values: [String] = []
        if let users: UserList = try? await client.get(AdminPaths.users) { values += users.users.map(\.nick) }
        if let hosts: HostList = try? await client.get(AdminPaths.hosts) { values += hosts.hosts.map(\.host) }
        return values.filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func bans(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await sanctions(AdminPaths.bans, words, prefix)
    }

    @Sendable static func mutes(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await sanctions(AdminPaths.mutes, words, prefix)
    }

    private static func sanctions(_ path: String, _ words: [String], _ prefix: String) async -> [String] {
        guard let client = client(words), let list: SanctionList = try? await client.get(path) else { return [] }
        return (list.sanctions.map(\.id) + list.sanctions.map(\.target)).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func accounts(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        guard let client = client(words), let list: AccountList = try? await client.get(AdminPaths.accounts) else { return [] }
        return list.accounts.map(\.username).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func tokens(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        guard let client = client(words), let list: TokenList = try? await client.get(AdminPaths.tokens) else { return [] }
        return list.tokens.map(\.id).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func overrides(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        guard let client = client(words), let list: OverrideList = try? await client.get(AdminPaths.overrides) else { return [] }
        return list.overrides.map(\.id).filter { $0.hasPrefix(prefix) }
    }

    static let durations = CompletionKind.list(["30s", "5m", "30m", "1h", "2h", "12h", "1d", "7d", "30d"])
}
